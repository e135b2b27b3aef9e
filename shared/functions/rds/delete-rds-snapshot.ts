/**
 * DeleteRDSSnapshot's execution: delete the snapshot (an Aurora cluster snapshot for Aurora engines) and wait until it
 * is gone; a snapshot that is already gone counts as deleted, as in Kanister. No outputs.
 */

import type { RdsOptions } from '../../aws/rds/session.js';
import { deleteSnapshot } from '../../aws/rds/snapshots.js';
import type { PhaseCall, PhaseOutput } from '../../blueprint/functions-port.js';
import type { DeleteRDSSnapshotArgs } from '../delete-rds-snapshot.js';
import type { EdgeClients } from '../ports.js';
import { kindOf, withRdsSession } from './common.js';

export function execDeleteRDSSnapshot(
  call: PhaseCall<DeleteRDSSnapshotArgs>,
  clients: EdgeClients,
  options: RdsOptions = {},
): Promise<PhaseOutput> {
  const { args } = call;
  return withRdsSession(call, clients, args, options, async (s) => {
    const result = await deleteSnapshot(s, kindOf(args.dbEngine), args.snapshotID);
    if (result === 'absent') {
      s.log.info('the snapshot was already gone; counting it as deleted', { snapshotID: args.snapshotID });
    }
    return {};
  });
}
