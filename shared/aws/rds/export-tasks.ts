/**
 * RDS's own snapshot export to S3 (Parquet): `StartExportTask`, queued while the account's export slots (5) are
 * taken, awaited by event (RDS-EVENT-0161 / 0164, failures 0159 / 0162, cancels 0160 / 0163) or polling, adopted
 * by a retried phase. RDS writes under `s3://<bucket>/<prefix>/<task id>/`.
 */
import { DescribeExportTasksCommand, type ExportTask, StartExportTaskCommand } from '@aws-sdk/client-rds';
import { exportDone } from './checks.js';
import type { DbKind } from './describe.js';
import { hasRdsCode, RdsRunError } from './errors.js';
import { exportSlots, withSlot } from './limiter.js';
import type { RdsSession } from './session.js';
import { exportWaitId, waitUntil } from './waits.js';

export interface ExportRequest {
  readonly kind: DbKind;
  readonly taskId: string;
  readonly snapshotId: string;
  readonly snapshotArn: string;
  readonly bucket: string;
  readonly prefix?: string;
  readonly iamRoleArn: string;
  readonly kmsKeyId: string;
  readonly exportOnly?: readonly string[];
}

export interface ExportResult {
  readonly taskId: string;
  readonly s3Location: string;
  readonly adopted: boolean;
}

async function findTask(s: RdsSession, taskId: string): Promise<ExportTask | undefined> {
  try {
    const out = await s.send('DescribeExportTasks', taskId, (c, signal) =>
      c.send(new DescribeExportTasksCommand({ ExportTaskIdentifier: taskId }), { abortSignal: signal }),
    );
    return out.ExportTasks?.[0];
  } catch (err) {
    if (hasRdsCode(err, 'ExportTaskNotFound')) return undefined;
    throw err;
  }
}

export async function exportSnapshot(s: RdsSession, req: ExportRequest): Promise<ExportResult> {
  const existing = await findTask(s, req.taskId);
  if (existing && existing.SourceArn !== req.snapshotArn) {
    throw new RdsRunError(
      'ExportTaskAlreadyExists',
      'StartExportTask',
      req.taskId,
      `an export task with this name exports ${existing.SourceArn}, not ${req.snapshotArn}`,
      'this should not happen with derived names; cancel or wait out that task',
    );
  }
  const wait = {
    kind: 'rds-export' as const,
    id: exportWaitId(req.kind, s.region, req.snapshotId),
    timeoutSeconds: s.timeouts.exportSeconds,
    check: exportDone(s, req.taskId),
  };
  if (existing) {
    s.log.info('adopting the export task a previous attempt started', { exportTaskID: req.taskId });
    await waitUntil(s, wait);
  } else {
    await withSlot(s, exportSlots(s), req.taskId, () => waitUntil(s, { ...wait, start: () => startTask(s, req) }));
  }
  const prefix = req.prefix ? `${req.prefix.replace(/\/+$/, '')}/` : '';
  return { taskId: req.taskId, s3Location: `s3://${req.bucket}/${prefix}${req.taskId}/`, adopted: !!existing };
}

async function startTask(s: RdsSession, req: ExportRequest): Promise<void> {
  const input = {
    ExportTaskIdentifier: req.taskId,
    SourceArn: req.snapshotArn,
    S3BucketName: req.bucket,
    S3Prefix: req.prefix,
    IamRoleArn: req.iamRoleArn,
    KmsKeyId: req.kmsKeyId,
    ExportOnly: req.exportOnly ? [...req.exportOnly] : undefined,
  };
  try {
    await s.send('StartExportTask', req.taskId, (c, signal) =>
      c.send(new StartExportTaskCommand(input), { abortSignal: signal }),
    );
  } catch (err) {
    // Started by an attempt whose answer was lost: the wait that follows adopts it.
    if (!hasRdsCode(err, 'ExportTaskAlreadyExists')) throw err;
  }
}
