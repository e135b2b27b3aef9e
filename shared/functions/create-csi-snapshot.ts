/**
 * CreateCSISnapshot: create a CSI VolumeSnapshot of a PVC and wait until it is ready to use.
 * Kanister: `pkg/function/create_csi_snapshot.go`.
 *
 * Holdfast adds the point in time: the function first waits until the snapshot's `status.creationTime` is set (the
 * storage system has cut it) and returns that time as `creationTime`; with `waitForReady: false` it returns right
 * then, so a run can unquiesce the application while the snapshot is still being copied, and wait for readiness
 * later (e.g. a WaitV2 phase on `{.status.readyToUse}`).
 */
import type { z } from 'zod';
import type { PhaseCall, PhaseOutput } from '../blueprint/functions-port.js';
import { createVolumeSnapshot, defaultSnapshotName, waitForVolumeSnapshot } from '../kube/csi.js';
import { needKube } from '../kube/proxy.js';
import { functionArgs, goBool, goString, goStringMap } from './arg-schemas.js';
import type { EdgeClients } from './ports.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('CreateCSISnapshot', {
  pvc: goString('the name of the PVC to snapshot'),
  namespace: goString('the namespace of the PVC'),
  snapshotClass: goString('a VolumeSnapshotClass name'),
  /** Default (Kanister): `<pvc>-snapshot-<5 characters>`. */
  name: goString('a VolumeSnapshot name').optional(),
  /** Sanitized as Kanister does (lower case, `[a-z0-9_-]`, 63 characters). */
  labels: goStringMap('labels for the VolumeSnapshot').optional(),
  /**
   * Holdfast: wait for `readyToUse` after the snapshot is cut (Kanister always waits). Default true.
   * `restoreSize` and `snapshotContent` may still be empty when false.
   */
  waitForReady: goBool('whether to wait until the snapshot is ready to use').default(true),
});

async function exec(call: PhaseCall<z.output<typeof args>>, clients: EdgeClients): Promise<PhaseOutput> {
  const { config } = needKube(clients, 'CreateCSISnapshot');
  const { pvc, namespace, snapshotClass, waitForReady } = call.args;
  const seed = JSON.stringify([call.run.runId, call.action, call.phase, namespace, pvc]);
  const name = call.args.name ?? defaultSnapshotName(pvc, seed);
  const request = { name, namespace, pvc, snapshotClass, labels: call.args.labels ?? {} };
  const target = { namespace, name };
  // Created once the wait is registered, so an event for the snapshot cannot be missed.
  const start = () => createVolumeSnapshot(config, request, call.signal);
  const cut = await waitForVolumeSnapshot(call.run, config, { ...target, stage: 'cut', start }, call.signal);
  const creationTime = cut?.status?.creationTime ?? '';
  call.log.info('volume snapshot cut', {
    snapshot: `${namespace}/${name}`,
    pvc,
    creationTime,
    observedAt: call.run.now().toISOString(),
  });
  const last = waitForReady
    ? await waitForVolumeSnapshot(call.run, config, { ...target, stage: 'ready' }, call.signal)
    : cut;
  return {
    name,
    pvc,
    namespace,
    restoreSize: last?.status?.restoreSize ?? '',
    snapshotContent: last?.status?.boundVolumeSnapshotContentName ?? '',
    creationTime,
  };
}

export const createCSISnapshot = {
  name: 'CreateCSISnapshot',
  summary: 'Create a CSI VolumeSnapshot of a PVC and wait until it is ready to use.',
  args,
  outputs: ['name', 'pvc', 'namespace', 'restoreSize', 'snapshotContent', 'creationTime'],
  needs: ['kubernetes'],
  origin: 'kanister',
  exec,
} as const satisfies FunctionSpec<typeof args>;
