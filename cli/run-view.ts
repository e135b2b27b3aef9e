/**
 * How runs and restore points read on a terminal: a run with its stages and phases (state, duration), and one line
 * per restore point with the command that restores it.
 */
import type { RestorePoint, RunRecord } from '../shared/runtime/ports.js';

/** The stages each kind of run goes through, in order (progress is measured against them). */
export const RUN_STAGES: Readonly<Record<RunRecord['kind'], readonly string[]>> = {
  backup: ['quiesce', 'capture', 'unquiesce', 'finish', 'export', 'record'],
  restore: ['load', 'restore-data', 'restore-action'],
  delete: ['mark-expiring', 'delete-artifacts', 'delete-action'],
};

export function seconds(start?: string, end?: string): number | undefined {
  if (!start || !end) return undefined;
  return Math.max(0, (Date.parse(end) - Date.parse(start)) / 1000);
}

export function duration(start?: string, end?: string): string {
  const s = seconds(start, end);
  return s === undefined ? '' : s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}

/** Completed stages over the stages this kind of run has (1 once the run ended). */
export function runProgress(run: RunRecord): number {
  if (run.state !== 'running' && run.state !== 'pending') return 1;
  const names = RUN_STAGES[run.kind];
  const done = run.stages.filter((s) => names.includes(s.name) && s.state !== 'running').length;
  return Math.min(done / names.length, 0.99);
}

export function isFinished(run: RunRecord): boolean {
  return run.state === 'succeeded' || run.state === 'failed' || run.state === 'cancelled';
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}

export function formatRun(run: RunRecord): string {
  const lines = [
    `run ${run.runId}`,
    `  kind      ${run.kind}`,
    `  state     ${run.state}${run.endedAt ? ` after ${duration(run.startedAt, run.endedAt)}` : ''}`,
    ...(run.policy ? [`  policy    ${run.policy}`] : []),
    `  subject   ${run.subjectId}`,
    `  started   ${run.startedAt}`,
    ...(run.restorePointId ? [`  restore point  ${run.restorePointId}`] : []),
    ...(run.error ? [`  error     ${run.error.message} (stage ${run.error.stage})`] : []),
  ];
  if (run.stages.length > 0) {
    lines.push('', `  ${pad('stage', 16)}${pad('state', 11)}duration  detail`);
    for (const s of run.stages) {
      lines.push(
        `  ${pad(s.name, 16)}${pad(s.state, 11)}${pad(duration(s.startedAt, s.endedAt), 10)}${s.detail ?? ''}`,
      );
    }
  }
  if (run.phases.length > 0) {
    lines.push('', `  ${pad('phase', 36)}${pad('state', 11)}duration`);
    for (const p of run.phases) {
      const name = `${p.action}/${p.name} (${p.func})`;
      lines.push(`  ${pad(name, 36)}${pad(p.state, 11)}${duration(p.startedAt, p.endedAt)}`);
      if (p.error) lines.push(`    ${p.error}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function formatRestorePoint(rp: RestorePoint): string {
  const q = rp.quiesce ? `quiesced ${rp.quiesce.seconds.toFixed(1)}s` : 'no quiesce';
  const artifacts = rp.artifacts.map((a) => `${a.type}:${a.name}`).join(', ') || 'no artifacts';
  const status = rp.status && rp.status !== 'complete' ? ` [${rp.status}]` : '';
  return (
    `${rp.id}${status}\n  app ${rp.subjectId}  policy ${rp.policy || '-'}  ${rp.consistency}-consistent, ${q}\n` +
    `  artifacts: ${artifacts}\n  restore: holdfast restore '${rp.id}' --app ${rp.subjectId}\n`
  );
}
