/**
 * Lambda entry point (durable) for a restore from a restore point, started by `invoke` (console or CLI).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { restoreRunHandler } from '../shared/runtime/durable-handlers.js';
import { durableFunction, tableWaits } from './lib/durable.js';
import { portLogger } from './lib/log.js';
import { restorePointRunDeps } from './lib/run-deps.js';

const logger = new Logger({ serviceName: 'holdfast-restore-run' });

export const handler = durableFunction(
  'holdfast-restore-run',
  restoreRunHandler(restorePointRunDeps(logger), { log: portLogger(logger), waits: tableWaits }),
);
