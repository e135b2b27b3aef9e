import { Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clients, eventually, startLocal, statusOf } from './helpers.js';

const SNAPSHOTS = { group: 'snapshot.storage.k8s.io', version: 'v1' };

interface SnapshotStatus {
  creationTime?: string;
  readyToUse?: boolean;
  boundVolumeSnapshotContentName?: string;
  restoreSize?: string;
}

describe('local kube-api: volume snapshots and custom resources', () => {
  let local: Clients & { api: { close(): Promise<void> } };
  const namespace = 'snap';

  beforeAll(async () => {
    local = await startLocal({ snapshotCreationDelayMs: 200, snapshotReadyDelayMs: 400 });
    await local.core.createNamespace({ body: { metadata: { name: namespace } } });
  });
  afterAll(async () => {
    await local.api.close();
  });

  it('binds a PVC and snapshots it: creationTime first, readyToUse later, with a bound content', async () => {
    await local.core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } },
      },
    });
    const pvc = await eventually(async () => {
      const claim = await local.core.readNamespacedPersistentVolumeClaim({ name: 'data', namespace });
      return claim.status?.phase === 'Bound' ? claim : undefined;
    });
    expect(pvc.spec?.volumeName).toBe(`pvc-${pvc.metadata?.uid}`);

    const seen: SnapshotStatus[] = [];
    const controller = await new Watch(local.kc).watch(
      `/apis/snapshot.storage.k8s.io/v1/namespaces/${namespace}/volumesnapshots`,
      {},
      (_type, object: { status?: SnapshotStatus }) => seen.push({ ...object.status }),
      () => undefined,
    );
    await local.custom.createNamespacedCustomObject({
      ...SNAPSHOTS,
      namespace,
      plural: 'volumesnapshots',
      body: {
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshot',
        metadata: { name: 'data-snap' },
        spec: { volumeSnapshotClassName: 'holdfast-local', source: { persistentVolumeClaimName: 'data' } },
      },
    });
    await eventually(() => seen.some((s) => s.readyToUse === true));
    controller.abort();
    const taken = seen.findIndex((s) => s.creationTime !== undefined);
    const ready = seen.findIndex((s) => s.readyToUse === true);
    expect(taken).toBeGreaterThan(0);
    expect(seen[taken]?.readyToUse).toBe(false);
    expect(ready).toBeGreaterThan(taken);
    expect(seen[ready]?.restoreSize).toBe('2Gi');

    const contentName = seen[ready]?.boundVolumeSnapshotContentName ?? '';
    const content = (await local.custom.getClusterCustomObject({
      ...SNAPSHOTS,
      plural: 'volumesnapshotcontents',
      name: contentName,
    })) as {
      spec: { volumeSnapshotRef: { name: string }; driver: string };
      status: { readyToUse: boolean; restoreSize: number };
    };
    expect(content.spec.volumeSnapshotRef.name).toBe('data-snap');
    expect(content.status).toMatchObject({ readyToUse: true, restoreSize: 2 * 1024 ** 3 });

    await local.custom.deleteNamespacedCustomObject({
      ...SNAPSHOTS,
      namespace,
      plural: 'volumesnapshots',
      name: 'data-snap',
    });
    await eventually(async () => {
      const gone = await statusOf(
        local.custom.getClusterCustomObject({ ...SNAPSHOTS, plural: 'volumesnapshotcontents', name: contentName }),
      );
      return gone.code === 404;
    });
  });

  it('serves a custom resource once its CRD exists, and withdraws it with the CRD', async () => {
    const crd = {
      metadata: { name: 'blueprints.cr.kanister.io' },
      spec: {
        group: 'cr.kanister.io',
        scope: 'Namespaced',
        names: { plural: 'blueprints', singular: 'blueprint', kind: 'Blueprint', shortNames: ['bp'] },
        versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      },
    };
    const badCrd = await statusOf(
      local.objects.create({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        ...crd,
        metadata: { name: 'wrong' },
      }),
    );
    expect(badCrd.code).toBe(422);
    await local.objects.create({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', ...crd });
    const blueprint = {
      apiVersion: 'cr.kanister.io/v1alpha1',
      kind: 'Blueprint',
      metadata: { name: 'pg', namespace },
      actions: { backup: { phases: [{ func: 'KubeTask', name: 'dump', args: { command: ['pg_dump'] } }] } },
    };
    await local.objects.create(blueprint);
    const read = (await local.custom.getNamespacedCustomObject({
      group: 'cr.kanister.io',
      version: 'v1alpha1',
      namespace,
      plural: 'blueprints',
      name: 'pg',
    })) as typeof blueprint;
    expect(read.actions).toEqual(blueprint.actions);
    const list = await local.objects.list('cr.kanister.io/v1alpha1', 'Blueprint', namespace);
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['pg']);

    await local.objects.delete({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: crd.metadata.name },
    });
    await eventually(async () => {
      const gone = await statusOf(
        local.custom.listNamespacedCustomObject({
          group: 'cr.kanister.io',
          version: 'v1alpha1',
          namespace,
          plural: 'blueprints',
        }),
      );
      return gone.code === 404;
    });
  });
});
