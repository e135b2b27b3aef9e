/**
 * Details of Holdfast's run events (events/holdfast.ts): what notify and any subscriber see. Built from the
 * redacted run record; notification targets carry secret NAMES, never values. Undefined fields are left out so the
 * details validate in-process as well as after JSON serialisation.
 */
import type { NotificationTarget, RestorePointSummary } from '../../events/holdfast.js';
import type { RestorePoint, RunRecord } from './ports.js';

export interface RunEventContext {
  readonly policy?: string;
  readonly notifications?: readonly NotificationTarget[];
  readonly quiesce?: RestorePoint['quiesce'];
}

export function runEventDetail(run: RunRecord, ctx: RunEventContext): Record<string, unknown> {
  const endedAt = run.endedAt ?? run.startedAt;
  return defined({
    runId: run.runId,
    kind: run.kind,
    policy: ctx.policy || undefined,
    subjectId: run.subjectId,
    state: run.state,
    startedAt: run.startedAt,
    endedAt,
    durationSeconds: Math.max(0, (Date.parse(endedAt) - Date.parse(run.startedAt)) / 1000),
    quiesce: ctx.quiesce,
    stages: run.stages.map((s) =>
      defined({ name: s.name, state: s.state, startedAt: s.startedAt, endedAt: s.endedAt }),
    ),
    phases: run.phases.map((p) =>
      defined({
        action: p.action,
        name: p.name,
        func: p.func,
        state: p.state,
        durationSeconds:
          p.startedAt && p.endedAt ? (Date.parse(p.endedAt) - Date.parse(p.startedAt)) / 1000 : undefined,
      }),
    ),
    notifications: ctx.notifications ?? [],
    error: run.error
      ? defined({ message: run.error.message, stage: run.error.stage, phase: failedPhase(run) })
      : undefined,
  });
}

export function restorePointSummary(rp: RestorePoint): RestorePointSummary {
  return defined({
    id: rp.id,
    consistency: rp.consistency,
    quiesce: rp.quiesce,
    artifacts: rp.artifacts.map((a) =>
      defined({ type: a.type, name: a.name, location: a.location, region: a.region, sizeBytes: a.sizeBytes }),
    ),
  }) as RestorePointSummary;
}

export function restorePointExpiredDetail(rp: RestorePoint, deleteRunId: string, expiredAt: string) {
  return defined({
    restorePointId: rp.id,
    policy: rp.policy || undefined,
    subjectId: rp.subjectId,
    createdAt: rp.createdAt,
    expiredAt,
    deleteRunId,
  });
}

function failedPhase(run: RunRecord): string | undefined {
  return run.phases.find((p) => p.state === 'failed')?.name;
}

function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
