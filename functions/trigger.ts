/**
 * Lambda entry point for policy triggers: an EventBridge Scheduler schedule (input `{trigger: 'schedule', policy,
 * schedule, scheduledTime}`) or a rule matching a policy's event pattern (`{trigger: 'event', policy, event}`) starts
 * one durable backup run per subject, each under its idempotent execution name.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { lambdaRunStarter } from '../shared/aws/lambda-runs.js';
import { policySource } from '../shared/runtime/config-sources.js';
import { runTrigger, type TriggerEvent, triggerEventSchema } from '../shared/runtime/trigger.js';
import { kubeInventory } from '../shared/wiring/inventory.js';
import { lambda } from './lib/aws.js';
import { configSource } from './lib/config.js';
import { env } from './lib/env.js';
import { parsedHandler } from './lib/handler.js';
import { kubeAccess } from './lib/kube.js';
import { lazy } from './lib/lazy.js';
import { portLogger } from './lib/log.js';

const logger = new Logger({ serviceName: 'holdfast-trigger' });
const policies = lazy(() => policySource(configSource(logger)));

export const handler = parsedHandler(
  { name: 'trigger', schema: triggerEventSchema, logger },
  async (event: TriggerEvent) => {
    logger.appendKeys({ policy: event.policy, trigger: event.trigger });
    const report = await runTrigger(event, {
      policies: policies(),
      inventory: kubeInventory(kubeAccess, AbortSignal.timeout(240_000)),
      starter: lambdaRunStarter(lambda(), env('HOLDFAST_BACKUP_RUN_FUNCTION')),
      log: portLogger(logger),
    });
    return { status: 'done' as const, ...report };
  },
);
