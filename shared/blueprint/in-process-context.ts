/**
 * The in-process RunContext: steps run directly, waits poll with backoff (and complete early when an event for their
 * key is delivered through `notify`). Used by the CLI's local mode and by tests; the durable adapter replaces it in
 * Lambda.
 */
import { type Logger, type RunContext, type WaitKey, type WaitOptions, WaitTimeoutError } from './run-context.js';

export interface InProcessOptions {
  readonly log: Logger;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** First poll interval; doubles up to `maxPollMs`. */
  readonly firstPollMs?: number;
  readonly maxPollMs?: number;
  /** Observes every completed step (name, result), e.g. to persist progress. */
  readonly onStep?: (name: string, result: unknown) => void;
}

export class InProcessRunContext implements RunContext {
  readonly log: Logger;
  readonly signal: AbortSignal;
  private readonly waiters = new Map<string, () => void>();
  private readonly stepNames = new Set<string>();

  constructor(private readonly options: InProcessOptions) {
    this.log = options.log;
    this.signal = options.signal ?? new AbortController().signal;
  }

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    // A durable execution replays steps by position and name; a duplicate name is a bug the durable adapter would
    // only reveal in production, so catch it here.
    if (this.stepNames.has(name)) throw new Error(`step "${name}" ran twice in one run`);
    this.stepNames.add(name);
    const result = await fn();
    this.options.onStep?.(name, result);
    return result;
  }

  /** Completes the wait registered for `key`, if any (an event arrived). Returns whether one was waiting. */
  notify(key: WaitKey): boolean {
    const done = this.waiters.get(keyString(key));
    done?.();
    return done !== undefined;
  }

  async waitFor(key: WaitKey, opts: WaitOptions): Promise<void> {
    const deadline = Date.now() + opts.timeoutSeconds * 1000;
    let interval = this.options.firstPollMs ?? 1000;
    const max = this.options.maxPollMs ?? 30_000;
    let notified = false;
    const id = keyString(key);
    const wake: { fn?: () => void } = {};
    this.waiters.set(id, () => {
      notified = true;
      wake.fn?.();
    });
    try {
      for (;;) {
        if (this.signal.aborted) throw new Error('aborted');
        if (notified || (await opts.poll())) return;
        const left = deadline - Date.now();
        if (left <= 0) throw new WaitTimeoutError(key, opts.timeoutSeconds);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(interval, left));
          wake.fn = () => {
            clearTimeout(t);
            resolve();
          };
        });
        interval = Math.min(interval * 2, max);
      }
    } finally {
      this.waiters.delete(id);
    }
  }
}

function keyString(key: WaitKey): string {
  return `${key.kind}#${key.id}`;
}
