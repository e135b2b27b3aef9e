import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCSISnapshot } from '../../../../shared/functions/create-csi-snapshot.js';
import { deleteCSISnapshot } from '../../../../shared/functions/delete-csi-snapshot.js';
import { restoreCSISnapshot } from '../../../../shared/functions/restore-csi-snapshot.js';
import { defaultSnapshotName, sanitizeLabels, type VolumeSnapshot } from '../../../../shared/kube/csi.js';
import { type Edge, execute, invocation, startEdge } from './edge-harness.js';

const namespace = 'db';

describe('CSI snapshot functions against the local API server', () => {
  let edge: Edge;
  const snapshot = async (name: string) =>
    (await edge.custom.getNamespacedCustomObject({
      group: 'snapshot.storage.k8s.io',
      version: 'v1',
      namespace,
      plural: 'volumesnapshots',
      name,
    })) as VolumeSnapshot;

  beforeAll(async () => {
    // The snapshot is cut quickly and then takes a while to be ready: the window a run can unquiesce in.
    edge = await startEdge({ snapshotCreationDelayMs: 100, snapshotReadyDelayMs: 1500 });
    await edge.core.createNamespace({ body: { metadata: { name: namespace } } });
    await edge.core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: {
        metadata: { name: 'data-pg-0' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } },
      },
    });
  });
  afterAll(async () => {
    await edge.close();
  });

  it('observes the point in time (creationTime) before readiness, then returns Kanister outputs plus creationTime', async () => {
    const atCut: VolumeSnapshot[] = [];
    const invoked = invocation(
      createCSISnapshot,
      { pvc: 'data-pg-0', namespace, snapshotClass: 'holdfast-local', labels: { 'app.kubernetes.io/name': 'PG' } },
      {
        afterWait: async (key) => {
          if (atCut.length === 0) atCut.push(await snapshot(key.id.split('/')[1] ?? ''));
        },
      },
    );
    const output = await execute(createCSISnapshot, edge, invoked);
    const name = String(output?.name);
    expect(name).toMatch(/^data-pg-0-snapshot-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    // The first wait ended with the snapshot cut but not yet ready; the function went on to wait for readiness.
    expect(invoked.waits).toEqual([
      { kind: 'VolumeSnapshot', id: `${namespace}/${name}` },
      { kind: 'VolumeSnapshot', id: `${namespace}/${name}` },
    ]);
    expect(atCut[0]?.status?.creationTime).toBeTruthy();
    expect(atCut[0]?.status?.readyToUse).toBe(false);
    const ready = await snapshot(name);
    expect(ready.status?.readyToUse).toBe(true);
    expect(ready.metadata.labels).toEqual({ app_kubernetes_io_name: 'pg' });
    expect(output).toEqual({
      name,
      pvc: 'data-pg-0',
      namespace,
      restoreSize: ready.status?.restoreSize,
      snapshotContent: ready.status?.boundVolumeSnapshotContentName,
      creationTime: atCut[0]?.status?.creationTime,
    });
    expect(output?.snapshotContent).toMatch(/^snapcontent-/);
  });

  it('returns as soon as the snapshot is cut when waitForReady is false', async () => {
    const invoked = invocation(createCSISnapshot, {
      pvc: 'data-pg-0',
      namespace,
      snapshotClass: 'holdfast-local',
      name: 'quick',
      waitForReady: 'false',
    });
    const output = await execute(createCSISnapshot, edge, invoked);
    const right = await snapshot('quick');
    expect(invoked.waits).toHaveLength(1);
    expect(output?.creationTime).toBe(right.status?.creationTime);
    expect(right.status?.readyToUse).toBe(false);
  });

  it('adopts the snapshot an earlier attempt of the same phase created, and refuses a foreign one', async () => {
    const args = { pvc: 'data-pg-0', namespace, snapshotClass: 'holdfast-local' };
    const first = await execute(createCSISnapshot, edge, invocation(createCSISnapshot, args, { runId: 'run-1' }));
    const retried = await execute(createCSISnapshot, edge, invocation(createCSISnapshot, args, { runId: 'run-1' }));
    expect(retried?.name).toBe(first?.name);
    const other = await execute(createCSISnapshot, edge, invocation(createCSISnapshot, args, { runId: 'run-2' }));
    expect(other?.name).not.toBe(first?.name);

    await edge.core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: {
        metadata: { name: 'other' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    });
    const foreign = { pvc: 'other', namespace, snapshotClass: 'holdfast-local', name: String(first?.name) };
    await expect(execute(createCSISnapshot, edge, invocation(createCSISnapshot, foreign))).rejects.toThrow(
      /already exists and is not a snapshot of other/,
    );
  });

  it('fails clearly for a missing PVC, as Kanister does', async () => {
    const args = { pvc: 'nope', namespace, snapshotClass: 'holdfast-local' };
    await expect(execute(createCSISnapshot, edge, invocation(createCSISnapshot, args))).rejects.toThrow(
      'Failed to find PVC nope in namespace db',
    );
  });

  it('restores a PVC from the snapshot and deletes the snapshot, waiting until it is gone', async () => {
    const created = await execute(
      createCSISnapshot,
      edge,
      invocation(createCSISnapshot, {
        pvc: 'data-pg-0',
        namespace,
        snapshotClass: 'holdfast-local',
        name: 'to-restore',
      }),
    );
    const restoreArgs = {
      name: 'to-restore',
      pvc: 'data-pg-0-restored',
      namespace,
      storageClass: 'standard',
      restoreSize: created?.restoreSize,
      labels: { restored: 'yes' },
    };
    expect(await execute(restoreCSISnapshot, edge, invocation(restoreCSISnapshot, restoreArgs))).toBeUndefined();
    // A retried attempt finds its own PVC.
    await execute(restoreCSISnapshot, edge, invocation(restoreCSISnapshot, restoreArgs));
    const claim = await edge.core.readNamespacedPersistentVolumeClaim({ name: 'data-pg-0-restored', namespace });
    expect(claim.metadata?.labels).toEqual({ restored: 'yes' });
    expect(claim.spec).toMatchObject({
      accessModes: ['ReadWriteOnce'],
      volumeMode: 'Filesystem',
      storageClassName: 'standard',
      dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'to-restore' },
      resources: { requests: { storage: created?.restoreSize } },
    });

    const deleting = invocation(deleteCSISnapshot, { name: 'to-restore', namespace });
    expect(await execute(deleteCSISnapshot, edge, deleting)).toBeUndefined();
    await expect(snapshot('to-restore')).rejects.toMatchObject({ code: 404 });
    // Deleting again is not an error.
    await execute(deleteCSISnapshot, edge, invocation(deleteCSISnapshot, { name: 'to-restore', namespace }));
  });
});

describe('CSI snapshot naming and labels', () => {
  it('derives the default name from its seed, in Kanister’s shape', () => {
    expect(defaultSnapshotName('data', 'a')).toBe(defaultSnapshotName('data', 'a'));
    expect(defaultSnapshotName('data', 'a')).not.toBe(defaultSnapshotName('data', 'b'));
  });

  it('sanitizes labels as Kanister’s SanitizeTags does', () => {
    expect(sanitizeLabels({ 'app.kubernetes.io/name': 'My.App-', team: 'x'.repeat(70) })).toEqual({
      app_kubernetes_io_name: 'my_app',
      team: 'x'.repeat(63),
    });
  });
});
