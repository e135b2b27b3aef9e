/**
 * Following runs as they go (`--follow`, and `backup`/`restore` waiting for their runs): the run records are polled
 * from the store and every change is shown — stages and phases starting and ending. On a terminal a progress bar is
 * redrawn in place; otherwise plain lines (text) or one JSON event per line (`--output json`).
 */
import type { RunRecord } from '../shared/runtime/ports.js';
import { CliError, ExitCode } from './errors.js';
import { type Io, type OutputFormat, printJsonLine } from './output.js';
import { duration, isFinished, runProgress } from './run-view.js';

export interface RunSource {
  getRun(runId: string): Promise<RunRecord | undefined>;
}

export interface FollowOptions {
  readonly output: OutputFormat;
  readonly intervalMs?: number;
  /** Why a run never got a record (local mode: it could not start), if known. */
  readonly startFailure?: (runId: string) => string | undefined;
  /** Local mode: resolves when this process ran every run; a record still missing then never comes. */
  readonly settled?: Promise<void>;
  /** How long a run may take to appear in the store (remote: the execution starting). */
  readonly appearTimeoutMs?: number;
}

const BAR_WIDTH = 24;

function clock(): string {
  return new Date().toISOString().slice(11, 19);
}

class Printer {
  private readonly seen = new Map<string, string>();
  private barShown = false;

  constructor(
    private readonly io: Io,
    private readonly output: OutputFormat,
  ) {}

  /** Shows what changed in `run` since the last call. */
  update(run: RunRecord): void {
    const changes: { key: string; state: string; line: string; event: Record<string, unknown> }[] = [];
    const note = (key: string, state: string, line: string, event: Record<string, unknown>) => {
      if (this.seen.get(key) !== state) changes.push({ key, state, line, event });
    };
    note('run', run.state, `${run.kind} ${run.runId}: ${run.state}`, { event: 'run', state: run.state });
    for (const s of run.stages) {
      const took = s.state === 'running' ? '' : ` (${duration(s.startedAt, s.endedAt)})`;
      note(`stage:${s.name}`, s.state, `  stage ${s.name} ${s.state}${took}`, {
        event: 'stage',
        name: s.name,
        state: s.state,
      });
    }
    for (const p of run.phases) {
      const took = p.state === 'running' ? '' : ` (${duration(p.startedAt, p.endedAt)})`;
      note(`phase:${p.action}/${p.name}`, p.state, `  phase ${p.action}/${p.name} (${p.func}) ${p.state}${took}`, {
        event: 'phase',
        action: p.action,
        name: p.name,
        func: p.func,
        state: p.state,
      });
    }
    for (const c of changes) {
      this.seen.set(c.key, c.state);
      if (this.output === 'json')
        printJsonLine(this.io, { runId: run.runId, ...c.event, at: new Date().toISOString() });
      else this.line(`${clock()} ${c.line}`);
    }
    if (this.output === 'text' && this.io.isTty && !isFinished(run)) this.bar(run);
  }

  private line(text: string): void {
    if (this.barShown) this.io.stdout('\r\x1b[2K');
    this.barShown = false;
    this.io.stdout(`${text}\n`);
  }

  private bar(run: RunRecord): void {
    const filled = Math.round(runProgress(run) * BAR_WIDTH);
    const current = run.stages.findLast((s) => s.state === 'running')?.name ?? run.state;
    const elapsed = duration(run.startedAt, new Date().toISOString());
    this.io.stdout(`\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${current} ${elapsed}`);
    this.barShown = true;
  }

  finish(): void {
    if (this.barShown) this.io.stdout('\r\x1b[2K');
    this.barShown = false;
  }
}

async function followOne(runId: string, source: RunSource, io: Io, opts: FollowOptions): Promise<RunRecord> {
  const printer = new Printer(io, opts.output);
  let settled = false;
  void opts.settled?.then(() => {
    settled = true;
  });
  const appearBy = Date.now() + (opts.appearTimeoutMs ?? 120_000);
  try {
    for (;;) {
      const settledBefore = settled;
      const run = await source.getRun(runId);
      if (run) {
        printer.update(run);
        if (isFinished(run)) return run;
      } else {
        const failure = opts.startFailure?.(runId);
        if (failure) throw new CliError(`run ${runId} could not start: ${failure}`, ExitCode.failed);
        if (settledBefore || Date.now() > appearBy) {
          throw new CliError(`run ${runId} has no record; see holdfast runs list`, ExitCode.failed);
        }
      }
      if (settledBefore && run && !isFinished(run)) {
        // This process ran it and is done with it: the record will not change any more.
        return run;
      }
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
    }
  } finally {
    printer.finish();
  }
}

/** Follows the runs one after the other; returns their final records. */
export async function followRuns(
  runIds: readonly string[],
  source: RunSource,
  io: Io,
  opts: FollowOptions,
): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  for (const id of runIds) out.push(await followOne(id, source, io, opts));
  return out;
}
