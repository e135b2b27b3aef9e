import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault, FaultRequest } from '../../../../local/kube-api/faults.js';
import { capturingLogger, eventually, type LocalCluster, startLocalCluster } from '../../../support/kube.js';
import { blueprintFrom, runBlueprintAction } from '../../../support/run-blueprint.js';

let faults: ((request: FaultRequest) => Fault | undefined) | undefined;
let cluster: LocalCluster;

const labels = { app: 'web' };
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    replicas: 2,
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
  },
};
const statefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: 'shop' },
  spec: {
    replicas: 1,
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres' }] } },
  },
};

// Scale down in the prehook, back to what it was in the posthook (Kanister's quiesce-by-scaling pattern).
const blueprint = blueprintFrom(`
apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata: { name: scale }
actions:
  backupPrehook:
    outputArtifacts:
      scale:
        keyValue:
          replicas: "{{ .Phases.down.Output.originalReplicaCount }}"
    phases:
    - func: ScaleWorkload
      name: down
      args:
        replicas: 0
  backupPosthook:
    inputArtifactNames: [scale]
    phases:
    - func: ScaleWorkload
      name: up
      args:
        replicas: "{{ .ArtifactsIn.scale.KeyValue.replicas }}"
`);

const running = async (app: string) =>
  (await cluster.core.listNamespacedPod({ namespace: 'shop', labelSelector: `app=${app}` })).items.filter(
    (p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp,
  ).length;

beforeAll(async () => {
  cluster = await startLocalCluster({ faults: (request) => faults?.(request) });
  await cluster.core.createNamespace({ body: { metadata: { name: 'shop' } } });
  await cluster.objects.create(deployment);
  await cluster.objects.create(statefulSet);
  await eventually(async () => (await running('web')) === 2 && (await running('db')) === 1);
});

afterAll(async () => {
  await cluster?.api.close();
});

const run = (
  action: string,
  kind: string,
  name: string,
  extra: Partial<Parameters<typeof runBlueprintAction>[0]> = {},
) =>
  runBlueprintAction({
    blueprint,
    action,
    subject: { kind, namespace: 'shop', name },
    clients: { kube: cluster.access },
    log: capturingLogger(),
    ...extra,
  });

describe('ScaleWorkload', () => {
  it('returns originalReplicaCount, waits until scaled down, and restores the count from it', async () => {
    const down = await run('backupPrehook', 'Deployment', 'web');
    expect(down.status).toBe('succeeded');
    expect(down.phases[0]?.output).toEqual({ originalReplicaCount: 2 });
    expect(await running('web')).toBe(0);

    const up = await run('backupPosthook', 'Deployment', 'web', {
      artifactsIn: { scale: { keyValue: down.artifacts?.scale?.keyValue ?? {} } },
    });
    expect(up.status).toBe('succeeded');
    expect(up.phases[0]?.output).toEqual({ originalReplicaCount: 0 });
    expect(await running('web')).toBe(2);
  });

  it('scales a StatefulSet the same way', async () => {
    const down = await run('backupPrehook', 'StatefulSet', 'db');
    expect(down.phases[0]?.output).toEqual({ originalReplicaCount: 1 });
    expect(await running('db')).toBe(0);
    const up = await run('backupPosthook', 'StatefulSet', 'db', {
      artifactsIn: { scale: { keyValue: { replicas: '1' } } },
    });
    expect(up.status).toBe('succeeded');
    expect(await running('db')).toBe(1);
  });

  it('retries the write after a 409 conflict and after an API 500', async () => {
    const injected: string[] = [];
    faults = (r) => {
      if (!r.path.endsWith('/deployments/web')) return undefined;
      if (r.method === 'PUT' && !injected.includes('409')) {
        injected.push('409');
        return { kind: 'status', code: 409, reason: 'Conflict', message: 'the object has been modified' };
      }
      if (r.method === 'GET' && !injected.includes('500')) {
        injected.push('500');
        return { kind: 'status', code: 500, message: 'etcdserver: leader changed' };
      }
      return undefined;
    };
    const down = await run('backupPrehook', 'Deployment', 'web');
    faults = undefined;
    expect(injected).toEqual(['500', '409']);
    expect(down.status).toBe('succeeded');
    expect(down.phases[0]?.output).toEqual({ originalReplicaCount: 2 });
    await run('backupPosthook', 'Deployment', 'web', { artifactsIn: { scale: { keyValue: { replicas: '2' } } } });
  });

  it('fails clearly when the API keeps answering 500', async () => {
    faults = (r) =>
      r.method === 'PUT' && r.path.endsWith('/deployments/web')
        ? { kind: 'status', code: 500, message: 'etcd is down' }
        : undefined;
    const result = await run('backupPrehook', 'Deployment', 'web');
    faults = undefined;
    expect(result.status).toBe('failed');
    expect(result.error?.message).toBe(
      'phase down (ScaleWorkload): update Deployment shop/web: etcd is down (HTTP 500 InternalError)',
    );
  });

  it('stops at the phase timeout when the API server does not answer', async () => {
    faults = (r) =>
      r.method === 'PUT' && r.path.endsWith('/deployments/web') ? { kind: 'delay', ms: 3000 } : undefined;
    const result = await run('backupPrehook', 'Deployment', 'web', { phaseSettings: () => ({ timeoutSeconds: 1 }) });
    faults = undefined;
    expect(result.status).toBe('failed');
    expect(result.error?.message).toBe('phase down (ScaleWorkload): timed out after 1s');
  });

  it('needs namespace, name and kind when the subject is not a workload', async () => {
    const result = await runBlueprintAction({
      blueprint,
      action: 'backupPrehook',
      clients: { kube: cluster.access },
      log: capturingLogger(),
    });
    expect(result.error?.message).toContain('Workload information not available via defaults');
  });
});
