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

export interface WaitOptions {
  readonly timeoutSeconds: number;
  /** Returns true once the awaited state is reached; the fallback when no event arrives. */
  readonly poll: () => Promise<boolean>;
}

export interface RunContext {
  /** Runs `fn` once per run: a durable adapter checkpoints the result and replays it after a restart. */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Waits for an event on `key` or for `poll` to report completion, whichever comes first. */
  waitFor(key: WaitKey, opts: WaitOptions): Promise<void>;
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
