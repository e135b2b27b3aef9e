/**
 * Lambda entry point for retention (daily schedule): GFS per policy and subject; every restore point to expire gets
 * its delete run (functions/delete-run), started once under a name derived from the restore point.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { lambdaRunStarter } from '../shared/aws/lambda-runs.js';
import { policySource } from '../shared/runtime/config-sources.js';
import { type RetentionDeps, runRetention } from '../shared/runtime/retention.js';
import { lambda, restorePoints } from './lib/aws.js';
import { configSource } from './lib/config.js';
import { env } from './lib/env.js';
import { parsedHandler } from './lib/handler.js';
import { lazy } from './lib/lazy.js';
import { portLogger } from './lib/log.js';

/** EventBridge Scheduler's input for the retention schedule: nothing is needed from it. */
export const retentionEventSchema = z.looseObject({});

export function createRetentionHandler(logger: Logger, deps: () => RetentionDeps) {
  return parsedHandler({ name: 'retention', schema: retentionEventSchema, logger }, async () => {
    const report = await runRetention(deps());
    return { status: 'done' as const, kept: report.kept, expiring: report.expiring.length };
  });
}

const logger = new Logger({ serviceName: 'holdfast-retention' });
export const handler = createRetentionHandler(
  logger,
  lazy(() => ({
    policies: policySource(configSource(logger)),
    restorePoints: restorePoints(),
    starter: lambdaRunStarter(lambda(), env('HOLDFAST_DELETE_RUN_FUNCTION')),
    log: portLogger(logger),
    now: () => new Date(),
  })),
);
