/**
 * Snapshot export tasks: StartExportTask (`STARTING` → `IN_PROGRESS` → `COMPLETE`, or `FAILED`), DescribeExportTasks
 * and CancelExportTask (`CANCELING` → `CANCELED`), with the concurrent task limit and completion events
 * (0161/0159/0160 for DB snapshots, 0164/0162/0163 for cluster snapshots).
 */
import { type DbKind, faults } from '../errors.js';
import type { EventName } from '../events.js';
import { exportSnapshot, fileSink } from '../exporter.js';
import { applyFilters, paginate } from '../filters.js';
import { type ExportTaskRecord, parseArn, type SnapshotRecord } from '../model.js';
import type { Runtime } from '../runtime.js';
import { exportTaskShape } from '../shapes.js';
import { usableKmsKey } from '../snapshot-ops.js';
import { xmlList } from '../xml.js';
import type { ActionContext, ActionTable } from './action.js';

const RUNNING = new Set(['STARTING', 'IN_PROGRESS', 'CANCELING']);
const OUTCOME_EVENTS: Record<DbKind, Record<'COMPLETE' | 'FAILED' | 'CANCELED', EventName>> = {
  instance: { COMPLETE: 'exportCompleted', FAILED: 'exportFailed', CANCELED: 'exportCanceled' },
  cluster: { COMPLETE: 'clusterExportCompleted', FAILED: 'clusterExportFailed', CANCELED: 'clusterExportCanceled' },
};

/** The snapshot each task exports, for its events even if the snapshot is deleted meanwhile. */
const sources = new WeakMap<ExportTaskRecord, SnapshotRecord>();

function sourceSnapshot({ rt, region }: ActionContext, sourceArn: string): SnapshotRecord {
  const arn = parseArn(sourceArn);
  const kind = arn?.type === 'snapshot' ? 'instance' : arn?.type === 'cluster-snapshot' ? 'cluster' : undefined;
  if (kind === undefined) {
    throw faults.invalidParameterValue(
      `SourceArn must be the ARN of a DB snapshot or DB cluster snapshot: ${sourceArn}`,
    );
  }
  const snapshot = rt.store.getSnapshot(kind, region, sourceArn);
  if (snapshot.region !== region) throw faults.snapshotNotFound(kind, sourceArn);
  if (snapshot.status !== 'available') {
    throw faults.invalidExportSourceState(`The snapshot ${snapshot.id} is not in the available state.`);
  }
  return snapshot;
}

function finish(
  rt: Runtime,
  task: ExportTaskRecord,
  snapshot: SnapshotRecord,
  status: 'COMPLETE' | 'FAILED' | 'CANCELED',
) {
  task.status = status;
  task.endedAt = new Date();
  rt.emit(OUTCOME_EVENTS[snapshot.kind][status], snapshot);
}

function run(rt: Runtime, task: ExportTaskRecord, snapshot: SnapshotRecord): void {
  const sink = rt.options.exportSink ?? fileSink(rt.options.exportDir);
  rt.job(`export ${task.id}`, async () => {
    await rt.delay(rt.options.delays.exportStarting);
    if (task.status !== 'STARTING') return;
    task.status = 'IN_PROGRESS';
    task.progress = { since: Date.now(), durationMs: rt.options.delays.exportRunning };
    try {
      await Promise.all([exportSnapshot(rt, snapshot, task, sink), rt.delay(rt.options.delays.exportRunning)]);
    } catch (err) {
      if (task.status !== 'IN_PROGRESS') return; // canceled meanwhile: the cancel path reports it
      task.failureCause = `Export failed: ${String(err)}`;
      finish(rt, task, snapshot, 'FAILED');
      return;
    }
    if (task.status === 'IN_PROGRESS') finish(rt, task, snapshot, 'COMPLETE');
  });
}

/** RDS allows a few export tasks in progress per account, whatever their region. */
function checkExportCapacity(rt: Runtime): void {
  const limit = rt.options.quotas.concurrentExports;
  const running = rt.store
    .allRegions()
    .flatMap((r) => [...rt.store.exports(r).values()])
    .filter((t) => RUNNING.has(t.status));
  if (running.length >= limit) throw faults.exportTaskLimit(limit);
}

async function startExportTask(ctx: ActionContext) {
  const { rt, region, params } = ctx;
  const id = params.required('ExportTaskIdentifier');
  const sourceArn = params.required('SourceArn');
  const bucket = params.required('S3BucketName');
  const iamRoleArn = params.required('IamRoleArn');
  const kmsKeyId = params.required('KmsKeyId');
  if (rt.store.exports(region).has(id)) throw faults.exportTaskAlreadyExists(id);
  const snapshot = sourceSnapshot(ctx, sourceArn);
  const keyArn = usableKmsKey(rt, kmsKeyId, region);
  checkExportCapacity(rt);
  const task: ExportTaskRecord = {
    id,
    region,
    sourceArn: snapshot.arn,
    sourceKind: snapshot.kind,
    snapshotTime: snapshot.createdAt,
    bucket,
    prefix: params.str('S3Prefix') ?? '',
    iamRoleArn,
    kmsKeyId: keyArn,
    exportOnly: params.strings('ExportOnly') ?? [],
    status: 'STARTING',
    startedAt: new Date(),
    endedAt: undefined,
    progress: { since: Date.now(), durationMs: rt.options.delays.exportStarting },
    extractedBytes: 0,
    failureCause: undefined,
  };
  rt.store.exports(region).set(id, task);
  sources.set(task, snapshot);
  run(rt, task, snapshot);
  return exportTaskShape(task);
}

async function describeExportTasks({ rt, region, params }: ActionContext) {
  const id = params.str('ExportTaskIdentifier');
  const sourceArn = params.str('SourceArn');
  let tasks = [...rt.store.exports(region).values()];
  if (id !== undefined) {
    tasks = tasks.filter((t) => t.id === id);
    if (tasks.length === 0) throw faults.exportTaskNotFound(id);
  }
  if (sourceArn !== undefined) tasks = tasks.filter((t) => t.sourceArn === sourceArn);
  const filtered = applyFilters(tasks, params, {
    'export-task-identifier': (t) => [t.id],
    's3-bucket': (t) => [t.bucket],
    'source-arn': (t) => [t.sourceArn],
    status: (t) => [t.status],
  });
  const { page, marker } = paginate(filtered, params);
  return { Marker: marker, ExportTasks: xmlList('ExportTask', page.map(exportTaskShape)) };
}

async function cancelExportTask({ rt, region, params }: ActionContext) {
  const id = params.required('ExportTaskIdentifier');
  const task = rt.store.exports(region).get(id);
  if (task === undefined) throw faults.exportTaskNotFound(id);
  if (task.status !== 'STARTING' && task.status !== 'IN_PROGRESS') {
    throw faults.invalidExportTaskState(`The export task with the identifier ${id} is already ${task.status}.`);
  }
  task.status = 'CANCELING';
  const snapshot = sources.get(task);
  rt.job(`cancel ${id}`, async () => {
    await rt.delay(rt.options.delays.canceling);
    if (snapshot !== undefined) finish(rt, task, snapshot, 'CANCELED');
  });
  return exportTaskShape(task);
}

export const exportActions: ActionTable = {
  StartExportTask: startExportTask,
  DescribeExportTasks: describeExportTasks,
  CancelExportTask: cancelExportTask,
};
