/**
 * The in-process RunContext: steps run directly, waits poll with backoff (and complete early when an event for their
 * key is delivered through `notify`). Used by the CLI's local mode and by tests; the durable adapter replaces it in
 * Lambda.
 */
import { type Logger, type RunContext, type WaitKey, type WaitOptions, WaitTimeoutError } from './run-context.js';

export interface InProcessOptions {
  readonly log: Logger;
  /** The run id resources are named from; default a random UUID (a fresh run). */
  readonly runId?: string;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** First poll interval; doubles up to `maxPollMs`. */
  readonly firstPollMs?: number;
  readonly maxPollMs?: number;
  /** Observes every completed step (name, result), e.g. to persist progress. */
  readonly onStep?: (name: string, result: unknown) => void;
}

interface Waiter {
  notified: boolean;
  wake?: () => void;
}

export class InProcessRunContext implements RunContext {
  readonly runId: string;
  readonly log: Logger;
  readonly signal: AbortSignal;
  // Several waits may share a key (e.g. two runs of one process waiting on one snapshot): an event wakes them all.
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly stepNames = new Set<string>();

  constructor(private readonly options: InProcessOptions) {
    this.runId = options.runId ?? globalThis.crypto.randomUUID();
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

  async scope<T>(name: string, fn: (rc: RunContext) => Promise<T>): Promise<T> {
    return this.step(name, () => fn(this));
  }

  /** Completes the waits registered for `key`, if any (an event arrived). Returns whether one was waiting. */
  notify(key: WaitKey): boolean {
    const waiting = this.waiters.get(keyString(key));
    for (const waiter of waiting ?? []) {
      waiter.notified = true;
      waiter.wake?.();
    }
    return waiting !== undefined && waiting.size > 0;
  }

  async waitFor<T = void>(key: WaitKey, opts: WaitOptions<T>): Promise<T> {
    const deadline = Date.now() + opts.timeoutSeconds * 1000;
    const id = keyString(key);
    const waiter: Waiter = { notified: false };
    const set = this.waiters.get(id) ?? new Set<Waiter>();
    this.waiters.set(id, set.add(waiter));
    try {
      // Registered first, then the call that can complete the wait: an event arriving meanwhile is not lost.
      const started = (opts.start ? await opts.start() : undefined) as T;
      await this.pollUntil(key, opts, waiter, deadline);
      return started;
    } finally {
      set.delete(waiter);
      if (set.size === 0) this.waiters.delete(id);
    }
  }

  private async pollUntil(key: WaitKey, opts: WaitOptions<unknown>, waiter: Waiter, deadline: number): Promise<void> {
    const signal = opts.signal ? AbortSignal.any([this.signal, opts.signal]) : this.signal;
    let interval = this.options.firstPollMs ?? 1000;
    const max = this.options.maxPollMs ?? 30_000;
    for (;;) {
      if (signal.aborted) throw new Error('aborted');
      if (waiter.notified || (await opts.poll())) return;
      const left = deadline - Date.now();
      if (left <= 0) throw new WaitTimeoutError(key, opts.timeoutSeconds);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(interval, left));
        signal.addEventListener('abort', done, { once: true });
        waiter.wake = done;
      });
      interval = Math.min(interval * 2, max);
    }
  }
}

function keyString(key: WaitKey): string {
  return `${key.kind}#${key.id}`;
}
