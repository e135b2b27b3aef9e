/**
 * Delivers one notification: POST with a per-attempt timeout, bounded retries with full-jitter exponential backoff on
 * network errors, timeouts, 408, 429 (honouring Retry-After) and 5xx, and no retry on any other status. Redirects are
 * not followed: a signed body must reach the host it was meant for.
 *
 * Errors never carry the URL's path or query (a Slack webhook URL is a credential) nor any value the caller's
 * `redact` masks: targets are reported as `scheme://host/***`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { NotifySendError } from './errors.js';

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface OutboundRequest {
  readonly url: string;
  /** Sent as is: the exact bytes a signature covers. */
  readonly body: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  /** Headers computed again for every attempt (a webhook signature with a fresh timestamp). */
  readonly headersForAttempt?: () => Readonly<Record<string, string>>;
}

export interface SendOptions {
  /** Default: the global fetch. */
  readonly fetch?: Fetch;
  /** Per attempt; default 10 s. */
  readonly timeoutMs?: number;
  /** Default 4. */
  readonly maxAttempts?: number;
  /** First backoff ceiling, doubling per attempt; default 500 ms. */
  readonly baseDelayMs?: number;
  /** Default 8 s; also caps a Retry-After. */
  readonly maxDelayMs?: number;
  /** Aborts the whole delivery (the Lambda is about to time out). */
  readonly signal?: AbortSignal;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  /** Masks secret values in anything that ends up in an error. */
  readonly redact?: (text: string) => string;
}

export interface SendResult {
  readonly target: string;
  readonly status: number;
  readonly attempts: number;
}

type Attempt =
  | { readonly ok: true; readonly status: number }
  | {
      readonly ok: false;
      readonly retryable: boolean;
      readonly reason: string;
      readonly status?: number;
      readonly retryAfterMs?: number;
    };

export async function send(req: OutboundRequest, options: SendOptions = {}): Promise<SendResult> {
  const target = redactUrl(req.url);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const scrub = scrubber(req.url, target, options.redact);
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(req, options, scrub);
    if (outcome.ok) return { target, status: outcome.status, attempts: attempt };
    const aborted = options.signal?.aborted === true;
    if (!outcome.retryable || attempt >= maxAttempts || aborted) {
      throw new NotifySendError(target, attempt, outcome.retryable, outcome.reason, outcome.status);
    }
    try {
      await (options.sleep ?? sleep)(backoffMs(attempt, options, outcome.retryAfterMs), options.signal);
    } catch {
      throw new NotifySendError(target, attempt, true, `aborted while backing off after: ${outcome.reason}`);
    }
  }
}

async function attemptOnce(req: OutboundRequest, options: SendOptions, scrub: (s: string) => string): Promise<Attempt> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const res = await (options.fetch ?? fetch)(req.url, {
      method: 'POST',
      body: req.body,
      headers: { ...req.headers, ...req.headersForAttempt?.() },
      redirect: 'manual',
      signal,
    });
    const snippet = scrub((await res.text()).replace(/\s+/g, ' ').trim()).slice(0, 200);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
    const reason = `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`;
    return { ok: false, retryable, reason, status: res.status, ...(retryAfterMs !== undefined && { retryAfterMs }) };
  } catch (err) {
    if (timeout.aborted) return { ok: false, retryable: true, reason: `no response within ${timeoutMs} ms` };
    if (options.signal?.aborted) return { ok: false, retryable: true, reason: 'aborted' };
    return { ok: false, retryable: true, reason: `network error: ${scrub(networkReason(err))}` };
  }
}

/** `https://hooks.slack.com/***`: enough to tell targets apart in logs, nothing that grants access. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/***`;
  } catch {
    return '(invalid URL)';
  }
}

function scrubber(url: string, target: string, redact?: (s: string) => string): (s: string) => string {
  const needles = [url];
  try {
    const u = new URL(url);
    if (u.pathname.length > 1) needles.push(u.pathname);
    if (u.search.length > 1) needles.push(u.search);
  } catch {
    // An unparsable URL never left the process; masking the whole string is enough.
  }
  return (text) => {
    let out = text;
    for (const n of needles) out = out.split(n).join(n === url ? target : '/***');
    return redact ? redact(out) : out;
  };
}

function networkReason(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${cause.message})` : cause.message;
  }
  return err instanceof Error ? err.message : String(err);
}

function backoffMs(attempt: number, options: SendOptions, retryAfterMs?: number): number {
  const maxDelay = options.maxDelayMs ?? 8_000;
  const ceiling = Math.min(maxDelay, (options.baseDelayMs ?? 500) * 2 ** (attempt - 1));
  const jitter = Math.floor(ceiling * (options.random ?? Math.random)());
  return retryAfterMs === undefined ? jitter : Math.max(jitter, Math.min(retryAfterMs, maxDelay));
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, signal ? { signal } : undefined);
}
