/**
 * Cluster access from an EKS cluster name + region (Lambda): endpoint and CA from `eks:DescribeCluster`, and an
 * authenticator that puts a current IAM token (eks-token.ts) on every request and WebSocket, so a client built
 * once keeps working past the token's 15 minutes.
 */
import { type Cluster, DescribeClusterCommand, type EKSClient } from '@aws-sdk/client-eks';
import { KubeConfig, type User } from '@kubernetes/client-node';
import type { KubeAccess } from '../functions/ports.js';
import { EksTokenSource } from './eks-token.js';
import { EksAuthError } from './errors.js';

/** The kubeconfig user the authenticator answers for. */
export const EKS_IAM_USER = 'holdfast-eks-iam';

export interface EksAccessOptions {
  readonly clusterName: string;
  readonly region: string;
  /** Built once per container by the runtime; its credentials also sign the tokens unless `tokens` is given. */
  readonly eks: EKSClient;
  readonly tokens?: EksTokenSource;
  /** Namespace for task pods when a blueprint names none. Default `default`. */
  readonly defaultNamespace?: string;
  readonly signal?: AbortSignal;
}

export async function eksKubeAccess(opts: EksAccessOptions): Promise<KubeAccess> {
  let described: Cluster | undefined;
  try {
    const out = await opts.eks.send(new DescribeClusterCommand({ name: opts.clusterName }), {
      abortSignal: opts.signal,
    });
    described = out.cluster;
  } catch (error) {
    throw new EksAuthError(`eks:DescribeCluster ${opts.clusterName}: ${(error as Error).message}`, { cause: error });
  }
  const endpoint = described?.endpoint;
  if (!endpoint) {
    throw new EksAuthError(`EKS cluster ${opts.clusterName} has no API endpoint yet (is it still being created?)`);
  }
  const tokens =
    opts.tokens ??
    new EksTokenSource({
      clusterName: opts.clusterName,
      region: opts.region,
      credentials: () => opts.eks.config.credentials(),
    });
  return {
    config: eksKubeConfig(opts.clusterName, endpoint, described?.certificateAuthority?.data, tokens),
    defaultNamespace: opts.defaultNamespace ?? 'default',
  };
}

/** A KubeConfig for an EKS endpoint whose requests carry a token from `tokens`. */
export function eksKubeConfig(
  clusterName: string,
  endpoint: string,
  caData: string | undefined,
  tokens: EksTokenSource,
): KubeConfig {
  const config = new KubeConfig();
  config.loadFromClusterAndUser(
    { name: clusterName, server: endpoint, skipTLSVerify: false, ...(caData ? { caData } : {}) },
    { name: EKS_IAM_USER },
  );
  config.addAuthenticator(new EksTokenAuthenticator(tokens));
  return config;
}

/** client-node's `Authenticator` (not exported by name). */
type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];
type AuthTarget = Parameters<Authenticator['applyAuthentication']>[1];

/** client-node asks this for every request (REST and WebSocket), so a refreshed token is always used. */
class EksTokenAuthenticator implements Authenticator {
  constructor(private readonly tokens: EksTokenSource) {}

  isAuthProvider(user: User): boolean {
    return user.name === EKS_IAM_USER;
  }

  async applyAuthentication(_user: User, opts: AuthTarget): Promise<void> {
    const token = await this.tokens.token();
    opts.headers = { ...opts.headers, Authorization: `Bearer ${token}` };
  }
}
