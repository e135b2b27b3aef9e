/**
 * The CDK app entry (`cdk.json`: `npx tsx infra/app.ts`). Reads the config (`-c config=<file>`, `$HOLDFAST_CONFIG`,
 * `holdfast.config.ts`, or the example), builds the stacks and synthesizes. A config or policy a person must fix is
 * printed as one line per problem, without a stack trace.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { InfraError } from './errors.js';
import { buildHoldfastApp } from './holdfast-app.js';
import { loadConfig } from './load-config.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const app = new App();
  const explicit = (app.node.tryGetContext('config') as string | undefined) ?? process.env.HOLDFAST_CONFIG;
  const { config, file, isExample } = await loadConfig(projectRoot, explicit);
  if (isExample) {
    console.error(`holdfast: no holdfast.config.ts, synthesizing the example (${file}); copy it to deploy your own`);
  }
  buildHoldfastApp({ app, config, projectRoot });
  app.synth();
}

main().catch((error: unknown) => {
  if (error instanceof InfraError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
});
