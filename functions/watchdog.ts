/**
 * Lambda entry point for the watchdog (every minute): unquiesces apps whose quiesce marker outlived its run's
 * maxQuiesceSeconds (the run was stopped, timed out or crashed while the app was held), and marks run records failed
 * whose durable execution ended without saying so.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { lambdaExecutionStatus } from '../shared/aws/lambda-runs.js';
import { InProcessRunContext } from '../shared/blueprint/in-process-context.js';
import { blueprintSource } from '../shared/runtime/config-sources.js';
import type { RunKind, RunRecord } from '../shared/runtime/ports.js';
import { runWatchdog } from '../shared/runtime/watchdog.js';
import { clusterActionRunner } from '../shared/wiring/action-runner.js';
import { lambda, runStore, store } from './lib/aws.js';
import { runEvents } from './lib/bus.js';
import { configSource } from './lib/config.js';
import { env } from './lib/env.js';
import { parsedHandler } from './lib/handler.js';
import { kubeAccess } from './lib/kube.js';
import { lazy } from './lib/lazy.js';
import { portLogger } from './lib/log.js';

const logger = new Logger({ serviceName: 'holdfast-watchdog' });
const metrics = new Metrics({ namespace: 'Holdfast', serviceName: 'holdfast-watchdog' });
const log = portLogger(logger);
const blueprints = lazy(() => blueprintSource(configSource(logger)));

const FUNCTION: Record<
  RunKind,
  'HOLDFAST_BACKUP_RUN_FUNCTION' | 'HOLDFAST_RESTORE_RUN_FUNCTION' | 'HOLDFAST_DELETE_RUN_FUNCTION'
> = {
  backup: 'HOLDFAST_BACKUP_RUN_FUNCTION',
  restore: 'HOLDFAST_RESTORE_RUN_FUNCTION',
  delete: 'HOLDFAST_DELETE_RUN_FUNCTION',
};

async function runningRuns(): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store().runs.listByState('running', { cursor });
    for (const summary of page.items) {
      const run = await runStore().getRun(summary.runId);
      if (run) out.push(run);
    }
    cursor = page.cursor;
  } while (cursor);
  return out;
}

export const handler = parsedHandler({ name: 'watchdog', schema: z.looseObject({}), logger }, async () => {
  const running = await runningRuns();
  const kindOf = new Map(running.map((r) => [r.runId, r.kind]));
  const report = await runWatchdog({
    store: runStore(),
    blueprints: blueprints(),
    events: runEvents(),
    // Cluster access only: a posthook unquiesces the app; the watchdog has no business with RDS or the location.
    actions: async (rc, subject) => clusterActionRunner(rc, { kube: await kubeAccess(subject.cluster) }),
    newRunContext: (name) => new InProcessRunContext({ log, runId: name }),
    runningRuns: async () => running,
    executionStatus: (runId) => lambdaExecutionStatus(lambda(), env(FUNCTION[kindOf.get(runId) ?? 'backup']))(runId),
    now: () => new Date(),
  });
  if (report.unquiesced.length > 0) {
    logger.warn('apps unquiesced by the watchdog', { unquiesced: report.unquiesced });
  }
  // The stack alarms on this: an app held past its run's maxQuiesceSeconds.
  metrics.addMetric('StuckQuiesceMarker', MetricUnit.Count, report.unquiesced.length);
  metrics.publishStoredMetrics();
  return { status: 'done' as const, ...report };
});
