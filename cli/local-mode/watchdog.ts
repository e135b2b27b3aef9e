/**
 * The watchdog of local mode, run first by every local command (DESIGN.md §2's watchdog, with local liveness): a
 * run whose holdfast process is gone — killed mid-backup, say — cannot run its posthook any more, so its quiesce
 * marker is honoured at once (the posthook runs here, against what that run ran against) and its record is marked
 * failed. Runs whose process is alive are left alone unless they outlive their maxQuiesceSeconds, as in Lambda.
 */
import { blueprintSource } from '../../shared/runtime/config-sources.js';
import type { RunStore } from '../../shared/runtime/ports.js';
import { runWatchdog, type WatchdogReport } from '../../shared/runtime/watchdog.js';
import { clusterActionRunner } from '../../shared/wiring/action-runner.js';
import { configSource } from '../config-files.js';
import { localRunContext } from './local-runs.js';
import { ownerAlive, type RunOwner, readRunOwner, releaseRun } from './run-owners.js';
import type { LocalSession } from './session.js';

async function runningRuns(session: LocalSession) {
  const out = [];
  let cursor: string | undefined;
  do {
    const page = await session.store.runs.listByState('running', { cursor });
    for (const summary of page.items) {
      const run = await session.runs.getRun(summary.runId);
      if (run) out.push(run);
    }
    cursor = page.cursor;
  } while (cursor);
  return out;
}

export async function localWatchdog(session: LocalSession, defaultConfig: readonly string[]): Promise<WatchdogReport> {
  const markers = await session.runs.listQuiesceMarkers();
  const running = await runningRuns(session);
  if (markers.length === 0 && running.length === 0) return { unquiesced: [], reconciled: [] };
  const owners = new Map<string, RunOwner | undefined>();
  for (const id of new Set([...markers.map((m) => m.runId), ...running.map((r) => r.runId)])) {
    owners.set(id, await readRunOwner(session.home, id));
  }
  const dead = (runId: string) => !ownerAlive(owners.get(runId));
  // A marker whose run is gone is overdue now, whatever its age.
  const store: RunStore = Object.assign(Object.create(session.runs) as RunStore, {
    listQuiesceMarkers: async () =>
      markers.map((m) => (dead(m.runId) ? { ...m, since: new Date(0).toISOString() } : m)),
  });
  const configs = new Map<string, ReturnType<typeof configSource>>();
  const configFor = (runId: string) => {
    const paths = owners.get(runId)?.config ?? defaultConfig;
    const key = paths.join('\n');
    if (!configs.has(key)) configs.set(key, configSource(paths, session.log));
    return configs.get(key) as ReturnType<typeof configSource>;
  };
  const report = await runWatchdog({
    store,
    blueprints: { get: (name) => blueprintSource(configFor(markerRun(markers, name))).get(name) },
    events: session.events,
    actions: async (rc, subject) => {
      const owner = owners.get(rc.runId.replace(/^watchdog:/, ''));
      return clusterActionRunner(rc, await session.clients(subject.cluster, owner?.target), session.profile);
    },
    newRunContext: (name) => localRunContext(session, name),
    runningRuns: async () => running,
    executionStatus: async (runId) => (dead(runId) ? 'STOPPED' : 'RUNNING'),
    now: () => new Date(),
  });
  for (const r of report.reconciled) await releaseRun(session.home, r.runId);
  return report;
}

/** The run whose marker names this posthook blueprint (the watchdog loads blueprints by name). */
function markerRun(markers: readonly { runId: string; posthook: { blueprint: string } }[], blueprint: string): string {
  return markers.find((m) => m.posthook.blueprint === blueprint)?.runId ?? '';
}
