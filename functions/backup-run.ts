/**
 * Lambda entry point (durable) for one policy backup run of one subject; started by `trigger` and `invoke` through
 * the `live` alias with an idempotent execution name. The run itself is shared/runtime/backup-run.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { blueprintSource } from '../shared/runtime/config-sources.js';
import { backupRunHandler } from '../shared/runtime/durable-handlers.js';
import { clusterActionRunner } from '../shared/wiring/action-runner.js';
import { policyCaptures } from '../shared/wiring/captures.js';
import { rdsCopyExporter } from '../shared/wiring/exporter.js';
import { workloadPvcs } from '../shared/wiring/pvcs.js';
import { runStore } from './lib/aws.js';
import { runEvents } from './lib/bus.js';
import { configSource } from './lib/config.js';
import { durableFunction, tableWaits } from './lib/durable.js';
import { edgeClients, locationProfile } from './lib/edge.js';
import { lazy } from './lib/lazy.js';
import { portLogger } from './lib/log.js';

const logger = new Logger({ serviceName: 'holdfast-backup-run' });
const config = lazy(() => configSource(logger));

export const handler = durableFunction(
  'holdfast-backup-run',
  backupRunHandler(
    async (rc, input) => {
      const clients = await edgeClients(input.subject.cluster);
      const kube = clients.kube;
      return {
        store: runStore(),
        events: runEvents(),
        blueprints: blueprintSource(config()),
        actions: clusterActionRunner(rc, clients, locationProfile()),
        captures: (i) =>
          policyCaptures(i, clients, async () =>
            kube ? workloadPvcs(kube, i.subject, i.capture.csiSnapshots?.pvcSelector, rc.signal) : [],
          ),
        exporter: rdsCopyExporter(clients),
      };
    },
    { log: portLogger(logger), waits: tableWaits },
  ),
);
