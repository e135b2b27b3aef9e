/**
 * `holdfast runs list|show`: runs by state (newest first), and one run with its stages and phases — `--follow` keeps
 * showing its progress until it ends (a progress bar on a terminal, plain lines otherwise, JSON lines with
 * `--output json`).
 */
import type { RunSummary } from '../../shared/aws/store/index.js';
import { CliError, ExitCode } from '../errors.js';
import { followRuns } from '../follow.js';
import { type Io, type OutputFormat, printJson, printJsonLine } from '../output.js';
import { duration, formatRun } from '../run-view.js';
import { type CommonOptions, withBackend } from '../with-backend.js';

const STATES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
type State = (typeof STATES)[number];

export interface RunsListOptions extends CommonOptions {
  readonly state?: string;
  readonly limit: string;
  readonly output: OutputFormat;
}

export async function runsListCommand(opts: RunsListOptions, io: Io): Promise<ExitCode> {
  if (opts.state && !STATES.includes(opts.state as State)) {
    throw new CliError(`--state ${opts.state}: expected one of ${STATES.join(', ')}`);
  }
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new CliError(`--limit ${opts.limit}: expected a whole number above 0`);
  return withBackend(opts, io, async (backend) => {
    const runs: RunSummary[] = [];
    for (const state of opts.state ? [opts.state as State] : STATES) {
      runs.push(...(await backend.store.runs.listByState(state, { limit })).items);
    }
    const key = (r: RunSummary) => r.startedAt ?? r.createdAt;
    const newest = runs.sort((a, b) => key(b).localeCompare(key(a))).slice(0, limit);
    if (opts.output === 'json') {
      printJson(io, { mode: backend.mode, runs: newest });
    } else if (newest.length === 0) {
      io.stdout('no runs\n');
    } else {
      for (const r of newest) {
        const took = r.endedAt ? duration(r.startedAt ?? r.createdAt, r.endedAt) : '';
        io.stdout(`${r.runId}  ${r.kind}  ${r.state} ${took}\n  ${r.subjectId}  started ${key(r)}\n`);
      }
    }
    return ExitCode.ok;
  });
}

export interface RunsShowOptions extends CommonOptions {
  readonly follow: boolean;
  readonly output: OutputFormat;
}

export async function runsShowCommand(runId: string, opts: RunsShowOptions, io: Io): Promise<ExitCode> {
  return withBackend(opts, io, async (backend) => {
    const run = await backend.runs.getRun(runId);
    if (!run) throw new CliError(`no run ${runId}: list runs with holdfast runs list`);
    if (!opts.follow) {
      if (opts.output === 'json') printJson(io, { mode: backend.mode, run });
      else io.stdout(formatRun(run));
      return run.state === 'failed' ? ExitCode.failed : ExitCode.ok;
    }
    const [done] = await followRuns([runId], backend.runs, io, {
      output: opts.output,
      intervalMs: backend.mode === 'local' ? 300 : 2000,
    });
    if (opts.output === 'json') printJsonLine(io, { runId, event: 'done', mode: backend.mode, run: done });
    else if (done) io.stdout(`\n${formatRun(done)}`);
    return done?.state === 'succeeded' ? ExitCode.ok : ExitCode.failed;
  });
}
