/**
 * `holdfast restore-points list|show`: restore points by app (`--app`), by policy (`--policy`) or all of them, in a
 * time range (`--since`, `--until`), newest first; one restore point with every artifact.
 */
import type { RestorePoint } from '../../shared/runtime/ports.js';
import type { Backend } from '../backend.js';
import { CliError, ExitCode } from '../errors.js';
import { type Io, type OutputFormat, printJson } from '../output.js';
import { formatRestorePoint } from '../run-view.js';
import { type CommonOptions, withBackend } from '../with-backend.js';

export interface RestorePointListOptions extends CommonOptions {
  readonly app?: string;
  readonly policy?: string;
  readonly since?: string;
  readonly until?: string;
  readonly limit: string;
  readonly output: OutputFormat;
}

function time(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new CliError(`${flag} ${value}: expected a time such as 2026-03-01 or 2026-03-01T10:00:00Z`);
  return new Date(t).toISOString();
}

function limitOf(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--limit ${value}: expected a whole number above 0`);
  return n;
}

/** Every restore point, found through the succeeded backup runs that recorded them. */
async function allRestorePoints(backend: Backend): Promise<RestorePoint[]> {
  const out: RestorePoint[] = [];
  let cursor: string | undefined;
  do {
    const page = await backend.store.runs.listByState('succeeded', { cursor, limit: 1000 });
    for (const run of page.items) {
      if (run.kind !== 'backup' || !run.restorePointId) continue;
      const rp = await backend.restorePoints.getRestorePoint(run.subjectId, run.restorePointId);
      if (rp) out.push(rp);
    }
    cursor = page.cursor;
  } while (cursor);
  return out;
}

export async function listRestorePoints(
  backend: Backend,
  filter: { app?: string; policy?: string; since?: string; until?: string },
): Promise<RestorePoint[]> {
  const points = filter.app
    ? await backend.restorePoints.listRestorePoints(filter.app)
    : filter.policy
      ? await backend.restorePoints.listByPolicy(filter.policy)
      : await allRestorePoints(backend);
  return points
    .filter((p) => !filter.policy || p.policy === filter.policy)
    .filter((p) => (!filter.since || p.createdAt >= filter.since) && (!filter.until || p.createdAt <= filter.until))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function restorePointsListCommand(opts: RestorePointListOptions, io: Io): Promise<ExitCode> {
  const filter = {
    app: opts.app,
    policy: opts.policy,
    since: time(opts.since, '--since'),
    until: time(opts.until, '--until'),
  };
  const limit = limitOf(opts.limit);
  return withBackend(opts, io, async (backend) => {
    const points = (await listRestorePoints(backend, filter)).slice(0, limit);
    if (opts.output === 'json') printJson(io, { mode: backend.mode, restorePoints: points });
    else if (points.length === 0) io.stdout('no restore points\n');
    else for (const p of points) io.stdout(formatRestorePoint(p));
    return ExitCode.ok;
  });
}

/** The app of a restore point, when the user gave only its id. */
export async function findRestorePoint(backend: Backend, id: string, app?: string): Promise<RestorePoint> {
  const rp = app
    ? await backend.restorePoints.getRestorePoint(app, id)
    : (await allRestorePoints(backend)).find((p) => p.id === id);
  if (!rp) {
    throw new CliError(
      `no restore point ${id}${app ? ` of ${app}` : ''}: list them with holdfast restore-points list`,
      ExitCode.invalidInput,
    );
  }
  return rp;
}

export interface RestorePointShowOptions extends CommonOptions {
  readonly app?: string;
  readonly output: OutputFormat;
}

export async function restorePointsShowCommand(id: string, opts: RestorePointShowOptions, io: Io): Promise<ExitCode> {
  return withBackend(opts, io, async (backend) => {
    const rp = await findRestorePoint(backend, id, opts.app);
    if (opts.output === 'json') {
      printJson(io, { mode: backend.mode, restorePoint: rp });
      return ExitCode.ok;
    }
    io.stdout(formatRestorePoint(rp));
    if (rp.quiesce) io.stdout(`  quiesce window: ${rp.quiesce.start} → ${rp.quiesce.end}\n`);
    for (const a of rp.artifacts) {
      const where = [a.location, a.region, a.sizeBytes !== undefined ? `${a.sizeBytes} bytes` : undefined];
      io.stdout(`  - ${a.type} ${a.name}: ${where.filter(Boolean).join(', ')}\n`);
      for (const [k, v] of Object.entries(a.keyValue ?? {})) io.stdout(`      ${k}: ${v}\n`);
    }
    return ExitCode.ok;
  });
}
