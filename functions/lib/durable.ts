/**
 * middy in durable mode around a durable run handler (DESIGN.md §3: `timeoutEarlyInMillis: 0`).
 */
import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import type { DurableRunResult } from '../../shared/runtime/durable-handlers.js';
import { runStore } from './aws.js';

/** Counts failed runs (the stack alarms on `Holdfast/RunFailed`), once, when the execution ends. */
export function durableFunction(
  service: string,
  core: (event: unknown, ctx: DurableContext) => Promise<DurableRunResult>,
) {
  const metrics = new Metrics({ namespace: 'Holdfast', serviceName: service });
  return middy({ executionMode: executionModeDurableContext, timeoutEarlyInMillis: 0 }).handler(
    async (event: unknown, context: DurableContext) => {
      const result = await core(event, context);
      if (result.status === 'failed') {
        metrics.addMetric('RunFailed', MetricUnit.Count, 1);
        metrics.publishStoredMetrics();
      }
      return result;
    },
  );
}

/** Wait registrations in the table, resolved on first use (importing a handler needs no environment). */
export const tableWaits = {
  registerWait: (key: string, callbackId: string, runId: string, ttl: number) =>
    runStore().registerWait(key, callbackId, runId, ttl),
};
