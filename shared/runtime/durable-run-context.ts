/**
 * RunContext on an AWS Lambda durable execution (DESIGN.md §3): steps are checkpointed and replayed, and waits cost
 * no compute — each wait is a durable callback that `functions/rds-events` completes when the resource's event
 * arrives, with polling as the fallback for lost events (EventBridge delivery of RDS events is best-effort; Aurora
 * copies emit none). The callback is registered (in the store, keyed by the resource) BEFORE the API call that can
 * complete it runs.
 */
import { CallbackExternalError, type DurableContext } from '@aws/durable-execution-sdk-js';
import {
  type Logger,
  type RunContext,
  type WaitKey,
  type WaitOptions,
  WaitTimeoutError,
} from '../blueprint/run-context.js';
import { waitKeyString } from './wait-key.js';

export interface WaitRegistry {
  registerWait(waitKey: string, callbackId: string, runId: string, ttlSeconds: number): Promise<void>;
}

export interface DurableRunContextOptions {
  readonly runId: string;
  readonly waits: WaitRegistry;
  readonly log: Logger;
  /** First poll after this many seconds without an event; doubles up to `maxPollSeconds`. */
  readonly firstPollSeconds?: number;
  readonly maxPollSeconds?: number;
  /** Called at the start of every step: tests inject faults at step boundaries with it. */
  readonly beforeStep?: (name: string) => void;
  /** Attempts of a step whose error is transient (default 3). */
  readonly stepAttempts?: number;
}

/** An error worth retrying the step for (throttling, a dropped connection, an injected fault). */
export class TransientStepError extends Error {
  override readonly name = 'TransientStepError';
}

export class DurableRunContext implements RunContext {
  readonly runId: string;
  readonly log: Logger;
  readonly signal = new AbortController().signal;
  private readonly waitCounts = new Map<string, number>();

  constructor(
    private readonly ctx: DurableContext,
    private readonly options: DurableRunContextOptions,
  ) {
    this.runId = options.runId;
    this.log = options.log;
  }

  now(): Date {
    return new Date();
  }

  step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const attempts = this.options.stepAttempts ?? 3;
    return this.ctx.step(
      name,
      async () => {
        this.options.beforeStep?.(name);
        return fn();
      },
      {
        retryStrategy: (error, attempt) => ({
          shouldRetry: isTransient(error) && attempt < attempts,
          delay: { seconds: Math.min(2 ** attempt, 30) },
        }),
      },
    ) as Promise<T>;
  }

  /**
   * A child context; a transient failure as it starts (a crash at the phase boundary) is retried under a new child
   * name, which stays deterministic on replay: the failed child replays its failure, then the retry replays.
   */
  async scope<T>(name: string, fn: (rc: RunContext) => Promise<T>): Promise<T> {
    const attempts = this.options.stepAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.ctx.runInChildContext(attempt === 1 ? name : `${name}#${attempt}`, async (child) => {
          this.options.beforeStep?.(name);
          return fn(new DurableRunContext(child, this.options));
        })) as T;
      } catch (err) {
        if (attempt >= attempts || !isTransient(rootCause(err))) throw err;
      }
    }
  }

  async waitFor<T = void>(key: WaitKey, opts: WaitOptions<T>): Promise<T> {
    const id = waitKeyString(key);
    const n = (this.waitCounts.get(id) ?? 0) + 1;
    this.waitCounts.set(id, n);
    const base = `wait:${id}:${n}`;
    const ttl = opts.timeoutSeconds + 3600;
    let interval = Math.min(this.options.firstPollSeconds ?? 30, opts.timeoutSeconds);
    let waited = 0;
    let callback = await this.callback(`${base}:0`, id, interval, ttl);
    const result = (opts.start ? await this.step(`${base}:start`, opts.start) : undefined) as T;
    for (let i = 1; ; i++) {
      // An event is a hint (one key may see several transitions): the poll confirms the state either way.
      if (await this.step(`${base}:poll:${i}`, opts.poll)) return result;
      if (waited >= opts.timeoutSeconds) throw new WaitTimeoutError(key, opts.timeoutSeconds);
      if (!(await this.settled(callback))) waited += interval;
      interval = Math.min(interval * 2, this.options.maxPollSeconds ?? 600, Math.max(1, opts.timeoutSeconds - waited));
      callback = await this.callback(`${base}:${i}`, id, interval, ttl);
    }
  }

  /** Returns the pending callback wrapped: awaiting a bare promise of a promise would wait for the event itself. */
  private async callback(
    name: string,
    waitKey: string,
    seconds: number,
    ttl: number,
  ): Promise<{ event: Promise<string> }> {
    const [event, callbackId] = await this.ctx.createCallback(name, {
      timeout: { seconds: Math.max(1, Math.ceil(seconds)) },
    });
    await this.step(`${name}:register`, () => this.options.waits.registerWait(waitKey, callbackId, this.runId, ttl));
    return { event };
  }

  /** True when an event arrived; false when the callback timed out (time to poll). A failure callback throws. */
  private async settled(callback: { event: Promise<string> }): Promise<boolean> {
    try {
      await callback.event;
      return true;
    } catch (err) {
      if (err instanceof CallbackExternalError) throw new Error(`the awaited resource failed: ${err.message}`);
      return false;
    }
  }
}

/** The durable SDK wraps errors from child contexts (and deserializes checkpointed ones): follow `cause` down. */
function rootCause(err: unknown): unknown {
  let e = err;
  for (let depth = 0; depth < 10; depth++) {
    const cause = (e as { cause?: unknown } | null)?.cause;
    if (cause === undefined || cause === null || cause === e) break;
    e = cause;
  }
  return e;
}

function isTransient(error: unknown): boolean {
  if (error instanceof TransientStepError) return true;
  const name = (error as { name?: string } | null)?.name ?? '';
  return /TransientStepError|Throttl|TooManyRequests|RequestLimitExceeded|ServiceUnavailable|InternalServerError|ECONNRESET|TimeoutError/.test(
    name,
  );
}
