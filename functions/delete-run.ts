/**
 * Lambda entry point (durable) for the deletion of one expired restore point, started by `retention`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { deleteRunHandler } from '../shared/runtime/durable-handlers.js';
import { durableFunction, tableWaits } from './lib/durable.js';
import { portLogger } from './lib/log.js';
import { restorePointRunDeps } from './lib/run-deps.js';

const logger = new Logger({ serviceName: 'holdfast-delete-run' });

export const handler = durableFunction(
  'holdfast-delete-run',
  deleteRunHandler(restorePointRunDeps(logger), { log: portLogger(logger), waits: tableWaits }),
);
