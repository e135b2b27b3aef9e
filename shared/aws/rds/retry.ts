/**
 * Our retry on top of the SDK's: RDS throttles per account and region (`Throttling`, `RequestLimitExceeded`) and a
 * busy account can outlast the SDK's three attempts, so calls are retried with capped exponential backoff and jitter
 * a few more times. 5xx answers the SDK already retried are retried too. Waiting honours the abort signal.
 */
import { rdsErrorCode } from './errors.js';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
  /** Injected in tests. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 1000, maxMs: 20_000 };

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequests']);

export function isRetryable(err: unknown): boolean {
  const code = rdsErrorCode(err);
  if (code !== undefined && THROTTLING.has(code)) return true;
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

export async function withRetry<T>(fn: () => Promise<T>, signal: AbortSignal, policy = DEFAULT_RETRY): Promise<T> {
  const sleep = policy.sleep ?? abortableSleep;
  const random = policy.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= policy.attempts || !isRetryable(err) || signal.aborted) throw err;
      const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
      // Half fixed, half jitter: concurrent runs that were throttled together do not retry together.
      await sleep(Math.round(ceiling / 2 + (random() * ceiling) / 2), signal);
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const done = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', done);
      resolve();
    }, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
