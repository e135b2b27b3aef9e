/**
 * The local Kubernetes API server for tests of the Kubernetes edge: started in-process, reached only through
 * `@kubernetes/client-node` (a KubeConfig with `skipTLSVerify`, which client-node needs for plain HTTP), plus the
 * small waits and logger captures those tests share.
 */
import { AppsV1Api, CoreV1Api, KubernetesObjectApi, type V1Pod } from '@kubernetes/client-node';
import type { KubeApiOptions } from '../../local/kube-api/options.js';
import { type KubeApi, startKubeApi } from '../../local/kube-api/server.js';
import type { Logger } from '../../shared/blueprint/run-context.js';
import type { KubeAccess } from '../../shared/functions/ports.js';
import { kubeAccessFromServer } from '../../shared/kube/kubeconfig.js';

export interface LocalCluster {
  readonly api: KubeApi;
  readonly access: KubeAccess;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly objects: KubernetesObjectApi;
}

export async function startLocalCluster(options: KubeApiOptions = {}): Promise<LocalCluster> {
  const api = await startKubeApi({ restartBackoffMs: 50, restartBackoffMaxMs: 200, shutdownGraceMs: 500, ...options });
  const access = kubeAccessFromServer({
    server: api.url,
    skipTLSVerify: true,
    defaultNamespace: 'default',
    ...(options.token ? { token: options.token } : {}),
  });
  return {
    api,
    access,
    core: access.config.makeApiClient(CoreV1Api),
    apps: access.config.makeApiClient(AppsV1Api),
    objects: KubernetesObjectApi.makeApiClient(access.config),
  };
}

/** Polls `check` until it returns something other than undefined/false, or rethrows its last failure. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = new Error('condition never became true');
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw last;
}

/** A pod whose single container just sleeps (no command): a target for exec. */
export function sleeperPod(namespace: string, name: string, extra: Partial<V1Pod['spec']> = {}): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { containers: [{ name: 'main', image: 'busybox' }], ...extra },
  };
}

export async function createRunningPod(cluster: LocalCluster, pod: V1Pod): Promise<void> {
  const namespace = pod.metadata?.namespace ?? 'default';
  await cluster.core.createNamespacedPod({ namespace, body: pod });
  await eventually(async () => {
    const current = await cluster.core.readNamespacedPod({ namespace, name: pod.metadata?.name ?? '' });
    return current.status?.phase === 'Running';
  });
}

export interface CapturedLog extends Logger {
  readonly entries: { level: string; message: string; fields?: Record<string, unknown> }[];
  /** Everything logged, as one string (for "never logged" assertions). */
  text(): string;
}

export function capturingLogger(): CapturedLog {
  const entries: CapturedLog['entries'] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      entries.push({ level, message, ...(fields ? { fields } : {}) });
    };
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => entries.map((e) => `${e.level} ${e.message} ${JSON.stringify(e.fields ?? {})}`).join('\n'),
  };
}
