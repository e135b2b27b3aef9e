/**
 * The webhook a policy can ask for: a stable JSON body and an HMAC-SHA256 signature a receiver can check.
 *
 * Body (version 1; fields are only ever added, never renamed or retyped, within a version):
 *
 *   { "version": 1, "id": <EventBridge event id>, "time": <event time>, "type": "Run Succeeded" | "Run Failed",
 *     "source": "holdfast", "detail": <the event detail without `notifications`> }
 *
 * `id` is the same on every delivery attempt of one event: receivers de-duplicate on it.
 *
 * Signature (Stripe/Slack style, so a captured request cannot be replayed later):
 *
 *   X-Holdfast-Timestamp: <unix seconds when this attempt was signed>
 *   X-Holdfast-Signature: sha256=<lowercase hex HMAC-SHA256(key, "<timestamp>." + raw body bytes)>
 *
 * A receiver reads the RAW body bytes (before any JSON parsing), recomputes the HMAC over
 * `${timestamp}.${body}`, compares it in constant time, and rejects timestamps more than 5 minutes from its clock:
 *
 *   const expected = 'sha256=' + createHmac('sha256', key).update(`${ts}.`).update(rawBody).digest('hex');
 *   const ok = expected.length === sig.length && timingSafeEqual(Buffer.from(expected), Buffer.from(sig))
 *     && Math.abs(Date.now() / 1000 - Number(ts)) <= 300;
 *
 * `verifyWebhookSignature` below is exactly that, for TypeScript receivers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HoldfastEvent } from '../../events/holdfast.js';

export const SIGNATURE_HEADER = 'X-Holdfast-Signature';
export const TIMESTAMP_HEADER = 'X-Holdfast-Timestamp';
export const EVENT_ID_HEADER = 'X-Holdfast-Event-Id';
export const WEBHOOK_BODY_VERSION = 1;
/** How far a receiver should accept a timestamp from its own clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface WebhookBody {
  readonly version: typeof WEBHOOK_BODY_VERSION;
  readonly id: string;
  readonly time: string;
  readonly type: HoldfastEvent['detail-type'];
  readonly source: string;
  /** The event detail; notification targets (internal configuration) are left out. */
  readonly detail: Readonly<Record<string, unknown>>;
}

export function webhookBody(event: HoldfastEvent): WebhookBody {
  const { notifications: _internal, ...detail } = event.detail as Record<string, unknown>;
  return {
    version: WEBHOOK_BODY_VERSION,
    id: event.id,
    time: event.time,
    type: event['detail-type'],
    source: event.source,
    detail,
  };
}

/** The exact bytes sent and signed. */
export function encodeWebhookBody(body: WebhookBody): Buffer {
  return Buffer.from(JSON.stringify(body), 'utf8');
}

/** Headers for one delivery attempt; sign again for every attempt so the timestamp stays fresh. */
export function signWebhook(body: Uint8Array, key: string, timestampSeconds: number): Record<string, string> {
  const timestamp = String(Math.floor(timestampSeconds));
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: `sha256=${hmacHex(key, timestamp, body)}`,
  };
}

export interface VerifyInput {
  /** The raw request body bytes, exactly as received. */
  readonly body: Uint8Array;
  readonly key: string;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly nowSeconds?: number;
  readonly toleranceSeconds?: number;
}

export function verifyWebhookSignature(input: VerifyInput): boolean {
  const { body, key, timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = input.nowSeconds ?? Date.now() / 1000;
  if (Math.abs(now - Number(timestamp)) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(`sha256=${hmacHex(key, timestamp, body)}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function hmacHex(key: string, timestamp: string, body: Uint8Array): string {
  return createHmac('sha256', key).update(`${timestamp}.`).update(body).digest('hex');
}
