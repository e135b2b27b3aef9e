/**
 * Lifecycle shared by DB instances and Aurora DB clusters: registering the record, bringing up its PostgreSQL
 * cluster (fresh from initdb, or from a snapshot's copy), the simulated `creating` → `available` transition, and
 * deletion (`deleting` → stopped, files removed, gone).
 */
import { rm } from 'node:fs/promises';
import { type DbKind, faults } from './errors.js';
import type { EventName } from './events.js';
import { type DbRecord, defaultKmsKey, kmsKeyArn, newResourceId, type SnapshotRecord } from './model.js';
import { ident } from './postgres.js';
import type { Tag } from './query.js';
import type { Runtime } from './runtime.js';
import { removeSnapshot, takeSnapshot } from './snapshot-ops.js';

export interface NewDb {
  readonly kind: DbKind;
  readonly id: string;
  readonly region: string;
  readonly engine: string;
  readonly engineVersion: string;
  readonly masterUsername: string;
  readonly dbName: string | undefined;
  readonly instanceClass: string;
  readonly allocatedStorage: number;
  readonly securityGroups: readonly string[];
  readonly subnetGroup: string;
  readonly storageEncrypted: boolean;
  readonly kmsKeyId: string | undefined;
  readonly tags: readonly Tag[];
  readonly deletionProtection: boolean;
}

/** Adds the record in state `creating`; refuses an identifier already in use in the region. */
export function registerDb(rt: Runtime, input: NewDb): DbRecord {
  const dbs = rt.store.dbs(input.kind, input.region);
  if (dbs.has(input.id)) throw faults.dbAlreadyExists(input.kind, input.id);
  const { accountId } = rt.options;
  const kmsKeyId = input.storageEncrypted
    ? kmsKeyArn(input.kmsKeyId ?? defaultKmsKey(input.region, accountId), input.region, accountId)
    : undefined;
  const record: DbRecord = {
    ...input,
    arn: rt.store.arn(input.region, input.kind === 'instance' ? 'db' : 'cluster', input.id),
    resourceId: newResourceId(input.kind === 'instance' ? 'db' : 'cluster'),
    status: 'creating',
    securityGroups: [...input.securityGroups],
    kmsKeyId,
    tags: new Map(input.tags.map((t) => [t.Key, t.Value])),
    createdAt: new Date(),
    pg: undefined,
  };
  dbs.set(record.id, record);
  return record;
}

/** initdb + start + the initial database; the record stays `creating` until then. */
export async function provisionFresh(rt: Runtime, db: DbRecord, password: string): Promise<void> {
  db.pg = await rt.initCluster(db.id, db.masterUsername, password);
  if (db.dbName !== undefined && db.dbName !== 'postgres') {
    await db.pg.psql(db.masterUsername, 'postgres', `CREATE DATABASE ${ident(db.dbName)}`);
  }
}

/** Runs `work`, waits the simulated delay, then marks the DB available and emits `ready`. */
export function becomeAvailable(
  rt: Runtime,
  db: DbRecord,
  work: Promise<void>,
  delayMs: number,
  ready: EventName | undefined,
  args?: Record<string, string>,
): void {
  rt.job(`${db.kind} ${db.id}`, async () => {
    try {
      await Promise.all([work, rt.delay(delayMs)]);
    } catch (err) {
      db.status = 'failed';
      throw err;
    }
    db.status = 'available';
    if (ready !== undefined) rt.emit(ready, { ...db, args });
  });
}

/** A new DB whose PostgreSQL cluster is a copy of the snapshot's. */
export function restoreFromSnapshot(rt: Runtime, snapshot: SnapshotRecord, input: NewDb): DbRecord {
  if (snapshot.status !== 'available') {
    throw faults.invalidSnapshotState(snapshot.kind, `Snapshot ${snapshot.id} is not in the available state.`);
  }
  const db = registerDb(rt, input);
  const work = (async () => {
    db.pg = await rt.restoreCluster(db.id, snapshot.dir);
  })();
  const event = input.kind === 'instance' ? 'instanceRestored' : 'clusterCreated';
  becomeAvailable(rt, db, work, rt.options.delays.restoring, event, { source: snapshot.id });
  return db;
}

export interface DeleteRequest {
  readonly skipFinalSnapshot: boolean;
  readonly finalSnapshotId: string | undefined;
  readonly deleteAutomatedBackups: boolean;
}

/** Takes the final snapshot if asked, then deletes the DB in the background after the `deleting` delay. */
export async function deleteDb(rt: Runtime, db: DbRecord, req: DeleteRequest): Promise<void> {
  if (db.deletionProtection) {
    throw faults.invalidParameterCombination(
      `Cannot delete protected ${db.kind === 'instance' ? 'DB Instance' : 'Cluster'}, please disable deletion protection and try again.`,
    );
  }
  if (!req.skipFinalSnapshot && req.finalSnapshotId === undefined) {
    throw faults.invalidParameterCombination(
      'FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.',
    );
  }
  if (db.status !== 'available' && db.status !== 'failed') {
    throw faults.invalidDbState(
      db.kind,
      `${db.kind === 'instance' ? 'Instance' : 'Cluster'} ${db.id} is not in the available state.`,
    );
  }
  if (!req.skipFinalSnapshot && req.finalSnapshotId !== undefined) {
    await takeSnapshot(rt, db, req.finalSnapshotId, 'manual', db.tags);
  }
  db.status = 'deleting';
  rt.job(`delete ${db.id}`, async () => {
    await rt.delay(rt.options.delays.deleting);
    if (db.pg !== undefined) {
      await rt.stopCluster(db.pg);
      await rm(db.pg.home, { recursive: true, force: true });
    }
    rt.store.dbs(db.kind, db.region).delete(db.id);
    if (req.deleteAutomatedBackups) {
      for (const s of rt.store.snapshots(db.kind, db.region).values()) {
        if (s.type === 'automated' && s.source.id === db.id) removeSnapshot(rt, s);
      }
    }
    if (db.kind === 'instance') rt.emit('instanceDeleted', db);
  });
}
