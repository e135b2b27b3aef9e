/**
 * Snapshot behaviour shared by DB snapshots and DB cluster snapshots: taking the copy at call time, the simulated
 * `creating` → `available` transition, copies (same region and cross region, KMS rules, quotas), deletion, and the
 * events RDS emits for each (none for cluster snapshot copies and deletions, as in RDS).
 */
import { rm } from 'node:fs/promises';
import { type DbKind, faults } from './errors.js';
import type { EventName } from './events.js';
import { type DbRecord, kmsKeyArn, type SnapshotRecord } from './model.js';
import { runTool } from './postgres.js';
import type { Tag } from './query.js';
import type { Runtime } from './runtime.js';

const CREATE_EVENTS: Record<DbKind, Record<'manual' | 'automated', readonly [EventName, EventName]>> = {
  instance: {
    manual: ['manualSnapshotCreating', 'manualSnapshotCreated'],
    automated: ['automatedSnapshotCreating', 'automatedSnapshotCreated'],
  },
  cluster: {
    manual: ['manualClusterSnapshotCreating', 'manualClusterSnapshotCreated'],
    automated: ['automatedClusterSnapshotCreating', 'automatedClusterSnapshotCreated'],
  },
};

const arnType = (kind: DbKind) => (kind === 'instance' ? 'snapshot' : 'cluster-snapshot');
const label = (kind: DbKind) => (kind === 'instance' ? 'database instance' : 'DB cluster');

function checkManualQuota(rt: Runtime, kind: DbKind, region: string): void {
  const { manualSnapshots, manualClusterSnapshots } = rt.options.quotas;
  const limit = kind === 'instance' ? manualSnapshots : manualClusterSnapshots;
  const count = [...rt.store.snapshots(kind, region).values()].filter((s) => s.type === 'manual').length;
  if (count >= limit) throw faults.snapshotQuotaExceeded(`Cannot create more than ${limit} manual snapshots`);
}

function checkCopyQuota(rt: Runtime, kind: DbKind, region: string): void {
  const { concurrentCopies, concurrentClusterCopies } = rt.options.quotas;
  const limit = kind === 'instance' ? concurrentCopies : concurrentClusterCopies;
  const inProgress = [...rt.store.snapshots(kind, region).values()].filter(
    (s) => s.copiedFrom !== undefined && s.status !== 'available',
  ).length;
  if (inProgress >= limit)
    throw faults.snapshotQuotaExceeded(`Cannot copy more than ${limit} snapshots across regions`);
}

function newSnapshot(
  rt: Runtime,
  db: DbRecord,
  id: string,
  type: 'manual' | 'automated',
  tags: ReadonlyMap<string, string>,
): SnapshotRecord {
  const now = new Date();
  return {
    kind: db.kind,
    id,
    region: db.region,
    arn: rt.store.arn(db.region, arnType(db.kind), id),
    type,
    status: 'creating',
    createdAt: now,
    originalCreatedAt: now,
    progress: { since: Date.now(), durationMs: rt.options.delays.creating },
    dir: rt.newDir('snapshots', id),
    encrypted: db.storageEncrypted,
    kmsKeyId: db.kmsKeyId,
    tags: new Map(tags),
    restoreAccounts: new Set(),
    source: {
      id: db.id,
      resourceId: db.resourceId,
      engine: db.engine,
      engineVersion: db.engineVersion,
      masterUsername: db.masterUsername,
      dbName: db.dbName,
      port: db.pg?.port ?? 5432,
      allocatedStorage: db.allocatedStorage,
      createdAt: db.createdAt,
    },
    copiedFrom: undefined,
  };
}

/** Takes the physical copy now; the snapshot turns `available` after the `creating` delay. */
export async function takeSnapshot(
  rt: Runtime,
  db: DbRecord,
  id: string,
  type: 'manual' | 'automated',
  tags: ReadonlyMap<string, string>,
): Promise<SnapshotRecord> {
  const snapshots = rt.store.snapshots(db.kind, db.region);
  if (snapshots.has(id)) throw faults.snapshotAlreadyExists(db.kind, id);
  const pg = db.status === 'available' ? db.pg : undefined;
  if (pg === undefined) {
    throw faults.invalidDbState(
      db.kind,
      `Cannot create a snapshot because the ${label(db.kind)} ${db.id} is not currently in the available state.`,
    );
  }
  if (type === 'manual') checkManualQuota(rt, db.kind, db.region);
  const record = newSnapshot(rt, db, id, type, tags);
  snapshots.set(id, record); // reserved before the copy so a concurrent request with the same id is refused
  try {
    await rt.track(pg.backup(db.masterUsername, record.dir));
  } catch (err) {
    snapshots.delete(id);
    await rm(record.dir, { recursive: true, force: true });
    throw faults.internal(`Snapshot ${id} could not be taken: ${String(err)}`);
  }
  const [creating, created] = CREATE_EVENTS[db.kind][type];
  rt.emit(creating, record);
  rt.job(`snapshot ${id}`, async () => {
    await rt.delay(rt.options.delays.creating);
    record.status = 'available';
    rt.emit(created, record);
  });
  return record;
}

export interface CopyRequest {
  readonly source: string;
  readonly targetId: string;
  readonly kmsKeyId: string | undefined;
  readonly copyTags: boolean;
  readonly tags: readonly Tag[];
}

/** The ARN of a caller's KMS key, if it is one the caller may use in `region`. */
export function usableKmsKey(rt: Runtime, keyId: string, region: string): string {
  const arn = kmsKeyArn(keyId, region, rt.options.accountId);
  const inaccessible = rt.options.inaccessibleKmsKeys.some((k) => k === keyId || k === arn);
  if (inaccessible || arn.split(':')[3] !== region) throw faults.kmsKeyNotAccessible(keyId);
  return arn;
}

function checkCopy(rt: Runtime, kind: DbKind, region: string, source: SnapshotRecord, req: CopyRequest): void {
  if (rt.store.snapshots(kind, region).has(req.targetId)) throw faults.snapshotAlreadyExists(kind, req.targetId);
  if (source.status !== 'available') {
    throw faults.invalidSnapshotState(kind, `Snapshot ${source.id} is not in the available state.`);
  }
  if (source.region !== region && source.encrypted && req.kmsKeyId === undefined) {
    throw faults.invalidParameterValue('Must specify new KMS key for cross region encrypted snapshot copy.');
  }
  if (kind === 'cluster' && !source.encrypted && req.kmsKeyId !== undefined) {
    throw faults.invalidParameterCombination('Cannot encrypt an unencrypted DB cluster snapshot while copying it.');
  }
  checkManualQuota(rt, kind, region);
  checkCopyQuota(rt, kind, region);
}

/** Copies a snapshot into `region` (the region the request was sent to, as in RDS). */
export async function copySnapshot(
  rt: Runtime,
  kind: DbKind,
  region: string,
  req: CopyRequest,
): Promise<SnapshotRecord> {
  const source = rt.store.getSnapshot(kind, region, req.source);
  checkCopy(rt, kind, region, source, req);
  const kmsKeyId = req.kmsKeyId === undefined ? source.kmsKeyId : usableKmsKey(rt, req.kmsKeyId, region);
  const crossRegion = source.region !== region;
  const tags = new Map(req.copyTags ? source.tags : []);
  for (const tag of req.tags) tags.set(tag.Key, tag.Value);
  const record: SnapshotRecord = {
    ...source,
    id: req.targetId,
    region,
    arn: rt.store.arn(region, arnType(kind), req.targetId),
    type: 'manual',
    status: kind === 'cluster' ? 'copying' : crossRegion ? 'pending' : 'creating',
    createdAt: new Date(),
    progress: { since: Date.now(), durationMs: rt.options.delays.copying },
    dir: rt.newDir('snapshots', req.targetId),
    encrypted: source.encrypted || kmsKeyId !== undefined,
    kmsKeyId,
    tags,
    restoreAccounts: new Set(),
    copiedFrom: { arn: source.arn, region: source.region },
  };
  const snapshots = rt.store.snapshots(kind, region);
  snapshots.set(record.id, record);
  try {
    await rt.track(runTool(rt.tools, 'cp', ['-a', source.dir, record.dir]));
  } catch (err) {
    snapshots.delete(record.id);
    throw faults.internal(`Snapshot copy ${record.id} failed: ${String(err)}`);
  }
  const args = { source: source.id, region: source.region };
  if (kind === 'instance') rt.emit(crossRegion ? 'crossRegionCopyStarted' : 'localCopyStarted', { ...record, args });
  rt.job(`copy ${record.id}`, async () => {
    await rt.delay(rt.options.delays.copying);
    record.status = 'available';
    const minutes = Math.round((Date.now() - record.progress.since) / 60_000);
    const finished = crossRegion ? 'crossRegionCopyFinished' : 'localCopyFinished';
    if (kind === 'instance') rt.emit(finished, { ...record, args: { ...args, minutes } });
  });
  return record;
}

/** Deletes a snapshot and its copy on disk; the returned record has status `deleted`. */
export async function deleteSnapshot(rt: Runtime, kind: DbKind, region: string, id: string): Promise<SnapshotRecord> {
  const snapshot = rt.store.getSnapshot(kind, region, id);
  if (snapshot.region !== region) throw faults.snapshotNotFound(kind, id);
  if (snapshot.type === 'automated') {
    throw faults.invalidSnapshotState(kind, 'Only manual snapshots may be deleted.');
  }
  if (snapshot.status !== 'available' && snapshot.status !== 'failed') {
    throw faults.invalidSnapshotState(kind, `Cannot delete snapshot ${snapshot.id} in state ${snapshot.status}.`);
  }
  removeSnapshot(rt, snapshot);
  return snapshot;
}

/** Removes a snapshot from the store now and its files in the background. */
export function removeSnapshot(rt: Runtime, snapshot: SnapshotRecord): void {
  rt.store.snapshots(snapshot.kind, snapshot.region).delete(snapshot.id);
  snapshot.status = 'deleted';
  rt.job(`remove ${snapshot.id}`, () => rm(snapshot.dir, { recursive: true, force: true }));
  if (snapshot.kind === 'instance' && snapshot.type === 'manual') rt.emit('snapshotDeleted', snapshot);
}
