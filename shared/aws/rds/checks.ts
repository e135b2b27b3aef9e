/**
 * The `check` functions of RDS waits (see waits.ts): true when the resource reached the awaited state, false while
 * it is on its way, an `RdsRunError` when it never will (failed, canceled, gone).
 */
import { DescribeExportTasksCommand } from '@aws-sdk/client-rds';
import { type DbKind, describeDb, describeSnapshot } from './describe.js';
import { RdsRunError } from './errors.js';
import type { RdsSession } from './session.js';

const SNAPSHOT_FAILED = new Set(['failed', 'error', 'canceled', 'cancelled', 'incompatible-restore']);

const DB_FAILED = new Set([
  'failed',
  'restore-error',
  'incompatible-restore',
  'incompatible-parameters',
  'incompatible-network',
  'incompatible-option-group',
  'incompatible-credentials',
  'inaccessible-encryption-credentials',
  'inaccessible-encryption-credentials-recoverable',
  'storage-full',
]);

const what = (kind: DbKind) => (kind === 'instance' ? 'DB snapshot' : 'DB cluster snapshot');
const dbWhat = (kind: DbKind) => (kind === 'instance' ? 'DB instance' : 'DB cluster');

export const snapshotAvailable =
  (s: RdsSession, kind: DbKind, id: string, operation: string, region = s.region) =>
  async (): Promise<boolean> => {
    const snap = await describeSnapshot(s, kind, id, region);
    if (!snap) {
      throw new RdsRunError(
        'SnapshotGone',
        operation,
        id,
        `the ${what(kind)} disappeared in ${region} before it became available (deleted, or its copy was canceled)`,
        'find out who removed it, then run again',
      );
    }
    if (snap.status === 'available') return true;
    if (SNAPSHOT_FAILED.has(snap.status)) {
      throw new RdsRunError(
        'SnapshotFailed',
        operation,
        id,
        `the ${what(kind)} ended in status "${snap.status}" in ${region}`,
        'see the RDS events of the snapshot for the cause, delete it, then run again',
      );
    }
    return false;
  };

export const dbAvailable =
  (s: RdsSession, kind: DbKind, id: string, operation: string) => async (): Promise<boolean> => {
    const db = await describeDb(s, kind, id);
    if (!db) {
      throw new RdsRunError(
        `${kind === 'instance' ? 'DBInstance' : 'DBCluster'}NotFound`,
        operation,
        id,
        `the ${dbWhat(kind)} disappeared in ${s.region} before it became available`,
        'find out who deleted it, then run again',
      );
    }
    if (db.status === 'available') return true;
    if (DB_FAILED.has(db.status)) {
      throw new RdsRunError(
        'DBFailed',
        operation,
        id,
        `the ${dbWhat(kind)} ended in status "${db.status}"`,
        'see its RDS events for the cause (parameters, network, KMS key, storage), fix it, delete it, then run again',
      );
    }
    return false;
  };

export const dbGone = (s: RdsSession, kind: DbKind, id: string) => async (): Promise<boolean> =>
  (await describeDb(s, kind, id)) === undefined;

export const exportDone = (s: RdsSession, taskId: string) => async (): Promise<boolean> => {
  const out = await s.send('DescribeExportTasks', taskId, (c, signal) =>
    c.send(new DescribeExportTasksCommand({ ExportTaskIdentifier: taskId }), { abortSignal: signal }),
  );
  const task = out.ExportTasks?.[0];
  const status = task?.Status ?? 'unknown';
  if (status === 'COMPLETE') return true;
  if (status === 'FAILED' || status === 'CANCELED') {
    throw new RdsRunError(
      status === 'FAILED' ? 'ExportFailed' : 'ExportCanceled',
      'StartExportTask',
      taskId,
      `the export task ended ${status}${task?.FailureCause ? `: ${task.FailureCause}` : ''}`,
      status === 'FAILED'
        ? 'check the export role, the bucket and the KMS key permissions, then run again'
        : 'someone canceled it; run again to export',
    );
  }
  return false;
};
