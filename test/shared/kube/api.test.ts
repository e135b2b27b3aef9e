import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault, FaultRequest } from '../../../local/kube-api/faults.js';
import { kubeApis, kubeCall } from '../../../shared/kube/api.js';
import { KubeAbortError, KubeApiError, KubeError } from '../../../shared/kube/errors.js';
import { kubeAccessFromKubeconfig } from '../../../shared/kube/kubeconfig.js';
import { type LocalCluster, startLocalCluster } from '../../support/kube.js';

let faults: ((request: FaultRequest) => Fault | undefined) | undefined;
let cluster: LocalCluster;
const dir = mkdtempSync(join(tmpdir(), 'holdfast-kubeconfig-'));

beforeAll(async () => {
  cluster = await startLocalCluster({ faults: (request) => faults?.(request), token: 'local-token' });
});

afterAll(async () => {
  await cluster?.api.close();
  rmSync(dir, { recursive: true, force: true });
});

const signal = new AbortController().signal;
const namespaces = (opts: { timeoutMs?: number; idempotent?: boolean; abort?: AbortSignal } = {}) => {
  const apis = kubeApis(cluster.access.config, {
    signal: opts.abort ?? signal,
    ...(opts.timeoutMs ? { requestTimeoutMs: opts.timeoutMs } : {}),
  });
  return kubeCall(
    'list namespaces',
    { signal: opts.abort ?? signal, idempotent: opts.idempotent ?? true, backoffMs: 20 },
    () => apis.core.listNamespace(),
  );
};

describe('API calls: retries and errors', () => {
  it('retries an idempotent call after a dropped connection and a 503', async () => {
    const seen: string[] = [];
    faults = (r) => {
      if (r.path !== '/api/v1/namespaces') return undefined;
      seen.push(r.method);
      if (seen.length === 1) return { kind: 'drop' };
      if (seen.length === 2) return { kind: 'status', code: 503, reason: 'ServiceUnavailable' };
      return undefined;
    };
    const list = await namespaces();
    faults = undefined;
    expect(seen).toHaveLength(3);
    expect(list.items.map((n) => n.metadata?.name)).toContain('default');
  });

  it('does not repeat a call that is not idempotent', async () => {
    let calls = 0;
    faults = (r) => {
      if (r.path !== '/api/v1/namespaces') return undefined;
      calls++;
      return { kind: 'status', code: 500 };
    };
    const error = await namespaces({ idempotent: false }).catch((e: unknown) => e);
    faults = undefined;
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).status).toBe(500);
  });

  it('gives up on a request that gets no answer within its deadline, saying so', async () => {
    faults = (r) => (r.path === '/api/v1/namespaces' ? { kind: 'delay', ms: 2000 } : undefined);
    const error = await namespaces({ timeoutMs: 100 }).catch((e: unknown) => e);
    faults = undefined;
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).status).toBe(0);
    expect((error as Error).message).toBe('list namespaces: the API server did not answer in time');
  });

  it('reports a caller abort as such, not as an API failure', async () => {
    faults = (r) => (r.path === '/api/v1/namespaces' ? { kind: 'delay', ms: 2000 } : undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await namespaces({ abort: controller.signal }).catch((e: unknown) => e);
    faults = undefined;
    expect(error).toBeInstanceOf(KubeAbortError);
  });

  it('quotes the Status message of a refused request', async () => {
    const apis = kubeApis(cluster.access.config, { signal });
    const error = await kubeCall('get pod default/nope', { signal, idempotent: true }, () =>
      apis.core.readNamespacedPod({ namespace: 'default', name: 'nope' }),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe('get pod default/nope: pods "nope" not found (HTTP 404 NotFound)');
    expect((error as KubeApiError).notFound).toBe(true);
  });
});

describe('kubeAccessFromKubeconfig', () => {
  const file = join(dir, 'config');
  const writeConfig = () =>
    writeFileSync(
      file,
      `apiVersion: v1
kind: Config
current-context: other
clusters:
- name: local
  cluster: { server: "${cluster.api.url}", insecure-skip-tls-verify: true }
users:
- name: me
  user: { token: local-token }
contexts:
- name: local
  context: { cluster: local, user: me, namespace: team-a }
- name: other
  context: { cluster: local, user: me }
`,
    );

  it('uses the named context, its namespace as the default, and its credentials', async () => {
    writeConfig();
    const access = kubeAccessFromKubeconfig({ file, context: 'local' });
    expect(access.defaultNamespace).toBe('team-a');
    const list = await kubeApis(access.config, { signal }).core.listNamespace();
    expect(list.items.length).toBeGreaterThan(0);
    expect(kubeAccessFromKubeconfig({ file }).defaultNamespace).toBe('default');
  });

  it('names the contexts it has when asked for one it lacks', () => {
    writeConfig();
    expect(() => kubeAccessFromKubeconfig({ file, context: 'prod' })).toThrow(KubeError);
    expect(() => kubeAccessFromKubeconfig({ file, context: 'prod' })).toThrow('(it has: local, other)');
  });
});
