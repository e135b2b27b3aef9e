/**
 * Dependencies of the runs that work on an existing restore point (restore, delete): the subject's cluster comes
 * from the restore point's subject id.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { RunContext } from '../../shared/blueprint/run-context.js';
import { blueprintSource } from '../../shared/runtime/config-sources.js';
import type { RestorePointRunDeps } from '../../shared/runtime/ports.js';
import { clusterActionRunner } from '../../shared/wiring/action-runner.js';
import { artifactHandler } from '../../shared/wiring/artifacts.js';
import { restorePoints, runStore } from './aws.js';
import { runEvents } from './bus.js';
import { configSource } from './config.js';
import { clusterOf, edgeClients, locationProfile } from './edge.js';
import { lazy } from './lazy.js';

export function restorePointRunDeps(logger: Logger) {
  const config = lazy(() => configSource(logger));
  return async (rc: RunContext, input: { subjectId: string }): Promise<RestorePointRunDeps> => {
    const clients = await edgeClients(clusterOf(input.subjectId));
    return {
      store: runStore(),
      restorePoints: restorePoints(),
      events: runEvents(),
      blueprints: blueprintSource(config()),
      actions: clusterActionRunner(rc, clients, locationProfile()),
      artifacts: artifactHandler(clients),
    };
  };
}
