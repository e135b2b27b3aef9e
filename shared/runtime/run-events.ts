/**
 * The detail of Holdfast's run events (`Run Succeeded`, `Run Failed`, `Restore Point Created`): what notify and any
 * subscriber see. Built from the redacted run record; carries secret NAMES for notifications, never values.
 */
import type { RunRecord } from './ports.js';
import type { BackupRunInput } from './run-input.js';

export function runEventDetail(run: RunRecord, input: Pick<BackupRunInput, 'policy' | 'subject' | 'notifications'>) {
  const ms = run.endedAt ? Date.parse(run.endedAt) - Date.parse(run.startedAt) : undefined;
  return {
    runId: run.runId,
    kind: run.kind,
    policy: input.policy,
    subjectId: run.subjectId,
    state: run.state,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    durationSeconds: ms === undefined ? undefined : ms / 1000,
    stages: run.stages.map((s) => ({ name: s.name, state: s.state, startedAt: s.startedAt, endedAt: s.endedAt })),
    phases: run.phases.map((p) => ({ action: p.action, name: p.name, func: p.func, state: p.state })),
    error: run.error,
    notifications: input.notifications,
  };
}
