/**
 * Taking, awaiting and deleting DB (cluster) snapshots, idempotently. A snapshot's point in time is fixed when RDS
 * ACCEPTS the create call, long before it is `available` (minutes to hours later): `takeSnapshot` returns at
 * acceptance, `awaitSnapshotAvailable` waits for the rest, and `createSnapshot` does both (Kanister's behaviour).
 * A retried step finds the snapshot its first attempt created (by its derived name) and adopts it.
 */
import {
  CreateDBClusterSnapshotCommand,
  CreateDBSnapshotCommand,
  DeleteDBClusterSnapshotCommand,
  DeleteDBSnapshotCommand,
} from '@aws-sdk/client-rds';
import { snapshotAvailable } from './checks.js';
import { type DbKind, describeSnapshot, type SnapshotInfo } from './describe.js';
import { hasRdsCode, RdsRunError } from './errors.js';
import { checkManualSnapshotQuota } from './quota.js';
import type { RdsSession } from './session.js';
import { snapshotWaitId, snapshotWaitKind, waitUntil } from './waits.js';

export interface AcceptedSnapshot {
  readonly kind: DbKind;
  readonly id: string;
  readonly arn: string;
  readonly region: string;
  /** The DB instance or cluster it is of. */
  readonly sourceDb: string;
  /** ISO time RDS accepted the snapshot: its point in time. */
  readonly acceptedAt: string;
  /** GiB; 0 when RDS does not say (Aurora). */
  readonly allocatedStorage: number;
  /** True when a previous attempt had already created it. */
  readonly adopted: boolean;
}

const createOperation = (kind: DbKind) => (kind === 'instance' ? 'CreateDBSnapshot' : 'CreateDBClusterSnapshot');

/** Creates the snapshot (or adopts the one a previous attempt created) and returns once RDS accepted it. */
export async function takeSnapshot(s: RdsSession, kind: DbKind, dbId: string, id: string): Promise<AcceptedSnapshot> {
  const existing = await describeSnapshot(s, kind, id);
  if (existing) return adopt(s, kind, dbId, existing);
  await checkManualSnapshotQuota(s, kind, createOperation(kind), id);
  try {
    const created = await s.send(createOperation(kind), dbId, (c, signal) =>
      kind === 'instance'
        ? c
            .send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: dbId, DBSnapshotIdentifier: id }), {
              abortSignal: signal,
            })
            .then((r) => ({ arn: r.DBSnapshot?.DBSnapshotArn, storage: r.DBSnapshot?.AllocatedStorage }))
        : c
            .send(new CreateDBClusterSnapshotCommand({ DBClusterIdentifier: dbId, DBClusterSnapshotIdentifier: id }), {
              abortSignal: signal,
            })
            .then((r) => ({ arn: r.DBClusterSnapshot?.DBClusterSnapshotArn, storage: undefined })),
    );
    const acceptedAt = s.run.now().toISOString();
    s.log.info('RDS accepted the snapshot; its point in time is fixed', { snapshotID: id, acceptedAt });
    const accepted = { kind, id, region: s.region, sourceDb: dbId, acceptedAt, adopted: false };
    return { ...accepted, arn: created.arn ?? '', allocatedStorage: created.storage ?? 0 };
  } catch (err) {
    if (!hasRdsCode(err, 'DBSnapshotAlreadyExists', 'DBClusterSnapshotAlreadyExists')) throw err;
    // Created by an attempt whose answer was lost: adopt it.
    const raced = await describeSnapshot(s, kind, id);
    if (!raced) throw err;
    return adopt(s, kind, dbId, raced);
  }
}

function adopt(s: RdsSession, kind: DbKind, dbId: string, snap: SnapshotInfo): AcceptedSnapshot {
  if (snap.sourceDb.toLowerCase() !== dbId.toLowerCase()) {
    throw new RdsRunError(
      kind === 'instance' ? 'DBSnapshotAlreadyExists' : 'DBClusterSnapshotAlreadyExists',
      createOperation(kind),
      snap.id,
      `a snapshot with this name already exists in ${s.region}, but of ${snap.sourceDb}, not ${dbId}`,
      'delete or rename that snapshot, then run again',
    );
  }
  s.log.info('adopting the snapshot a previous attempt created', { snapshotID: snap.id, status: snap.status });
  return {
    kind,
    id: snap.id,
    arn: snap.arn,
    region: s.region,
    sourceDb: snap.sourceDb,
    acceptedAt: (snap.createTime ?? s.run.now()).toISOString(),
    allocatedStorage: kind === 'instance' ? (snap.allocatedStorage ?? 0) : 0,
    adopted: true,
  };
}

/** Takes the snapshot and, unless `wait` is false, waits until it is available (event, or polling). */
export function createSnapshot(
  s: RdsSession,
  kind: DbKind,
  dbId: string,
  id: string,
  wait = true,
): Promise<AcceptedSnapshot> {
  if (!wait) return takeSnapshot(s, kind, dbId, id);
  return waitUntil(s, {
    kind: snapshotWaitKind(kind),
    id: snapshotWaitId(kind, s.region, id),
    timeoutSeconds: s.timeouts.snapshotSeconds,
    start: () => takeSnapshot(s, kind, dbId, id),
    check: snapshotAvailable(s, kind, id, createOperation(kind)),
  });
}

/** The second half of a snapshot: waits until an accepted snapshot is `available`. */
export function awaitSnapshotAvailable(s: RdsSession, kind: DbKind, id: string, region = s.region): Promise<void> {
  return waitUntil(s, {
    kind: snapshotWaitKind(kind),
    id: snapshotWaitId(kind, region, id),
    timeoutSeconds: s.timeouts.snapshotSeconds,
    check: snapshotAvailable(s, kind, id, createOperation(kind), region),
  });
}

/** Deletes a snapshot and waits until it is gone; one already gone counts as deleted (Kanister). */
export async function deleteSnapshot(s: RdsSession, kind: DbKind, id: string): Promise<'deleted' | 'absent'> {
  const operation = kind === 'instance' ? 'DeleteDBSnapshot' : 'DeleteDBClusterSnapshot';
  const remove = async (): Promise<boolean> => {
    try {
      await s.send(operation, id, (c, signal) =>
        kind === 'instance'
          ? c.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: id }), { abortSignal: signal })
          : c.send(new DeleteDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: id }), { abortSignal: signal }),
      );
      return true;
    } catch (err) {
      if (hasRdsCode(err, 'DBSnapshotNotFound', 'DBClusterSnapshotNotFound')) return false;
      throw err;
    }
  };
  const deleted = await waitUntil(s, {
    kind: snapshotWaitKind(kind),
    id: snapshotWaitId(kind, s.region, id),
    timeoutSeconds: s.timeouts.snapshotSeconds,
    start: remove,
    check: async () => (await describeSnapshot(s, kind, id)) === undefined,
  });
  return deleted ? 'deleted' : 'absent';
}
