import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunOutcomeEvent, runOutcomeEventSchema } from '../../../events/holdfast.js';
import { send } from '../../../shared/notify/send.js';
import {
  encodeWebhookBody,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  webhookBody,
} from '../../../shared/notify/webhook.js';
import { type Received, type Receiver, startReceiver } from './http-receiver.js';

const KEY = 'whsec_9f2c1e7d4b8a6035e1c2d3f4a5b6c7d8';
const event = runOutcomeEventSchema.parse(
  JSON.parse(readFileSync(new URL('../../../events/samples/holdfast/run-failed.json', import.meta.url), 'utf8')),
) as RunOutcomeEvent;

/** What a receiver writes with nothing but node:crypto and the documented scheme. */
function independentlyVerified(req: Received, key: string, nowSeconds: number): boolean {
  const ts = req.headers['x-holdfast-timestamp'];
  const sig = req.headers['x-holdfast-signature'];
  if (typeof ts !== 'string' || typeof sig !== 'string') return false;
  const expected = `sha256=${createHmac('sha256', key).update(`${ts}.`).update(req.body).digest('hex')}`;
  const fresh = Math.abs(nowSeconds - Number(ts)) <= 300;
  return fresh && expected.length === sig.length && timingSafeEqual(Buffer.from(expected), Buffer.from(sig));
}

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('webhook body', () => {
  it('is the detail plus envelope id, time and type, without notification targets', () => {
    const body = webhookBody(event);
    expect(body).toMatchObject({ version: 1, id: event.id, time: event.time, type: 'Run Failed', source: 'holdfast' });
    expect(body.detail).toMatchObject({ runId: event.detail.runId, state: 'failed', error: { phase: 'lockTables' } });
    expect(body.detail).not.toHaveProperty('notifications');
    expect(JSON.parse(encodeWebhookBody(body).toString('utf8'))).toEqual(body);
  });
});

describe('webhook signature', () => {
  it('is verified by an independent node:crypto receiver over a real POST', async () => {
    receiver = await startReceiver();
    const body = encodeWebhookBody(webhookBody(event));
    const now = 1_750_000_000;
    await send(
      {
        url: `${receiver.origin}/hooks/holdfast`,
        body,
        headers: { 'content-type': 'application/json' },
        headersForAttempt: () => signWebhook(body, KEY, now),
      },
      { maxAttempts: 1 },
    );
    const [req] = receiver.requests;
    if (!req) throw new Error('no request received');
    expect(req.body.equals(body)).toBe(true);
    expect(req.headers['x-holdfast-timestamp']).toBe(String(now));
    expect(req.headers['x-holdfast-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(independentlyVerified(req, KEY, now)).toBe(true);
    expect(independentlyVerified(req, 'another-key', now)).toBe(false);
    expect(independentlyVerified({ ...req, body: Buffer.concat([req.body, Buffer.from(' ')]) }, KEY, now)).toBe(false);
  });

  it('binds the timestamp: changing it breaks the signature', () => {
    const body = Buffer.from('{"a":1}');
    const headers = signWebhook(body, KEY, 1000);
    const signature = headers[SIGNATURE_HEADER];
    expect(verifyWebhookSignature({ body, key: KEY, timestamp: '1000', signature, nowSeconds: 1000 })).toBe(true);
    expect(verifyWebhookSignature({ body, key: KEY, timestamp: '1001', signature, nowSeconds: 1000 })).toBe(false);
  });

  it('lets verifyWebhookSignature reject stale, missing, tampered and wrong-length signatures', () => {
    const body = Buffer.from('{"a":1}');
    const h = signWebhook(body, KEY, 1000);
    const base = { body, key: KEY, timestamp: h[TIMESTAMP_HEADER], signature: h[SIGNATURE_HEADER] };
    expect(verifyWebhookSignature({ ...base, nowSeconds: 1000 + 299 })).toBe(true);
    expect(verifyWebhookSignature({ ...base, nowSeconds: 1000 + 301 })).toBe(false);
    expect(verifyWebhookSignature({ ...base, nowSeconds: 1000, signature: undefined })).toBe(false);
    expect(verifyWebhookSignature({ ...base, nowSeconds: 1000, body: Buffer.from('{"a":2}') })).toBe(false);
    expect(verifyWebhookSignature({ ...base, nowSeconds: 1000, signature: 'sha256=abc' })).toBe(false);
    expect(verifyWebhookSignature({ ...base, nowSeconds: 1000, timestamp: '1e3' })).toBe(false);
  });
});
