/**
 * CreateCSISnapshot: create a CSI VolumeSnapshot of a PVC and wait until it is ready to use.
 * Kanister: `pkg/function/create_csi_snapshot.go`.
 */
import { functionArgs, goString, goStringMap } from './arg-schemas.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('CreateCSISnapshot', {
  pvc: goString('the name of the PVC to snapshot'),
  namespace: goString('the namespace of the PVC'),
  snapshotClass: goString('a VolumeSnapshotClass name'),
  /** Default (Kanister): `<pvc>-snapshot-<5 random characters>`. */
  name: goString('a VolumeSnapshot name').optional(),
  labels: goStringMap('labels for the VolumeSnapshot').optional(),
});

export const createCSISnapshot = {
  name: 'CreateCSISnapshot',
  summary: 'Create a CSI VolumeSnapshot of a PVC and wait until it is ready to use.',
  args,
  outputs: ['name', 'pvc', 'namespace', 'restoreSize', 'snapshotContent'],
  needs: ['kubernetes'],
  origin: 'kanister',
} as const satisfies FunctionSpec<typeof args>;
