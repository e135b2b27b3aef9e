/**
 * RestoreCSISnapshot: create a new PVC whose data source is a CSI VolumeSnapshot.
 * Kanister: `pkg/function/restore_csi_snapshot.go` (access modes, volume mode and a non-zero size are checked
 * there before the PVC is created, as here).
 */
import type { z } from 'zod';
import type { PhaseCall, PhaseOutput } from '../blueprint/functions-port.js';
import { createClaimFromSnapshot } from '../kube/csi.js';
import { needKube } from '../kube/proxy.js';
import { functionArgs, goArg, goEnum, goString, goStringMap, quantity } from './arg-schemas.js';
import type { EdgeClients } from './ports.js';
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

/** Like Kanister, returns no output and does not wait for the new PVC to bind. */
async function exec(call: PhaseCall<z.output<typeof args>>, clients: EdgeClients): Promise<PhaseOutput | undefined> {
  const { config } = needKube(clients, 'RestoreCSISnapshot');
  const { name, ...claim } = call.args;
  await createClaimFromSnapshot(config, { snapshot: name, ...claim }, call.signal);
  call.log.info('PVC created from volume snapshot', { pvc: `${claim.namespace}/${claim.pvc}`, snapshot: name });
  return undefined;
}

export const restoreCSISnapshot = {
  name: 'RestoreCSISnapshot',
  summary: 'Create a new PVC from a CSI VolumeSnapshot.',
  args,
  outputs: [],
  needs: ['kubernetes'],
  origin: 'kanister',
  exec,
} as const satisfies FunctionSpec<typeof args>;
