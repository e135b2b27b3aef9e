/**
 * DeleteCSISnapshot: delete a CSI VolumeSnapshot and wait until it is gone.
 * Kanister: `pkg/function/delete_csi_snapshot.go`.
 */
import { functionArgs, goString } from './arg-schemas.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('DeleteCSISnapshot', {
  name: goString('the VolumeSnapshot name'),
  namespace: goString('the namespace of the VolumeSnapshot'),
});

export const deleteCSISnapshot = {
  name: 'DeleteCSISnapshot',
  summary: 'Delete a CSI VolumeSnapshot and wait until it is gone.',
  args,
  outputs: [],
  needs: ['kubernetes'],
  origin: 'kanister',
} as const satisfies FunctionSpec<typeof args>;
