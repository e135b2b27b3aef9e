import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NotifySendError } from '../../../shared/notify/errors.js';
import { parseRetryAfter, redactUrl, send } from '../../../shared/notify/send.js';
import { type Receiver, type Reply, startReceiver } from './http-receiver.js';

const SECRET_PATH = '/services/T0001/B0002/s3cr3tT0k3nValue';
const body = Buffer.from('{"text":"hello"}');
const headers = { 'content-type': 'application/json' };
const noWait = { baseDelayMs: 1, maxDelayMs: 2 };

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function serve(script: Reply[]): Promise<Receiver> {
  receiver = await startReceiver((_req, i) => script[Math.min(i, script.length - 1)] ?? { status: 200 });
  return receiver;
}

async function failure(p: Promise<unknown>): Promise<NotifySendError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof NotifySendError)) throw new Error(`expected NotifySendError, got ${String(err)}`);
  return err;
}

describe('send', () => {
  it('POSTs the exact bytes and headers', async () => {
    const r = await serve([{ status: 200 }]);
    const result = await send({ url: `${r.origin}${SECRET_PATH}`, body, headers }, noWait);
    expect(result).toEqual({ target: `${r.origin}/***`, status: 200, attempts: 1 });
    expect(r.requests[0]?.method).toBe('POST');
    expect(r.requests[0]?.path).toBe(SECRET_PATH);
    expect(r.requests[0]?.body.equals(body)).toBe(true);
    expect(r.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('retries a 500 and succeeds on the next attempt', async () => {
    const r = await serve([{ status: 500, body: 'boom' }, { status: 200 }]);
    const result = await send({ url: `${r.origin}/hook`, body, headers }, noWait);
    expect(result.attempts).toBe(2);
    expect(r.requests).toHaveLength(2);
    expect(r.requests[1]?.body.equals(body)).toBe(true);
  });

  it('does not retry a 400, and says why it failed', async () => {
    const r = await serve([{ status: 400, body: 'invalid_payload' }, { status: 200 }]);
    const err = await failure(send({ url: `${r.origin}${SECRET_PATH}`, body, headers }, noWait));
    expect(r.requests).toHaveLength(1);
    expect(err).toMatchObject({ status: 400, attempts: 1, retryable: false });
    expect(err.message).toContain('invalid_payload');
  });

  it('gives up after maxAttempts on persistent 503s, reporting it retryable', async () => {
    const r = await serve([{ status: 503 }]);
    const err = await failure(send({ url: `${r.origin}/hook`, body, headers }, { ...noWait, maxAttempts: 3 }));
    expect(r.requests).toHaveLength(3);
    expect(err).toMatchObject({ status: 503, attempts: 3, retryable: true });
  });

  it('honours Retry-After on a 429, capped by maxDelayMs', async () => {
    const r = await serve([{ status: 429, headers: { 'retry-after': '3' } }, { status: 200 }]);
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    await send({ url: `${r.origin}/hook`, body, headers }, { sleep, maxDelayMs: 5_000, random: () => 0 });
    expect(waits).toEqual([3000]);
    expect(r.requests).toHaveLength(2);
  });

  it('backs off exponentially with jitter between attempts', async () => {
    const r = await serve([{ status: 502 }, { status: 502 }, { status: 502 }, { status: 200 }]);
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    await send({ url: `${r.origin}/hook`, body, headers }, { sleep, baseDelayMs: 100, random: () => 0.5 });
    expect(waits).toEqual([50, 100, 200]);
  });

  it('signs every attempt afresh via headersForAttempt', async () => {
    const r = await serve([{ status: 500 }, { status: 200 }]);
    let n = 0;
    await send(
      { url: `${r.origin}/hook`, body, headers, headersForAttempt: () => ({ 'x-attempt': String(++n) }) },
      noWait,
    );
    expect(r.requests.map((q) => q.headers['x-attempt'])).toEqual(['1', '2']);
  });

  it('does not follow redirects', async () => {
    const r = await serve([{ status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } }]);
    const err = await failure(send({ url: `${r.origin}/hook`, body, headers }, noWait));
    expect(err).toMatchObject({ status: 302, retryable: false });
    expect(r.requests).toHaveLength(1);
  });

  it('retries network errors and never puts the URL path in the error', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}${SECRET_PATH}?token=abc123secret`;
    const err = await failure(send({ url, body, headers }, { ...noWait, maxAttempts: 2 }));
    expect(err).toMatchObject({ attempts: 2, retryable: true, target: `http://127.0.0.1:${port}/***` });
    expect(err.message).toContain('network error');
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toMatch(/s3cr3t|abc123secret/);
  });

  it('times out an attempt that gets no answer and retries it', async () => {
    const r = await serve(['hang', { status: 200 }]);
    const result = await send({ url: `${r.origin}/hook`, body, headers }, { ...noWait, timeoutMs: 200 });
    expect(result.attempts).toBe(2);
  });

  it('masks what the caller redacts in the far end’s answer', async () => {
    const r = await serve([{ status: 403, body: `bad key hunter2-key-value for ${SECRET_PATH}` }]);
    const redact = (s: string) => s.replaceAll('hunter2-key-value', '***');
    const err = await failure(send({ url: `${r.origin}${SECRET_PATH}`, body, headers }, { ...noWait, redact }));
    expect(err.message).toContain('bad key *** for /***');
  });

  it('stops at once when the caller aborts (Lambda about to time out)', async () => {
    const r = await serve([{ status: 500 }]);
    const controller = new AbortController();
    controller.abort();
    const err = await failure(
      send({ url: `${r.origin}/hook`, body, headers }, { ...noWait, signal: controller.signal }),
    );
    expect(err.attempts).toBe(1);
    expect(err.retryable).toBe(true);
  });
});

describe('redactUrl and parseRetryAfter', () => {
  it('keeps scheme and host only', () => {
    expect(redactUrl('https://user:pw@hooks.slack.com/services/T/B/X?y=1')).toBe('https://hooks.slack.com/***');
    expect(redactUrl('not a url')).toBe('(invalid URL)');
  });

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
