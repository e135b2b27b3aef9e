/**
 * Restore from a restore point (DESIGN.md §2): RDS/Aurora from the snapshot (or its copy in another region), then the
 * blueprint's `restore` action with `.ArtifactsIn` from the restore point, optionally into another namespace or
 * instance. Every side effect is a named step, as in the backup run.
 */
import { z } from 'zod';
import type { RunContext } from '../blueprint/run-context.js';
import { blueprintLoader } from './backup-run.js';
import type { RestorePoint, RestorePointRunDeps, RunRecord } from './ports.js';
import { restorePointSummary, runEventDetail } from './run-events.js';
import { RunRecorder, RunStageError } from './run-recorder.js';

/** Where to restore to when not in place: another namespace, another RDS identifier, a copy in another region. */
export const restoreTargetSchema = z.strictObject({
  namespace: z.string().min(1).optional(),
  rdsInstanceId: z.string().min(1).optional(),
  fromRegion: z.string().min(1).optional(),
});

export const restoreRunInputSchema = z.strictObject({
  runId: z.string().min(1),
  subjectId: z.string().min(1),
  restorePointId: z.string().min(1),
  target: restoreTargetSchema.default({}),
  options: z.record(z.string(), z.string()).default({}),
});
export type RestoreRunInput = z.infer<typeof restoreRunInputSchema>;

export async function runRestore(
  input: RestoreRunInput,
  deps: RestorePointRunDeps,
  rc: RunContext,
): Promise<RunRecord> {
  const recorder = new RunRecorder(deps.store, rc, {
    runId: input.runId,
    kind: 'restore',
    subjectId: input.subjectId,
    startedAt: rc.now().toISOString(),
  });
  await recorder.start();
  let rp: RestorePoint | undefined;
  try {
    rp = await recorder.stage('load', () => loadRestorePoint(deps, rc, input));
    const point = rp;
    const subject = input.target.namespace ? { ...point.subject, namespace: input.target.namespace } : point.subject;
    await recorder.stage('restore-data', async () => {
      // Copies are alternatives to their source snapshot (chosen by target.fromRegion), not extra data to restore.
      const primary = point.artifacts.filter((x) => x.type !== 'blueprint' && !x.type.endsWith('copy'));
      for (const a of primary) await deps.artifacts.restore(rc, a, input.target, input.runId, point.artifacts);
    });
    const keyValues = Object.fromEntries(
      point.artifacts.filter((a) => a.type === 'blueprint').map((a) => [a.name, { keyValue: { ...a.keyValue } }]),
    );
    if (point.blueprint) {
      const bp = await blueprintLoader(deps, rc)(point.blueprint);
      if (bp.actions.restore) {
        await recorder.stage('restore-action', async () => {
          const result = await deps.actions.run({
            blueprint: bp,
            action: 'restore',
            subject,
            options: input.options,
            artifactsIn: keyValues,
          });
          recorder.addAction('restore', result);
          if (result.status === 'failed')
            throw new RunStageError('restore-action', `blueprint restore failed: ${result.error?.message}`);
        });
      } else {
        recorder.skip('restore-action', `blueprint ${bp.metadata.name} has no restore action`);
      }
    }
    const run = await recorder.finish('succeeded');
    await rc.step('event:run-succeeded', () => deps.events.publish('Run Succeeded', detail(run, point)));
    return run;
  } catch (err) {
    const stage = err instanceof RunStageError ? err.stage : 'load';
    const run = await recorder.finish('failed', { stage, message: err instanceof Error ? err.message : String(err) });
    await rc.step('event:run-failed', () => deps.events.publish('Run Failed', detail(run, rp)));
    return run;
  }
}

async function loadRestorePoint(
  deps: RestorePointRunDeps,
  rc: RunContext,
  input: RestoreRunInput,
): Promise<RestorePoint> {
  const rp = await rc.step('restore-point:load', () =>
    deps.restorePoints.getRestorePoint(input.subjectId, input.restorePointId),
  );
  if (!rp) throw new RunStageError('load', `restore point ${input.restorePointId} of ${input.subjectId} not found`);
  if (rp.status === 'expiring' || rp.status === 'expired') {
    throw new RunStageError(
      'load',
      `restore point ${rp.id} is ${rp.status}; choose a newer one (holdfast restore-points)`,
    );
  }
  return rp;
}

function detail(run: RunRecord, rp: RestorePoint | undefined) {
  const base = runEventDetail(run, { policy: rp?.policy });
  return rp ? { ...base, restorePoint: restorePointSummary(rp) } : base;
}
