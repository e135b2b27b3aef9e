/**
 * Deletion of one expired restore point (retention, DESIGN.md §2): marks it expiring (so no restore starts from it),
 * deletes its snapshots, copies and location objects, runs the blueprint's `delete` action with `.ArtifactsIn`, then
 * marks it expired and publishes `Restore Point Expired`.
 */
import { z } from 'zod';
import type { RunContext } from '../blueprint/run-context.js';
import { blueprintLoader } from './backup-run.js';
import type { RestorePointRunDeps, RunRecord } from './ports.js';
import { restorePointExpiredDetail, runEventDetail } from './run-events.js';
import { RunRecorder, RunStageError } from './run-recorder.js';

export const deleteRunInputSchema = z.strictObject({
  runId: z.string().min(1),
  subjectId: z.string().min(1),
  restorePointId: z.string().min(1),
});
export type DeleteRunInput = z.infer<typeof deleteRunInputSchema>;

export async function runDelete(input: DeleteRunInput, deps: RestorePointRunDeps, rc: RunContext): Promise<RunRecord> {
  const recorder = new RunRecorder(deps.store, rc, {
    runId: input.runId,
    kind: 'delete',
    subjectId: input.subjectId,
    startedAt: rc.now().toISOString(),
  });
  await recorder.start();
  try {
    const rp = await recorder.stage('mark-expiring', async () => {
      const point = await rc.step('restore-point:load', () =>
        deps.restorePoints.getRestorePoint(input.subjectId, input.restorePointId),
      );
      if (!point) throw new RunStageError('mark-expiring', `restore point ${input.restorePointId} not found`);
      if (point.status !== 'expiring') {
        const taken = await rc.step('restore-point:expiring', () =>
          deps.restorePoints.markExpiring(input.subjectId, input.restorePointId),
        );
        if (!taken) throw new RunStageError('mark-expiring', `restore point ${point.id} is already being deleted`);
      }
      return point;
    });
    await recorder.stage('delete-artifacts', async () => {
      for (const a of rp.artifacts.filter((x) => x.type !== 'blueprint')) await deps.artifacts.remove(rc, a);
    });
    const bp = rp.blueprint ? await blueprintLoader(deps, rc)(rp.blueprint) : undefined;
    if (bp?.actions.delete) {
      await recorder.stage('delete-action', async () => {
        const artifactsIn = Object.fromEntries(
          rp.artifacts.filter((a) => a.type === 'blueprint').map((a) => [a.name, { keyValue: { ...a.keyValue } }]),
        );
        const result = await deps.actions.run({
          blueprint: bp,
          action: 'delete',
          subject: rp.subject,
          options: {},
          artifactsIn,
        });
        recorder.addAction('delete', result);
        if (result.status === 'failed')
          throw new RunStageError('delete-action', `blueprint delete failed: ${result.error?.message}`);
      });
    }
    // What the blueprint itself wrote to the location (StreamToLocation / ProxyRequest record path and sha256):
    // Holdfast deletes it, as Kanister's LocationDelete would have.
    const written = rp.artifacts.filter((a) => a.type === 'blueprint' && a.keyValue?.path && a.keyValue?.sha256);
    if (written.length > 0) {
      await recorder.stage('delete-objects', async () => {
        for (const a of written) {
          const path = a.keyValue?.path ?? '';
          await deps.artifacts.remove(rc, { type: 'location-object', name: a.name, location: path, path });
        }
      });
    }
    await rc.step('restore-point:expired', () => deps.restorePoints.markExpired(input.subjectId, input.restorePointId));
    const run = await recorder.finish('succeeded');
    await rc.step('event:restore-point-expired', () =>
      deps.events.publish(
        'Restore Point Expired',
        restorePointExpiredDetail(rp, run.runId, run.endedAt ?? run.startedAt),
      ),
    );
    return run;
  } catch (err) {
    const stage = err instanceof RunStageError ? err.stage : 'mark-expiring';
    const run = await recorder.finish('failed', { stage, message: err instanceof Error ? err.message : String(err) });
    await rc.step('event:run-failed', () => deps.events.publish('Run Failed', runEventDetail(run, {})));
    return run;
  }
}
