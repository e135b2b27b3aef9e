/**
 * Restoring a DB instance or an Aurora cluster from a snapshot INTO A GIVEN IDENTIFIER, as Kanister's
 * RestoreRDSSnapshot does (`pkg/function/restore_rds_snapshot.go`): the existing instance (or the cluster and its
 * members) is deleted without a final snapshot and awaited, then the snapshot is restored under the same identifier
 * and awaited; for Aurora a DB instance (`<cluster>-instance-1`, db.r5.large) is then added, since restoring a
 * cluster creates none. What a restore creates carries a `holdfast:restore` tag naming the run and phase, so a
 * retried phase recognises its own work and does not delete it again.
 */
import {
  CreateDBInstanceCommand,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  RestoreDBClusterFromSnapshotCommand,
  RestoreDBInstanceFromDBSnapshotCommand,
} from '@aws-sdk/client-rds';
import { dbAvailable, dbGone } from './checks.js';
import { type DbInfo, type DbKind, describeDb } from './describe.js';
import { hasRdsCode, RdsRunError } from './errors.js';
import type { RdsSession } from './session.js';
import { dbWaitId, dbWaitKind, waitUntil } from './waits.js';

export const RESTORE_TAG = 'holdfast:restore';

export interface RestoreRequest {
  readonly kind: DbKind;
  /** The instance (or cluster) identifier to restore into. */
  readonly dbId: string;
  readonly snapshotId: string;
  /** Undefined: RDS's default security group. */
  readonly securityGroups?: readonly string[];
  readonly subnetGroup: string;
  /** Aurora: the engine (`aurora-postgresql`, …) and the snapshot's engine version. */
  readonly engine?: string;
  readonly engineVersion?: string;
  /** `restoreMarker(...)`: tags what this phase creates. */
  readonly marker: string;
}

/** Replaces whatever has `dbId` with a restore of the snapshot; returns the restored DB once available. */
export async function restoreInto(s: RdsSession, req: RestoreRequest): Promise<DbInfo> {
  const existing = await describeDb(s, req.kind, req.dbId);
  if (existing?.tags[RESTORE_TAG] === req.marker) {
    s.log.info('adopting the restore a previous attempt started', { instanceID: req.dbId, status: existing.status });
    await awaitDbAvailable(s, req.kind, req.dbId, restoreOperation(req.kind));
  } else {
    if (existing) await deleteDb(s, req.kind, existing);
    await waitUntil(s, {
      kind: dbWaitKind(req.kind),
      id: dbWaitId(req.kind, s.region, req.dbId),
      timeoutSeconds: s.timeouts.instanceSeconds,
      start: () => startRestore(s, req),
      check: dbAvailable(s, req.kind, req.dbId, restoreOperation(req.kind)),
    });
  }
  if (req.kind === 'cluster') await ensureClusterInstance(s, req);
  const restored = await describeDb(s, req.kind, req.dbId);
  if (!restored)
    throw new RdsRunError('DBNotFound', restoreOperation(req.kind), req.dbId, 'vanished after restore', '');
  return restored;
}

const restoreOperation = (kind: DbKind) =>
  kind === 'instance' ? 'RestoreDBInstanceFromDBSnapshot' : 'RestoreDBClusterFromSnapshot';

async function startRestore(s: RdsSession, req: RestoreRequest): Promise<void> {
  const tags = [{ Key: RESTORE_TAG, Value: req.marker }];
  const groups = req.securityGroups ? [...req.securityGroups] : undefined;
  if (req.kind === 'instance') {
    const input = {
      DBInstanceIdentifier: req.dbId,
      DBSnapshotIdentifier: req.snapshotId,
      VpcSecurityGroupIds: groups,
      DBSubnetGroupName: req.subnetGroup,
      Tags: tags,
    };
    await s.send(restoreOperation('instance'), req.dbId, (c, signal) =>
      c.send(new RestoreDBInstanceFromDBSnapshotCommand(input), { abortSignal: signal }),
    );
    return;
  }
  const input = {
    DBClusterIdentifier: req.dbId,
    SnapshotIdentifier: req.snapshotId,
    Engine: req.engine,
    EngineVersion: req.engineVersion,
    VpcSecurityGroupIds: groups,
    DBSubnetGroupName: req.subnetGroup,
    Tags: tags,
  };
  await s.send(restoreOperation('cluster'), req.dbId, (c, signal) =>
    c.send(new RestoreDBClusterFromSnapshotCommand(input), { abortSignal: signal }),
  );
}

/** Kanister creates one instance in the restored cluster; so do we (once). */
async function ensureClusterInstance(s: RdsSession, req: RestoreRequest): Promise<void> {
  const cluster = await describeDb(s, 'cluster', req.dbId);
  if ((cluster?.members.length ?? 0) > 0) return;
  const instanceId = `${req.dbId}-instance-1`;
  if (!(await describeDb(s, 'instance', instanceId))) {
    const input = {
      DBInstanceIdentifier: instanceId,
      DBInstanceClass: 'db.r5.large',
      Engine: req.engine,
      DBClusterIdentifier: req.dbId,
      DBSubnetGroupName: req.subnetGroup,
      Tags: [{ Key: RESTORE_TAG, Value: req.marker }],
    };
    await s.send('CreateDBInstance', instanceId, (c, signal) =>
      c.send(new CreateDBInstanceCommand(input), { abortSignal: signal }),
    );
  }
  await awaitDbAvailable(s, 'instance', instanceId, 'CreateDBInstance');
}

export function awaitDbAvailable(s: RdsSession, kind: DbKind, id: string, operation: string): Promise<void> {
  return waitUntil(s, {
    kind: dbWaitKind(kind),
    id: dbWaitId(kind, s.region, id),
    timeoutSeconds: s.timeouts.instanceSeconds,
    check: dbAvailable(s, kind, id, operation),
  });
}

/** Deletes an instance (or a cluster after its members) without a final snapshot and waits until it is gone. */
export async function deleteDb(s: RdsSession, kind: DbKind, db: DbInfo): Promise<void> {
  for (const member of db.members) {
    const info = await describeDb(s, 'instance', member);
    if (info) await deleteDb(s, 'instance', info);
  }
  s.log.info(`deleting the existing ${kind === 'instance' ? 'DB instance' : 'DB cluster'}`, { id: db.id });
  await waitUntil(s, {
    kind: dbWaitKind(kind),
    id: dbWaitId(kind, s.region, db.id),
    timeoutSeconds: s.timeouts.instanceSeconds,
    start: () => startDelete(s, kind, db.id),
    check: dbGone(s, kind, db.id),
  });
}

async function startDelete(s: RdsSession, kind: DbKind, id: string): Promise<void> {
  try {
    await s.send(kind === 'instance' ? 'DeleteDBInstance' : 'DeleteDBCluster', id, (c, signal) =>
      kind === 'instance'
        ? c.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: id, SkipFinalSnapshot: true }), {
            abortSignal: signal,
          })
        : c.send(new DeleteDBClusterCommand({ DBClusterIdentifier: id, SkipFinalSnapshot: true }), {
            abortSignal: signal,
          }),
    );
  } catch (err) {
    // Gone already, or already being deleted (a retried phase): the wait that follows settles it.
    if (hasRdsCode(err, 'DBInstanceNotFound', 'DBClusterNotFound')) return;
    if (hasRdsCode(err, 'InvalidDBInstanceState', 'InvalidDBClusterState')) {
      if ((await describeDb(s, kind, id))?.status === 'deleting') return;
    }
    throw err;
  }
}

const SETTLED = /^(available|failed|stopped|deleting|storage-full|restore-error|incompatible-.*|inaccessible-.*)$/;

/**
 * Removes a DB this phase created (a temporary instance), whatever state it is in: RDS refuses to delete one that is
 * still being created, so that is awaited first. Absent counts as removed.
 */
export async function removeDb(s: RdsSession, kind: DbKind, id: string): Promise<void> {
  let db = await describeDb(s, kind, id);
  if (db && !SETTLED.test(db.status)) {
    await waitUntil(s, {
      kind: dbWaitKind(kind),
      id: dbWaitId(kind, s.region, id),
      timeoutSeconds: s.timeouts.instanceSeconds,
      check: async () => {
        db = await describeDb(s, kind, id);
        return db === undefined || SETTLED.test(db.status);
      },
    });
  }
  if (db) await deleteDb(s, kind, db);
}
