/**
 * RestoreRDSSnapshot's execution, as Kanister does it: with a snapshotID, the DB instance (Aurora: the cluster) is
 * replaced in place — deleted without a final snapshot, then restored from the snapshot under the same identifier and
 * awaited; security groups default to the existing instance's. Without one, a PostgreSQL dump from the location is
 * restored into the existing instance through a task pod. Output `endpoint` (the address) on both paths; Kanister
 * returns it from the dump path only.
 */

import { describeDb, describeSnapshot } from '../../aws/rds/describe.js';
import { RdsRunError } from '../../aws/rds/errors.js';
import { dumpTaskName, restoreMarker } from '../../aws/rds/identifiers.js';
import { restoreInto } from '../../aws/rds/restores.js';
import type { RdsOptions, RdsSession } from '../../aws/rds/session.js';
import type { PhaseCall, PhaseOutput } from '../../blueprint/functions-port.js';
import type { EdgeClients } from '../ports.js';
import type { RestoreRDSSnapshotArgs } from '../restore-rds-snapshot.js';
import { kindOf, withRdsSession } from './common.js';
import { type DumpRunnerFactory, DumpRunnerMissingError } from './dump-runner.js';

export interface RestoreOptions extends RdsOptions {
  readonly dumpRunner?: DumpRunnerFactory;
}

export function execRestoreRDSSnapshot(
  call: PhaseCall<RestoreRDSSnapshotArgs>,
  clients: EdgeClients,
  options: RestoreOptions = {},
): Promise<PhaseOutput> {
  const { args } = call;
  return withRdsSession(call, clients, args, options, (s) =>
    args.snapshotID ? fromSnapshot(s, args, args.snapshotID) : fromDump(s, call, clients, options),
  );
}

async function fromSnapshot(s: RdsSession, args: RestoreRDSSnapshotArgs, snapshotId: string): Promise<PhaseOutput> {
  const kind = kindOf(args.dbEngine);
  const snapshot = await describeSnapshot(s, kind, snapshotId);
  if (!snapshot) {
    throw new RdsRunError(
      kind === 'instance' ? 'DBSnapshotNotFound' : 'DBClusterSnapshotNotFound',
      'RestoreRDSSnapshot',
      snapshotId,
      `no such ${kind === 'instance' ? 'DB snapshot' : 'DB cluster snapshot'} in ${s.region}`,
      'check snapshotID, dbEngine and region (a copy in another region needs region set to it)',
    );
  }
  const securityGroups = args.securityGroupID ?? (await existingSecurityGroups(s, kind, args.instanceID));
  const restored = await restoreInto(s, {
    kind,
    dbId: args.instanceID,
    snapshotId,
    securityGroups,
    subnetGroup: args.dbSubnetGroup,
    engine: kind === 'cluster' ? args.dbEngine : undefined,
    engineVersion: kind === 'cluster' ? snapshot.engineVersion : undefined,
    marker: restoreMarker(s.scope, snapshotId),
  });
  return { endpoint: restored.address ?? '' };
}

/** Kanister reads them from the instance being replaced; an Aurora cluster that is gone leaves RDS's default. */
async function existingSecurityGroups(s: RdsSession, kind: 'instance' | 'cluster', id: string) {
  const db = await describeDb(s, kind, id);
  if (db) return db.securityGroups;
  if (kind === 'cluster') return undefined;
  throw new RdsRunError(
    'DBInstanceNotFound',
    'RestoreRDSSnapshot',
    id,
    `the DB instance is not in ${s.region}, so its security groups cannot be reused`,
    'pass securityGroupID (CreateRDSSnapshot outputs it) to restore into a new instance',
  );
}

async function fromDump(
  s: RdsSession,
  call: PhaseCall<RestoreRDSSnapshotArgs>,
  clients: EdgeClients,
  options: RestoreOptions,
): Promise<PhaseOutput> {
  const { args } = call;
  const runner = options.dumpRunner?.(clients);
  if (!runner) throw new DumpRunnerMissingError('RestoreRDSSnapshot');
  const db = await describeDb(s, 'instance', args.instanceID);
  if (!db?.address) {
    throw new RdsRunError('DBInstanceNotFound', 'RestoreRDSSnapshot', args.instanceID, `not in ${s.region}`, '');
  }
  const path = `${args.backupArtifactPrefix ?? ''}/${args.backupID ?? ''}`;
  await runner.restore({
    namespace: args.namespace ?? '',
    taskName: dumpTaskName(s.scope, path),
    host: db.address,
    port: db.port ?? 5432,
    username: (args.username ?? '').trim(),
    password: (args.password ?? '').trim(),
    path,
    podAnnotations: args.podAnnotations,
    podLabels: args.podLabels,
    signal: call.signal,
  });
  return { endpoint: db.address };
}
