/**
 * The port between the pure blueprint interpreter and whatever runs it: a durable execution in Lambda, or an
 * in-process runner (CLI local mode, tests). DESIGN.md §3.
 */

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What a wait is keyed by: the AWS or Kubernetes resource whose event completes it. */
export interface WaitKey {
  readonly kind: string;
  readonly id: string;
}

export interface WaitOptions<T = void> {
  readonly timeoutSeconds: number;
  /** Returns true once the awaited state is reached; the fallback when no event arrives. */
  readonly poll: () => Promise<boolean>;
  /**
   * The call that can complete the wait (CreateDBSnapshot, CopyDBSnapshot, …). The context runs it AFTER the wait is
   * registered under `key`, so an event that arrives before the call returns still completes the wait; `waitFor`
   * returns its result. A durable adapter writes the registration, then runs `start` as a step (once per run, its
   * result checkpointed), then waits on the callback with `poll` as fallback.
   */
  readonly start?: () => Promise<T>;
  /** Aborts the wait (phase timeout); the run's own signal always does. */
  readonly signal?: AbortSignal;
}

export interface RunContext {
  /**
   * The run's id (the durable execution name): resources a run creates are named from it and the phase, so a retried
   * step finds what the first attempt created.
   */
  readonly runId: string;
  /** Runs `fn` once per run: a durable adapter checkpoints the result and replays it after a restart. */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` as a named unit that may itself take steps and wait (a blueprint phase whose function waits on AWS): a
   * durable adapter runs it in a child context (a step cannot hold waits), checkpointing its result.
   */
  scope<T>(name: string, fn: (rc: RunContext) => Promise<T>): Promise<T>;
  /**
   * Waits for an event on `key` or for `poll` to report completion, whichever comes first; runs `opts.start` once the
   * wait is registered and returns its result. An event is a hint: callers that share a key between transitions
   * confirm with their own check.
   */
  waitFor<T = void>(key: WaitKey, opts: WaitOptions<T>): Promise<T>;
  now(): Date;
  readonly log: Logger;
  /** Aborted when the run is cancelled (CLI interrupt, stop request). */
  readonly signal: AbortSignal;
}

export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  constructor(
    readonly key: WaitKey,
    readonly timeoutSeconds: number,
  ) {
    super(`timed out after ${timeoutSeconds}s waiting for ${key.kind} ${key.id}`);
  }
}
