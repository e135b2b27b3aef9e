/**
 * EKS IAM authentication tokens, as aws-iam-authenticator (`pkg/token/token.go`) and `aws eks get-token` make them:
 * `k8s-aws-v1.` + base64url (no padding) of an STS `GetCallerIdentity` URL on the regional endpoint, SigV4-presigned
 * with the signed header `x-k8s-aws-id: <cluster>` and `X-Amz-Expires=60`. STS accepts such a URL for 15 minutes
 * after its `X-Amz-Date`, so tokens are cached and re-signed after 14, like the authenticator's client.
 * Clock and credentials are injected: the same inputs always give the same token.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { EksAuthError } from './errors.js';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export type CredentialsProvider = () => Promise<AwsCredentials>;

export interface EksTokenOptions {
  readonly clusterName: string;
  readonly region: string;
  /** Static credentials, or a provider (e.g. an SDK client's `config.credentials`). */
  readonly credentials: AwsCredentials | CredentialsProvider;
  readonly now?: () => Date;
}

export interface EksToken {
  readonly token: string;
  /** When STS stops accepting the presigned URL (signing time + 15 min). */
  readonly expiresAt: Date;
}

export const TOKEN_PREFIX = 'k8s-aws-v1.';
const URL_VALIDITY_MS = 15 * 60_000;
/** aws-iam-authenticator's client treats tokens as expired a minute early; so do we. */
export const TOKEN_REFRESH_AFTER_MS = 14 * 60_000;
const PRESIGN_EXPIRES_SECONDS = 60;
const CLUSTER_ID_HEADER = 'x-k8s-aws-id';

/** The regional STS host, in the partition's DNS suffix. */
export function stsHost(region: string): string {
  return `sts.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

export async function signEksToken(opts: EksTokenOptions): Promise<EksToken> {
  const now = opts.now?.() ?? new Date();
  const host = stsHost(opts.region);
  const credentials = typeof opts.credentials === 'function' ? opts.credentials : async () => opts.credentials;
  const signer = new SignatureV4({
    service: 'sts',
    region: opts.region,
    credentials: credentials as CredentialsProvider,
    sha256: Sha256,
  });
  let presigned: Awaited<ReturnType<SignatureV4['presign']>>;
  try {
    presigned = await signer.presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: host,
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host, [CLUSTER_ID_HEADER]: opts.clusterName },
      },
      { expiresIn: PRESIGN_EXPIRES_SECONDS, signingDate: now },
    );
  } catch (error) {
    throw new EksAuthError(`cannot sign the EKS token for cluster ${opts.clusterName}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const url = `https://${host}/?${queryString(presigned.query ?? {})}`;
  const token = TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');
  return { token, expiresAt: new Date(now.getTime() + URL_VALIDITY_MS) };
}

/** Query parameters sorted by name and RFC 3986-encoded, as Go's `url.Values.Encode` writes them. */
function queryString(query: Record<string, string | string[] | null>): string {
  return Object.keys(query)
    .sort()
    .flatMap((key) => {
      const value = query[key];
      const values = Array.isArray(value) ? value : [value ?? ''];
      return values.map((v) => `${rfc3986(key)}=${rfc3986(v)}`);
    })
    .join('&');
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Hands out a valid token for one cluster, signing a new one 14 minutes after the last; concurrent callers
 * share one signing. Holds no per-run state: one source per cluster per container.
 */
export class EksTokenSource {
  private current: { token: string; signedAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly opts: EksTokenOptions) {}

  async token(): Promise<string> {
    const now = (this.opts.now?.() ?? new Date()).getTime();
    if (this.current && now - this.current.signedAt < TOKEN_REFRESH_AFTER_MS) return this.current.token;
    this.pending ??= signEksToken(this.opts)
      .then((signed) => {
        this.current = { token: signed.token, signedAt: signed.expiresAt.getTime() - URL_VALIDITY_MS };
        return signed.token;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}
