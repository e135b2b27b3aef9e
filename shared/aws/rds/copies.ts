/**
 * Copying a DB (cluster) snapshot into a destination region (DESIGN.md §2 step 4). The copy is requested in the
 * destination region with the source's ARN (the SDK presigns the cross-region request itself), re-encrypted with a
 * key of that region, tags copied, queued while the region's copy slots are taken, and awaited by event
 * (RDS-EVENT-0060 / 0197 for instance snapshots) or polling (Aurora copies emit no event). Instance-snapshot copies
 * are incremental when the previous copy of the same DB instance is in the destination with the same KMS key, so
 * Holdfast keeps one key per destination and reports whether that held. A retried phase adopts its copy.
 */
import {
  CopyDBClusterSnapshotCommand,
  CopyDBSnapshotCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
} from '@aws-sdk/client-rds';
import { snapshotAvailable } from './checks.js';
import { type DbKind, describeSnapshot, type SnapshotInfo } from './describe.js';
import { RdsRunError } from './errors.js';
import { copySlots, withSlot } from './limiter.js';
import { checkManualSnapshotQuota, listManualSnapshots } from './quota.js';
import type { RdsSession } from './session.js';
import { snapshotWaitId, snapshotWaitKind, waitUntil } from './waits.js';

export interface CopyRequest {
  readonly kind: DbKind;
  readonly source: SnapshotInfo;
  readonly sourceRegion: string;
  readonly targetRegion: string;
  readonly targetId: string;
  readonly kmsKeyId?: string;
  readonly copyTags: boolean;
  readonly shareWith: readonly string[];
}

export interface CopyResult {
  readonly id: string;
  readonly arn: string;
  readonly region: string;
  /** Whether RDS could copy incrementally (a previous copy of the same instance with the same key was there). */
  readonly incremental: boolean;
  readonly adopted: boolean;
}

const copyOperation = (kind: DbKind) => (kind === 'instance' ? 'CopyDBSnapshot' : 'CopyDBClusterSnapshot');

export async function copySnapshot(s: RdsSession, req: CopyRequest): Promise<CopyResult> {
  const op = copyOperation(req.kind);
  const existing = await describeSnapshot(s, req.kind, req.targetId, req.targetRegion);
  if (existing && existing.copiedFrom !== req.source.arn && existing.copiedFrom !== req.source.id) {
    throw new RdsRunError(
      'DBSnapshotAlreadyExists',
      op,
      req.targetId,
      `a snapshot with this name already exists in ${req.targetRegion} and is not a copy of ${req.source.id}`,
      'choose another targetSnapshotID or delete that snapshot',
    );
  }
  checkEncryption(req);
  const incremental = req.kind === 'instance' && (await hasPreviousCopy(s, req));
  const wait = {
    kind: snapshotWaitKind(req.kind),
    id: snapshotWaitId(req.kind, req.targetRegion, req.targetId),
    timeoutSeconds: s.timeouts.copySeconds,
    check: snapshotAvailable(s, req.kind, req.targetId, op, req.targetRegion),
  };
  if (existing) {
    s.log.info('adopting the copy a previous attempt started', { snapshotID: req.targetId, status: existing.status });
    await waitUntil(s, wait);
  } else {
    await checkManualSnapshotQuota(s, req.kind, op, req.targetId, req.targetRegion);
    await withSlot(s, copySlots(s, req.kind, req.targetRegion), req.targetId, () =>
      waitUntil(s, { ...wait, start: () => startCopy(s, req) }),
    );
  }
  if (req.shareWith.length > 0) await share(s, req);
  const copy = await describeSnapshot(s, req.kind, req.targetId, req.targetRegion);
  return { id: req.targetId, arn: copy?.arn ?? '', region: req.targetRegion, incremental, adopted: !!existing };
}

function checkEncryption(req: CopyRequest): void {
  if (req.source.encrypted && req.sourceRegion !== req.targetRegion && !req.kmsKeyId) {
    throw new RdsRunError(
      'KMSKeyRequired',
      copyOperation(req.kind),
      req.source.id,
      `the snapshot is encrypted and KMS keys do not cross regions`,
      `set kmsKeyID to a key in ${req.targetRegion} (a multi-Region key replica works too)`,
    );
  }
}

async function startCopy(s: RdsSession, req: CopyRequest): Promise<void> {
  // Same region: the identifier; across regions RDS needs the ARN (and the SDK presigns from the client's region).
  const source = req.sourceRegion === req.targetRegion ? req.source.id : req.source.arn;
  await s.send(
    copyOperation(req.kind),
    req.targetId,
    (c, signal) =>
      req.kind === 'instance'
        ? c.send(
            new CopyDBSnapshotCommand({
              SourceDBSnapshotIdentifier: source,
              TargetDBSnapshotIdentifier: req.targetId,
              KmsKeyId: req.kmsKeyId,
              CopyTags: req.copyTags,
            }),
            { abortSignal: signal },
          )
        : c.send(
            new CopyDBClusterSnapshotCommand({
              SourceDBClusterSnapshotIdentifier: source,
              TargetDBClusterSnapshotIdentifier: req.targetId,
              KmsKeyId: req.kmsKeyId,
              CopyTags: req.copyTags,
            }),
            { abortSignal: signal },
          ),
    req.targetRegion,
  );
}

/** RDS copies incrementally when an earlier copy of the same DB instance, with the same key, is in the region. */
async function hasPreviousCopy(s: RdsSession, req: CopyRequest): Promise<boolean> {
  const there = await listManualSnapshots(s, 'instance', req.targetRegion);
  const sameKey = (k?: string) => (req.kmsKeyId ? k !== undefined && keyMatches(k, req.kmsKeyId) : k === undefined);
  return there.some(
    (x) =>
      x.id !== req.targetId &&
      x.status === 'available' &&
      x.copiedFrom !== undefined &&
      x.sourceDb.toLowerCase() === req.source.sourceDb.toLowerCase() &&
      sameKey(x.kmsKeyId),
  );
}

/** Key ids appear as ARNs in Describe output and as ids, ARNs or aliases in args; compare what can be compared. */
const keyMatches = (described: string, given: string) => described === given || described.endsWith(`/${given}`);

async function share(s: RdsSession, req: CopyRequest): Promise<void> {
  const values = [...req.shareWith];
  await s.send(
    req.kind === 'instance' ? 'ModifyDBSnapshotAttribute' : 'ModifyDBClusterSnapshotAttribute',
    req.targetId,
    (c, signal) =>
      req.kind === 'instance'
        ? c.send(
            new ModifyDBSnapshotAttributeCommand({
              DBSnapshotIdentifier: req.targetId,
              AttributeName: 'restore',
              ValuesToAdd: values,
            }),
            { abortSignal: signal },
          )
        : c.send(
            new ModifyDBClusterSnapshotAttributeCommand({
              DBClusterSnapshotIdentifier: req.targetId,
              AttributeName: 'restore',
              ValuesToAdd: values,
            }),
            { abortSignal: signal },
          ),
    req.targetRegion,
  );
}
