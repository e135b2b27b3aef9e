/**
 * Cluster access from a kubeconfig (the CLI, tests, local mode): a file and context as kubectl would pick them,
 * or an explicit server for local stand-ins. The result is a `KubeAccess` the runtime builds once and injects.
 */
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeAccess } from '../functions/ports.js';
import { KubeError } from './errors.js';

export interface KubeconfigOptions {
  /** A kubeconfig file; default: $KUBECONFIG or ~/.kube/config, as kubectl. */
  readonly file?: string;
  /** A context name; default: the file's current context. */
  readonly context?: string;
  /** Namespace for task pods when a blueprint names none; default: the context's namespace, else `default`. */
  readonly defaultNamespace?: string;
}

export function kubeAccessFromKubeconfig(opts: KubeconfigOptions = {}): KubeAccess {
  const config = new KubeConfig();
  try {
    if (opts.file) config.loadFromFile(opts.file);
    else config.loadFromDefault();
  } catch (error) {
    const where = opts.file ?? 'the default kubeconfig';
    throw new KubeError(`cannot read ${where}: ${(error as Error).message}`, { cause: error });
  }
  if (opts.context) {
    if (!config.getContextObject(opts.context)) {
      const known = config.getContexts().map((c) => c.name);
      throw new KubeError(`kubeconfig has no context "${opts.context}" (it has: ${known.join(', ') || 'none'})`);
    }
    config.setCurrentContext(opts.context);
  }
  if (!config.getCurrentCluster()) {
    throw new KubeError('the kubeconfig has no current context with a cluster; pass a context name');
  }
  const contextNamespace = config.getContextObject(config.getCurrentContext())?.namespace;
  return { config, defaultNamespace: opts.defaultNamespace ?? contextNamespace ?? 'default' };
}

export interface ServerOptions {
  /** `https://…` (or `http://…` with `skipTLSVerify`, which client-node requires for plain HTTP). */
  readonly server: string;
  readonly token?: string;
  /** Base64 PEM of the cluster CA. */
  readonly caData?: string;
  readonly skipTLSVerify?: boolean;
  readonly defaultNamespace?: string;
}

/** Access to an API server given by URL (local stand-ins, tests, a cluster reached without a kubeconfig). */
export function kubeAccessFromServer(opts: ServerOptions): KubeAccess {
  const config = new KubeConfig();
  config.loadFromClusterAndUser(
    {
      name: 'holdfast-cluster',
      server: opts.server,
      skipTLSVerify: opts.skipTLSVerify ?? false,
      ...(opts.caData ? { caData: opts.caData } : {}),
    },
    { name: 'holdfast', ...(opts.token ? { token: opts.token } : {}) },
  );
  return { config, defaultNamespace: opts.defaultNamespace ?? 'default' };
}
