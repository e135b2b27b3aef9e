/**
 * DeleteCSISnapshot: delete a CSI VolumeSnapshot and wait until it is gone.
 * Kanister: `pkg/function/delete_csi_snapshot.go`.
 */
import type { z } from 'zod';
import type { PhaseCall, PhaseOutput } from '../blueprint/functions-port.js';
import { deleteVolumeSnapshot, getVolumeSnapshot, waitForVolumeSnapshot } from '../kube/csi.js';
import { needKube } from '../kube/proxy.js';
import { functionArgs, goString } from './arg-schemas.js';
import type { EdgeClients } from './ports.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('DeleteCSISnapshot', {
  name: goString('the VolumeSnapshot name'),
  namespace: goString('the namespace of the VolumeSnapshot'),
});

/** A snapshot that is already gone is not an error (Kanister's `deleteSnapshot` ignores NotFound too). */
async function exec(call: PhaseCall<z.output<typeof args>>, clients: EdgeClients): Promise<PhaseOutput | undefined> {
  const { config } = needKube(clients, 'DeleteCSISnapshot');
  const { name, namespace } = call.args;
  if (!(await getVolumeSnapshot(config, namespace, name, call.signal))) return undefined;
  const start = () => deleteVolumeSnapshot(config, namespace, name, call.signal);
  await waitForVolumeSnapshot(call.run, config, { namespace, name, stage: 'gone', start }, call.signal);
  call.log.info('volume snapshot deleted', { snapshot: `${namespace}/${name}` });
  return undefined;
}

export const deleteCSISnapshot = {
  name: 'DeleteCSISnapshot',
  summary: 'Delete a CSI VolumeSnapshot and wait until it is gone.',
  args,
  outputs: [],
  needs: ['kubernetes'],
  origin: 'kanister',
  exec,
} as const satisfies FunctionSpec<typeof args>;
