/**
 * The durable run handlers' logic, independent of middy and Lambda wiring: parse the input (a malformed one is
 * rejected with one logged error and no side effect), make the durable RunContext, run the use case. The functions
 * in functions/ wrap these with middy's durable mode and production dependencies; tests run them on the local
 * durable runner with test dependencies.
 */
import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { z } from 'zod';
import type { Logger, RunContext } from '../blueprint/run-context.js';
import { type BackupDeps, runBackup } from './backup-run.js';
import { type DeleteRunInput, deleteRunInputSchema, runDelete } from './delete-run.js';
import { DurableRunContext, type DurableRunContextOptions, type WaitRegistry } from './durable-run-context.js';
import type { RestorePointRunDeps } from './ports.js';
import { type RestoreRunInput, restoreRunInputSchema, runRestore } from './restore-run.js';
import { type BackupRunInput, backupRunInputSchema } from './run-input.js';

export interface DurableHandlerOptions {
  readonly log: Logger;
  readonly waits: WaitRegistry;
  readonly context?: Partial<Omit<DurableRunContextOptions, 'runId' | 'waits' | 'log'>>;
}

export type DurableRunResult =
  | { readonly status: 'rejected'; readonly errors: string[] }
  | {
      readonly status: 'succeeded' | 'failed' | 'running' | 'pending' | 'cancelled';
      readonly runId: string;
      readonly restorePointId?: string;
    };

type Handler = (event: unknown, ctx: DurableContext) => Promise<DurableRunResult>;

/** Builds a run's dependencies: clients for the run's cluster (known from its input), bound to its RunContext. */
export type DepsFactory<I, D> = (rc: RunContext, input: I) => D | Promise<D>;

function durable<S extends z.ZodType<{ runId: string }>, D>(
  kind: string,
  schema: S,
  makeDeps: DepsFactory<z.output<S>, D>,
  opts: DurableHandlerOptions,
  run: (input: z.output<S>, deps: D, rc: RunContext) => Promise<{ state: string; restorePointId?: string }>,
): Handler {
  return async (event, ctx) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
      opts.log.error(`${kind} input rejected; nothing was done`, { errors });
      return { status: 'rejected', errors };
    }
    const input = parsed.data;
    const rc = new DurableRunContext(ctx, { ...opts.context, runId: input.runId, waits: opts.waits, log: opts.log });
    const out = await run(input, await makeDeps(rc, input), rc);
    return { status: out.state as 'succeeded', runId: input.runId, restorePointId: out.restorePointId };
  };
}

export function backupRunHandler(
  makeDeps: DepsFactory<BackupRunInput, BackupDeps>,
  opts: DurableHandlerOptions,
): Handler {
  return durable('backup-run', backupRunInputSchema, makeDeps, opts, async (input, deps, rc) => {
    const r = await runBackup(input, deps, rc);
    return { state: r.run.state, restorePointId: r.restorePoint?.id };
  });
}

export function restoreRunHandler(
  makeDeps: DepsFactory<RestoreRunInput, RestorePointRunDeps>,
  opts: DurableHandlerOptions,
): Handler {
  return durable('restore-run', restoreRunInputSchema, makeDeps, opts, runRestore);
}

export function deleteRunHandler(
  makeDeps: DepsFactory<DeleteRunInput, RestorePointRunDeps>,
  opts: DurableHandlerOptions,
): Handler {
  return durable('delete-run', deleteRunInputSchema, makeDeps, opts, runDelete);
}
