/**
 * RestoreCSISnapshot: create a new PVC whose data source is a CSI VolumeSnapshot.
 * Kanister: `pkg/function/restore_csi_snapshot.go` (access modes, volume mode and a non-zero size are checked
 * there before the PVC is created, as here).
 */
import { functionArgs, goArg, goEnum, goString, goStringMap, quantity } from './arg-schemas.js';
import type { FunctionSpec } from './types.js';
import { decodeList, decodeString, WeakDecodeError } from './weak-decode.js';

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'] as const;
type AccessMode = (typeof ACCESS_MODES)[number];

function decodeAccessModes(value: unknown): AccessMode[] {
  return decodeList(value, (item) => {
    const mode = decodeString(item);
    const known = ACCESS_MODES.find((m) => m === mode);
    if (!known) throw new WeakDecodeError(`${JSON.stringify(mode)} is not an access mode (${ACCESS_MODES.join(', ')})`);
    return known;
  });
}

const args = functionArgs('RestoreCSISnapshot', {
  name: goString('the VolumeSnapshot name'),
  pvc: goString('a name for the new PVC'),
  namespace: goString('the namespace of the VolumeSnapshot and new PVC'),
  storageClass: goString('a StorageClass name'),
  restoreSize: quantity('the size of the new PVC', { positive: true }),
  accessModes: goArg('PVC access modes (list of strings)', decodeAccessModes).default(['ReadWriteOnce']),
  volumeMode: goEnum('the volume mode', ['Filesystem', 'Block']).default('Filesystem'),
  labels: goStringMap('labels for the new PVC').optional(),
});

export const restoreCSISnapshot = {
  name: 'RestoreCSISnapshot',
  summary: 'Create a new PVC from a CSI VolumeSnapshot.',
  args,
  outputs: [],
  needs: ['kubernetes'],
  origin: 'kanister',
} as const satisfies FunctionSpec<typeof args>;
