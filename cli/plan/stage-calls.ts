/**
 * The calls a policy run makes around its blueprint actions, stage by stage (quiesce marker, RDS/CSI/manifests
 * captures, waits, copies, the restore point and events), described from the planned run's input with the same
 * resource names the run would use.
 */
import { snapshotIdentifier } from '../../shared/aws/rds/identifiers.js';
import type { PlannedRun } from '../../shared/runtime/plan-runs.js';
import { subjectId } from '../../shared/runtime/run-input.js';
import { describeCalls, type PlannedCall } from './calls.js';

export const ddb = (call: string, target: string, detail?: string): PlannedCall => ({
  api: 'dynamodb',
  call,
  target,
  ...(detail ? { detail } : {}),
});

export function snapshotId(run: PlannedRun, kind: string, id: string): string {
  return snapshotIdentifier({ runId: run.executionName, action: 'holdfast', phase: `capture-rds-${kind}-${id}` }, id);
}

export function captureCalls(run: PlannedRun): PlannedCall[] {
  const i = run.input;
  const out: PlannedCall[] = [];
  for (const db of i.capture.rds) {
    const call = db.kind === 'cluster' ? 'CreateDBClusterSnapshot' : 'CreateDBSnapshot';
    out.push({
      api: 'rds',
      call,
      target: `${db.id} in ${db.region}`,
      detail: `snapshot ${snapshotId(run, db.kind, db.id)}; the run goes on once RDS accepts it`,
    });
  }
  if (i.capture.csiSnapshots) {
    const cls = i.capture.csiSnapshots.volumeSnapshotClassName ?? 'the default class';
    out.push({
      api: 'kubernetes',
      call: 'list pods, persistentvolumeclaims',
      target: i.subject.namespace,
      detail: "the PVCs the workload's running pods mount",
    });
    out.push({
      api: 'kubernetes',
      call: 'create volumesnapshots',
      target: `${i.subject.namespace}/<one per PVC>`,
      detail: `class ${cls}; the run goes on once creationTime is set`,
    });
  }
  if (i.capture.manifests) {
    out.push(
      ...describeCalls('CaptureManifests', {
        namespace: i.subject.namespace,
        path: `${subjectId(i.subject)}/${i.runId}/manifests.yaml`,
        includeKinds: i.capture.manifests.includeKinds,
        excludeKinds: i.capture.manifests.excludeKinds,
      }),
    );
  }
  return out;
}

export function finishCalls(run: PlannedRun): PlannedCall[] {
  const i = run.input;
  const out: PlannedCall[] = i.capture.rds.map((db) => ({
    api: 'rds',
    call: db.kind === 'cluster' ? 'DescribeDBClusterSnapshots (event or poll)' : 'DescribeDBSnapshots (event or poll)',
    target: snapshotId(run, db.kind, db.id),
    detail: 'until available',
  }));
  if (i.capture.csiSnapshots) {
    out.push({
      api: 'kubernetes',
      call: 'get volumesnapshots (polled)',
      target: i.subject.namespace,
      detail: 'until readyToUse',
    });
  }
  return out;
}

export function recordCalls(run: PlannedRun): PlannedCall[] {
  const i = run.input;
  const out: PlannedCall[] = [
    ddb('PutItem (conditional)', `APP#${subjectId(i.subject)} · RP#<time>#${i.runId}`, 'the restore point'),
    ddb('UpdateItem', `RUN#${i.runId}`, 'the run record: succeeded'),
    { api: 'eventbridge', call: 'PutEvents', target: 'holdfast bus', detail: 'Restore Point Created, Run Succeeded' },
  ];
  for (const n of i.notifications) {
    out.push({
      api: 'http',
      call: `POST (${n.kind})`,
      target: `the URL in ${n.urlSecret}`,
      detail: `on ${n.on.join(', ')}`,
    });
  }
  return out;
}
