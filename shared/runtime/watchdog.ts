/**
 * The watchdog (every minute, DESIGN.md §2): a run can be stopped, time out or crash while the app is quiesced, and a
 * durable execution's `finally` does not run then. For every quiesce marker older than its run's
 * `maxQuiesceSeconds`, the watchdog runs the hooks blueprint's `backupPosthook` itself and removes the marker; and it
 * marks as failed the run records whose execution ended without saying so.
 */
import type { RunContext } from '../blueprint/run-context.js';
import type { ActionRunner, BlueprintSource, QuiesceMarker, RunEvents, RunRecord, RunStore } from './ports.js';
import { runEventDetail } from './run-events.js';
import type { Subject } from './run-input.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'STOPPED' | 'UNKNOWN';

export interface WatchdogDeps {
  readonly store: RunStore;
  readonly blueprints: BlueprintSource;
  readonly events: RunEvents;
  /** Makes an action runner with its own run context for one unquiesce, on the subject's cluster. */
  readonly actions: (rc: RunContext, subject: Subject) => ActionRunner | Promise<ActionRunner>;
  readonly newRunContext: (name: string) => RunContext;
  /** Runs the store thinks are running, and what their executions say. */
  readonly runningRuns: () => Promise<RunRecord[]>;
  readonly executionStatus: (runId: string) => Promise<ExecutionStatus>;
  readonly now: () => Date;
  /** Grace past maxQuiesceSeconds before the watchdog steps in (default 0). */
  readonly graceSeconds?: number;
}

export interface WatchdogReport {
  readonly unquiesced: { app: string; runId: string; ok: boolean; error?: string }[];
  readonly reconciled: { runId: string; status: ExecutionStatus }[];
}

export async function runWatchdog(deps: WatchdogDeps): Promise<WatchdogReport> {
  const unquiesced: WatchdogReport['unquiesced'] = [];
  for (const marker of await deps.store.listQuiesceMarkers()) {
    const ageSeconds = (deps.now().getTime() - Date.parse(marker.since)) / 1000;
    if (ageSeconds <= marker.maxQuiesceSeconds + (deps.graceSeconds ?? 0)) continue;
    unquiesced.push(await unquiesce(deps, marker));
  }
  const reconciled: WatchdogReport['reconciled'] = [];
  for (const run of await deps.runningRuns()) {
    const status = await deps.executionStatus(run.runId);
    if (status !== 'FAILED' && status !== 'TIMED_OUT' && status !== 'STOPPED') continue;
    const ended: RunRecord = {
      ...run,
      state: 'failed',
      endedAt: deps.now().toISOString(),
      error: { stage: run.stages.at(-1)?.name ?? 'start', message: `the run's execution ended ${status}` },
    };
    await deps.store.putRun(ended);
    await deps.events.publish('Run Failed', runEventDetail(ended, { policy: run.policy }));
    reconciled.push({ runId: run.runId, status });
  }
  return { unquiesced, reconciled };
}

async function unquiesce(deps: WatchdogDeps, marker: QuiesceMarker): Promise<WatchdogReport['unquiesced'][number]> {
  const rc = deps.newRunContext(`watchdog:${marker.runId}`);
  try {
    const blueprint = await deps.blueprints.get(marker.posthook.blueprint);
    const result = await (await deps.actions(rc, marker.posthook.subject)).run({
      blueprint,
      action: 'backupPosthook',
      subject: marker.posthook.subject,
      options: marker.posthook.options,
    });
    if (result.status === 'failed') {
      rc.log.error('watchdog posthook failed; the marker stays and the next tick retries', {
        app: marker.app,
        error: result.error?.message,
      });
      return { app: marker.app, runId: marker.runId, ok: false, error: result.error?.message };
    }
    await deps.store.releaseQuiesce(marker.app, marker.runId);
    rc.log.warn('app unquiesced by the watchdog', { app: marker.app, runId: marker.runId });
    return { app: marker.app, runId: marker.runId, ok: true };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    rc.log.error('watchdog could not unquiesce; the next tick retries', { app: marker.app, error });
    return { app: marker.app, runId: marker.runId, ok: false, error };
  }
}
