/**
 * One interface for the commands whatever the mode: requests go through `handleInvoke`'s schema either way (remote:
 * the `invoke` Lambda function; local: `handleInvoke` in this process with starters that run the runs here), and runs
 * and restore points are read from the store (remote: the stack's table; local: the embedded DynamoDB Local).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { z } from 'zod';
import { createStore, type Store } from '../shared/aws/store/index.js';
import { DynamoRestorePoints } from '../shared/aws/store/restore-point-port.js';
import { DynamoRunStore } from '../shared/aws/store/run-store-adapter.js';
import type { Logger } from '../shared/blueprint/run-context.js';
import type { ConfigSource } from '../shared/runtime/config-sources.js';
import { handleInvoke, type InvokeResponse, invokeRequestSchema } from '../shared/runtime/invoke.js';
import { configPaths, configSource } from './config-files.js';
import { CliError, ExitCode } from './errors.js';
import { LocalHome } from './local-mode/home.js';
import { LocalRuns } from './local-mode/local-runs.js';
import { type LocalSession, openLocalSession } from './local-mode/session.js';
import { localWatchdog } from './local-mode/watchdog.js';
import { type ModeOptions, resolveMode } from './mode.js';

export interface LocalParts {
  readonly session: LocalSession;
  readonly runs: LocalRuns;
  readonly config: ConfigSource;
  readonly configPaths: readonly string[];
}

export interface Backend {
  readonly mode: 'local' | 'remote';
  readonly store: Store;
  readonly runs: DynamoRunStore;
  readonly restorePoints: DynamoRestorePoints;
  /** An on-demand request, as the `invoke` function takes it (defaults may be left out). */
  invoke(req: z.input<typeof invokeRequestSchema>): Promise<InvokeResponse>;
  /** Local mode only: the session and the runs this process carries out. */
  readonly local?: LocalParts;
  close(): Promise<void>;
}

export interface BackendOptions extends ModeOptions {
  readonly config?: readonly string[];
  /** Files named on the command line (a policy, a blueprint) that join the configuration. */
  readonly configFiles?: readonly (string | undefined)[];
}

export async function openBackend(opts: BackendOptions, log: Logger, notify: (line: string) => void): Promise<Backend> {
  const mode = await resolveMode(opts);
  if (mode.kind === 'remote') return remoteBackend(mode.invokeFunction, mode.table, mode.region);
  const paths = configPaths(opts.config ?? [], opts.configFiles ?? []);
  const session = await openLocalSession(new LocalHome(), mode.target, log);
  try {
    const report = await localWatchdog(session, paths);
    for (const u of report.unquiesced) {
      notify(
        u.ok
          ? `unquiesced ${u.app}: run ${u.runId} ended without its posthook (its holdfast process is gone)`
          : `could not unquiesce ${u.app} left by run ${u.runId}: ${u.error}; the next holdfast command retries`,
      );
    }
    for (const r of report.reconciled) notify(`run ${r.runId} marked failed: its holdfast process is gone`);
  } catch (err) {
    await session.close();
    throw err;
  }
  const config = configSource(paths, log);
  const runs = new LocalRuns(session, config, paths);
  return {
    mode: 'local',
    store: session.store,
    runs: session.runs,
    restorePoints: session.restorePoints,
    invoke: async (req) => handleInvoke(invokeRequestSchema.parse(req), runs.invokeDeps()),
    local: { session, runs, config, configPaths: paths },
    close: () => session.close(),
  };
}

function remoteBackend(invokeFunction: string, table: string, region?: string): Backend {
  const lambda = new LambdaClient(region ? { region } : {});
  const dynamo = new DynamoDBClient(region ? { region } : {});
  const store = createStore({ client: dynamo, tableName: table });
  return {
    mode: 'remote',
    store,
    runs: new DynamoRunStore(store),
    restorePoints: new DynamoRestorePoints(store),
    async invoke(req) {
      const out = await lambda
        .send(
          new InvokeCommand({ FunctionName: invokeFunction, Payload: new TextEncoder().encode(JSON.stringify(req)) }),
        )
        .catch((err: unknown) => {
          throw new CliError(`cannot invoke ${invokeFunction}: ${(err as Error).message}`, ExitCode.environment);
        });
      const text = new TextDecoder().decode(out.Payload ?? new Uint8Array());
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (out.FunctionError) {
        throw new CliError(`${invokeFunction} failed: ${String(body.errorMessage ?? text)}`, ExitCode.failed);
      }
      if (body.status === 'rejected') {
        throw new CliError(`${invokeFunction} rejected the request: ${String(body.problems)}`, ExitCode.invalidInput);
      }
      return body as unknown as InvokeResponse;
    },
    async close() {
      lambda.destroy();
      dynamo.destroy();
    },
  };
}
