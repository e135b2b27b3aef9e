/**
 * An event about a resource completes the run waiting on it (functions/rds-events): the registration is taken
 * atomically (an event delivered twice completes the wait once), then the run's durable callback is completed.
 * A callback that no longer waits (the run polled past it, or ended) is not an error: the event was a hint.
 */
import type { Logger, WaitKey } from '../blueprint/run-context.js';
import type { RunStore } from './ports.js';
import { waitKeyString } from './wait-key.js';

export interface CallbackCompleter {
  succeed(callbackId: string, result: unknown): Promise<void>;
  fail(callbackId: string, message: string): Promise<void>;
}

export type CompletionOutcome = 'completed' | 'no-wait' | 'stale-callback';

export async function completeWait(
  key: WaitKey,
  event: { readonly id: string; readonly summary: string },
  deps: { readonly store: Pick<RunStore, 'takeWait'>; readonly callbacks: CallbackCompleter; readonly log: Logger },
): Promise<CompletionOutcome> {
  const wait = await deps.store.takeWait(waitKeyString(key));
  if (!wait) {
    deps.log.info('no run waits on this resource; event ignored', { key: waitKeyString(key), event: event.id });
    return 'no-wait';
  }
  try {
    await deps.callbacks.succeed(wait.callbackId, { event: event.id, summary: event.summary });
    deps.log.info('wait completed', { key: waitKeyString(key), runId: wait.runId, event: event.id });
    return 'completed';
  } catch (err) {
    const name = (err as Error).name ?? '';
    if (/ResourceNotFound|InvalidParameterValue|CallbackNotFound|Conflict/i.test(name)) {
      deps.log.info('the run no longer waits on this callback; its poll covers it', { runId: wait.runId, error: name });
      return 'stale-callback';
    }
    throw err;
  }
}
