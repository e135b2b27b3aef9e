/**
 * Prints the Kubernetes RBAC for the clusters in the config (`accessPolicy: rbac`), one cluster at a time:
 *   npx tsx infra/print-rbac.ts [--cluster <name>] [--config <file>] | kubectl --context <ctx> apply -f -
 * With several clusters and no --cluster it prints each, headed by its name: apply each part to its cluster.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InfraError } from './errors.js';
import { renderRbac } from './kube-rbac.js';
import { loadConfig } from './load-config.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cluster: { type: 'string' }, config: { type: 'string' } } });
  const { config } = await loadConfig(projectRoot, values.config ?? process.env.HOLDFAST_CONFIG);
  const clusters = config.clusters.filter((c) => !values.cluster || c.name === values.cluster);
  if (clusters.length === 0) {
    throw new InfraError(
      `no cluster "${values.cluster}" in the config; clusters: ${config.clusters.map((c) => c.name).join(', ')}`,
    );
  }
  process.stdout.write(clusters.map(renderRbac).join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof InfraError ? error.message : error);
  process.exit(1);
});
