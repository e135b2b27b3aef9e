/**
 * Lambda entry point for on-demand requests from the console (test events in events/samples/invoke/) and from the
 * CLI's remote mode: back up a policy now, restore a restore point, list restore points, show a run, validate a
 * blueprint or policy.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { lambdaRunStarter } from '../shared/aws/lambda-runs.js';
import { validationPorts } from '../shared/engine/validation-ports.js';
import { policySource } from '../shared/runtime/config-sources.js';
import { handleInvoke, type InvokeRequest, invokeRequestSchema } from '../shared/runtime/invoke.js';
import { kubeInventory } from '../shared/wiring/inventory.js';
import { lambda, restorePoints, runStore } from './lib/aws.js';
import { configSource } from './lib/config.js';
import { env } from './lib/env.js';
import { parsedHandler } from './lib/handler.js';
import { kubeAccess } from './lib/kube.js';
import { lazy } from './lib/lazy.js';
import { portLogger } from './lib/log.js';

const logger = new Logger({ serviceName: 'holdfast-invoke' });
const policies = lazy(() => policySource(configSource(logger)));

export const handler = parsedHandler({ name: 'invoke', schema: invokeRequestSchema, logger }, (req: InvokeRequest) =>
  handleInvoke(req, {
    policies: policies(),
    inventory: kubeInventory(kubeAccess, AbortSignal.timeout(60_000)),
    backupStarter: lambdaRunStarter(lambda(), env('HOLDFAST_BACKUP_RUN_FUNCTION')),
    restoreStarter: lambdaRunStarter(lambda(), env('HOLDFAST_RESTORE_RUN_FUNCTION')),
    runs: runStore(),
    restorePoints: restorePoints(),
    validation: validationPorts(),
    log: portLogger(logger),
    now: () => new Date(),
  }),
);
