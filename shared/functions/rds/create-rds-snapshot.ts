/**
 * CreateRDSSnapshot's execution: the snapshot is named from the run and phase (Kanister: instance id + random), so a
 * retried phase adopts it; the quota is checked first; RDS accepting it fixes the point in time (`acceptedAt`), then
 * the phase waits until it is available — unless the run's Options (ActionSet `options`, `.Options`) set
 * `holdfast.io/rds-snapshot-wait: accepted`, which a run that unquiesces at acceptance uses with an unchanged
 * blueprint. Outputs are Kanister's, plus `acceptedAt`; `allocatedStorage` is "0GiB" for Aurora, as in Kanister.
 */

import { describeDb } from '../../aws/rds/describe.js';
import { RdsRunError } from '../../aws/rds/errors.js';
import { snapshotIdentifier } from '../../aws/rds/identifiers.js';
import type { RdsOptions } from '../../aws/rds/session.js';
import { createSnapshot } from '../../aws/rds/snapshots.js';
import type { PhaseCall, PhaseOutput } from '../../blueprint/functions-port.js';
import type { CreateRDSSnapshotArgs } from '../create-rds-snapshot.js';
import type { EdgeClients } from '../ports.js';
import { kanisterYamlList, kindOf, withRdsSession } from './common.js';

/** The run option that makes CreateRDSSnapshot return at acceptance: `accepted`; default `available` (Kanister). */
export const SNAPSHOT_WAIT_OPTION = 'holdfast.io/rds-snapshot-wait';

function waitsForAvailable(params: Readonly<Record<string, unknown>>): boolean {
  const options = (params.Options ?? {}) as Record<string, unknown>;
  const value = options[SNAPSHOT_WAIT_OPTION];
  if (value === undefined || value === 'available') return true;
  if (value === 'accepted') return false;
  throw new RdsRunError(
    'InvalidOption',
    'CreateRDSSnapshot',
    SNAPSHOT_WAIT_OPTION,
    `is ${JSON.stringify(value)}`,
    'use "available" (wait, as Kanister) or "accepted" (return once RDS accepted the snapshot)',
  );
}

export function execCreateRDSSnapshot(
  call: PhaseCall<CreateRDSSnapshotArgs>,
  clients: EdgeClients,
  options: RdsOptions = {},
): Promise<PhaseOutput> {
  const { args } = call;
  const kind = kindOf(args.dbEngine);
  return withRdsSession(call, clients, args, options, async (s) => {
    const id = snapshotIdentifier(s.scope, args.instanceID);
    const snapshot = await createSnapshot(s, kind, args.instanceID, id, waitsForAvailable(call.params));
    const db = await describeDb(s, kind, args.instanceID);
    if (!db) {
      throw new RdsRunError(
        kind === 'instance' ? 'DBInstanceNotFound' : 'DBClusterNotFound',
        'CreateRDSSnapshot',
        args.instanceID,
        `the ${kind === 'instance' ? 'DB instance' : 'DB cluster'} is gone from ${s.region}`,
        'check instanceID and dbEngine',
      );
    }
    return {
      snapshotID: snapshot.id,
      instanceID: args.instanceID,
      securityGroupID: kanisterYamlList(db.securityGroups),
      allocatedStorage: `${snapshot.allocatedStorage}GiB`,
      dbSubnetGroup: db.subnetGroup ?? null,
      acceptedAt: snapshot.acceptedAt,
    };
  });
}
