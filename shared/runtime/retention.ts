/**
 * Retention (daily, DESIGN.md §2): for every policy, its restore points per subject go through GFS
 * (shared/policy/retention.ts); each restore point to expire gets a delete run, started with an idempotent
 * execution name, so a retention pass that runs twice deletes each restore point once.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../blueprint/run-context.js';
import { applyRetention } from '../policy/retention.js';
import type { RestorePoint } from './ports.js';
import { forEachLimited, type PolicySource, type Starter } from './trigger.js';

export interface RetentionDeps {
  readonly policies: PolicySource;
  /** Every restore point of the policy that is not expired yet. */
  readonly restorePoints: { listByPolicy(policy: string): Promise<RestorePoint[]> };
  readonly starter: Starter;
  readonly log: Logger;
  readonly now: () => Date;
}

export interface RetentionReport {
  readonly kept: number;
  readonly expiring: { subjectId: string; restorePointId: string; deleteRun: string }[];
}

/**
 * The delete run of a restore point on a given day, within Lambda's 64 characters: a pass that runs twice in a day
 * starts it once, and a deletion that failed is tried again by the next day's pass (a durable execution name cannot
 * be reused for a new run).
 */
export function deleteRunName(subjectId: string, restorePointId: string, day: string): string {
  return `delete-${createHash('sha256').update(`${subjectId}#${restorePointId}#${day}`).digest('hex').slice(0, 40)}`;
}

export async function runRetention(deps: RetentionDeps): Promise<RetentionReport> {
  let kept = 0;
  const expiring: RetentionReport['expiring'] = [];
  const day = deps.now().toISOString().slice(0, 10);
  for (const policy of await deps.policies.list()) {
    const points = (await deps.restorePoints.listByPolicy(policy.metadata.name)).filter((p) => p.status !== 'expired');
    const bySubject = Map.groupBy(points, (p) => p.subjectId);
    const timeZone = policy.spec.triggers?.schedules?.[0]?.timeZone ?? 'UTC';
    for (const [subjectId, list] of bySubject) {
      const decision = applyRetention(
        list.map((p) => ({ id: p.id, time: new Date(p.createdAt), complete: (p.status ?? 'complete') !== 'expiring' })),
        policy.spec.retention,
        deps.now(),
        { timeZone },
      );
      kept += decision.keep.length;
      for (const id of decision.expire) {
        expiring.push({ subjectId, restorePointId: id, deleteRun: deleteRunName(subjectId, id, day) });
      }
    }
  }
  await forEachLimited(expiring, 10, async (e) => {
    await deps.starter.start(e.deleteRun, {
      runId: e.deleteRun,
      subjectId: e.subjectId,
      restorePointId: e.restorePointId,
    });
  });
  deps.log.info('retention pass', { kept, expiring: expiring.length });
  return { kept, expiring };
}
