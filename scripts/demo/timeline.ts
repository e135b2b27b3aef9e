/**
 * The demo's readable timeline of a run: each stage with its offset from the run's start and its duration, the
 * blueprint phases inside it, and the quiesce window — read back from the run record Holdfast stored.
 */
import type { RestorePoint, RunRecord } from '../../shared/runtime/ports.js';

const secs = (from: string, to?: string) => ((Date.parse(to ?? from) - Date.parse(from)) / 1000).toFixed(2);
const clock = (iso: string) => iso.slice(11, 23);

/** Which stage a phase ran in: by the action that ran it. */
const STAGE_OF_ACTION: Readonly<Record<string, string>> = {
  backupPrehook: 'quiesce',
  backup: 'capture',
  backupPosthook: 'unquiesce',
  restore: 'restore-action',
  delete: 'delete-action',
};

export function timeline(run: RunRecord, rp?: RestorePoint): string {
  const lines: string[] = [];
  for (const stage of run.stages) {
    const took = stage.state === 'skipped' ? 'skipped' : `${secs(stage.startedAt, stage.endedAt)}s`;
    lines.push(`  +${secs(run.startedAt, stage.startedAt).padStart(6)}s  ${stage.name.padEnd(15)}${took.padStart(8)}`);
    for (const p of run.phases.filter((x) => STAGE_OF_ACTION[x.action] === stage.name)) {
      const d = p.startedAt ? `${secs(p.startedAt, p.endedAt)}s` : '';
      lines.push(`             ${`${p.action}/${p.name} (${p.func})`.padEnd(46)}${d.padStart(7)}  ${p.state}`);
    }
    for (const a of rp?.artifacts ?? []) {
      if (stage.name === 'capture' && a.type.startsWith('rds') && a.pointInTime) {
        lines.push(`             RDS snapshot of ${a.source} accepted at ${clock(a.pointInTime)} UTC`);
      }
      if (stage.name === 'finish' && a.type.startsWith('rds'))
        lines.push(`             RDS snapshot of ${a.source} available`);
    }
  }
  if (rp?.quiesce) {
    const q = rp.quiesce;
    lines.push(
      `  quiesce window ${clock(q.start)} → ${clock(q.end)} UTC: ${q.seconds.toFixed(2)}s with the writer paused`,
    );
  }
  lines.push(`  ${run.state} in ${secs(run.startedAt, run.endedAt)}s`);
  return `${lines.join('\n')}\n`;
}

export function describeRestorePoint(rp: RestorePoint): string {
  const lines = [`  restore point ${rp.id}`, `  app ${rp.subjectId}, ${rp.consistency}-consistent`];
  for (const a of rp.artifacts) {
    const kv = a.keyValue
      ? ` (${Object.entries(a.keyValue)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')})`
      : '';
    lines.push(`  - ${a.type} ${a.name}${a.location === a.name ? '' : `: ${a.location}`}${kv}`);
  }
  return `${lines.join('\n')}\n`;
}
