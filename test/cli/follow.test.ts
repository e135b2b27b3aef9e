/**
 * How `--follow` shows a run's progress: a progress bar redrawn in place on a terminal, plain timestamped lines
 * otherwise, one JSON event per change with `--output json` — from run records read as the run goes.
 */
import { describe, expect, it } from 'vitest';
import { followRuns, type RunSource } from '../../cli/follow.js';
import type { Io } from '../../cli/output.js';
import type { RunRecord, StageRecord } from '../../shared/runtime/ports.js';

const t = (s: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, s)).toISOString();

function stage(name: string, state: StageRecord['state'], start: number, end?: number): StageRecord {
  return { name, state, startedAt: t(start), ...(end !== undefined ? { endedAt: t(end) } : {}) };
}

/** A backup as successive reads of its record see it. */
const snapshots: RunRecord[] = [
  {
    runId: 'r1',
    kind: 'backup',
    subjectId: 'c/ns/StatefulSet/db',
    state: 'running',
    startedAt: t(0),
    phases: [],
    stages: [stage('quiesce', 'running', 0)],
  },
  {
    runId: 'r1',
    kind: 'backup',
    subjectId: 'c/ns/StatefulSet/db',
    state: 'running',
    startedAt: t(0),
    phases: [
      {
        action: 'backupPrehook',
        name: 'lock',
        func: 'KubeExec',
        deferred: false,
        state: 'succeeded',
        attempts: 1,
        startedAt: t(0),
        endedAt: t(1),
      },
    ],
    stages: [stage('quiesce', 'succeeded', 0, 1), stage('capture', 'running', 1)],
  },
  {
    runId: 'r1',
    kind: 'backup',
    subjectId: 'c/ns/StatefulSet/db',
    state: 'succeeded',
    startedAt: t(0),
    endedAt: t(4),
    phases: [
      {
        action: 'backupPrehook',
        name: 'lock',
        func: 'KubeExec',
        deferred: false,
        state: 'succeeded',
        attempts: 1,
        startedAt: t(0),
        endedAt: t(1),
      },
    ],
    stages: [
      stage('quiesce', 'succeeded', 0, 1),
      stage('capture', 'succeeded', 1, 3),
      stage('record', 'succeeded', 3, 4),
    ],
  },
];

function source(): RunSource {
  let i = 0;
  return { getRun: async () => snapshots[Math.min(i++, snapshots.length - 1)] };
}

function capture(isTty: boolean): Io & { out: string } {
  const io = {
    out: '',
    isTty,
    stdout(text: string) {
      io.out += text;
    },
    stderr() {},
  };
  return io;
}

describe('following a run', () => {
  it('prints a line per change when stdout is not a terminal', async () => {
    const io = capture(false);
    const [run] = await followRuns(['r1'], source(), io, { output: 'text', intervalMs: 1 });
    expect(run?.state).toBe('succeeded');
    const lines = io.out
      .trim()
      .split('\n')
      .map((l) => l.replace(/^\d\d:\d\d:\d\d /, ''));
    expect(lines).toEqual([
      'backup r1: running',
      '  stage quiesce running',
      '  stage quiesce succeeded (1.0s)',
      '  stage capture running',
      '  phase backupPrehook/lock (KubeExec) succeeded (1.0s)',
      'backup r1: succeeded',
      '  stage capture succeeded (2.0s)',
      '  stage record succeeded (1.0s)',
    ]);
    expect(io.out).not.toContain('\r');
  });

  it('draws a progress bar in place on a terminal, and clears it at the end', async () => {
    const io = capture(true);
    await followRuns(['r1'], source(), io, { output: 'text', intervalMs: 1 });
    const erase = '\r\u001b[2K';
    expect(io.out).toContain(`${erase}[####--------------------] capture `);
    expect(io.out.endsWith('\n')).toBe(true);
  });

  it('emits one JSON event per change', async () => {
    const io = capture(false);
    await followRuns(['r1'], source(), io, { output: 'json', intervalMs: 1 });
    const events = io.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => `${e.event}:${e.name ?? ''}:${e.state}`)).toEqual([
      'run::running',
      'stage:quiesce:running',
      'stage:quiesce:succeeded',
      'stage:capture:running',
      'phase:lock:succeeded',
      'run::succeeded',
      'stage:capture:succeeded',
      'stage:record:succeeded',
    ]);
  });

  it('gives up on a run this process was running once it has settled without a record', async () => {
    const none: RunSource = { getRun: async () => undefined };
    await expect(
      followRuns(['r2'], none, capture(false), {
        output: 'text',
        intervalMs: 1,
        settled: Promise.resolve(),
        startFailure: () => 'no cluster',
      }),
    ).rejects.toThrow('run r2 could not start: no cluster');
  });
});
