/**
 * The notify use case: for a `Run Succeeded` / `Run Failed` event, send a Slack message and/or a signed webhook to
 * every target the run carries (copied from its policy at trigger time) whose `on` matches the outcome.
 *
 * Secrets (URLs, HMAC keys) are read by NAME through the injected SecretReader and registered with a per-invocation
 * redactor before anything is built, so every body, log line and error passes through it: a secret that reached an
 * error message upstream still never leaves. Targets are independent: one failing does not stop the others; any
 * failure is rethrown at the end as NotifyDeliveryError so Lambda retries the event (and then dead-letters it).
 */
import type { NotificationTarget, RunOutcomeEvent } from '../../events/holdfast.js';
import { Redactor } from '../blueprint/redact.js';
import { NotifyConfigError, NotifyDeliveryError } from './errors.js';
import type { SecretReader } from './secrets.js';
import { type OutboundRequest, redactUrl, type SendOptions, type SendResult } from './send.js';
import { slackMessage } from './slack.js';
import { encodeWebhookBody, signWebhook, webhookBody } from './webhook.js';

export interface NotifyLogger {
  info(message: string, fields: Record<string, unknown>): void;
}

export interface NotifyRunDeps {
  readonly secrets: SecretReader;
  readonly send: (req: OutboundRequest, options: SendOptions) => Promise<SendResult>;
  readonly log: NotifyLogger;
  readonly now: () => Date;
}

export interface Delivery {
  readonly kind: NotificationTarget['kind'];
  readonly target: string;
  readonly status: number;
  readonly attempts: number;
}

export interface NotifyRunResult {
  readonly outcome: 'success' | 'failure';
  readonly deliveries: readonly Delivery[];
}

export async function notifyRun(
  event: RunOutcomeEvent,
  deps: NotifyRunDeps,
  signal?: AbortSignal,
): Promise<NotifyRunResult> {
  const outcome = event['detail-type'] === 'Run Succeeded' ? 'success' : 'failure';
  const targets = event.detail.notifications.filter((t) => t.on.includes(outcome));
  const redactor = new Redactor();
  // Every secret is read (and registered with the redactor) before any body is built: a body built while another
  // target's key is still being read could carry that key unmasked.
  const resolved = await Promise.allSettled(targets.map((t) => resolve(t, deps, redactor)));
  const settled = await Promise.allSettled(
    resolved.map((r, i) => {
      if (r.status === 'rejected') return Promise.reject(r.reason);
      return deliver(targets[i] as NotificationTarget, r.value, event, deps, redactor, signal);
    }),
  );
  const deliveries: Delivery[] = [];
  const failures: { kind: string; target: string; message: string }[] = [];
  for (const [i, s] of settled.entries()) {
    const t = targets[i] as NotificationTarget;
    if (s.status === 'fulfilled') {
      deliveries.push(s.value);
      deps.log.info('notification sent', { ...s.value, runId: event.detail.runId });
      continue;
    }
    const message = redactor.redact(
      s.reason instanceof Error ? `${s.reason.name}: ${s.reason.message}` : String(s.reason),
    );
    failures.push({ kind: t.kind, target: redactor.redact(targetLabel(t, s.reason)), message });
  }
  if (failures.length > 0) throw new NotifyDeliveryError(event.detail.runId, failures);
  return { outcome, deliveries };
}

interface ResolvedTarget {
  readonly url: string;
  /** The HMAC key, for webhooks. */
  readonly key?: string;
}

async function resolve(target: NotificationTarget, deps: NotifyRunDeps, redactor: Redactor): Promise<ResolvedTarget> {
  const url = (await readSecret(deps, redactor, target.urlSecret)).trim();
  const parsed = checkUrl(url, target.urlSecret);
  if (parsed.pathname.length > 1) redactor.add(parsed.pathname);
  if (parsed.search.length > 1) redactor.add(parsed.search);
  if (target.kind === 'slack') return { url };
  // The schema guarantees keySecret for webhooks.
  return { url, key: await readSecret(deps, redactor, target.keySecret ?? '') };
}

async function deliver(
  target: NotificationTarget,
  { url, key }: ResolvedTarget,
  event: RunOutcomeEvent,
  deps: NotifyRunDeps,
  redactor: Redactor,
  signal?: AbortSignal,
): Promise<Delivery> {
  const headers = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'holdfast-notify/1' };
  let req: OutboundRequest;
  if (target.kind === 'slack') {
    req = { url, headers, body: Buffer.from(JSON.stringify(redactor.redactDeep(slackMessage(event))), 'utf8') };
  } else {
    if (key === undefined) throw new NotifyConfigError('a webhook target needs keySecret');
    const body = encodeWebhookBody(redactor.redactDeep(webhookBody(event)));
    req = {
      url,
      body,
      headers: { ...headers, 'x-holdfast-event-id': event.id },
      headersForAttempt: () => signWebhook(body, key, deps.now().getTime() / 1000),
    };
  }
  const result = await deps.send(req, { redact: (text) => redactor.redact(text), ...(signal && { signal }) });
  return { kind: target.kind, target: result.target, status: result.status, attempts: result.attempts };
}

async function readSecret(deps: NotifyRunDeps, redactor: Redactor, ref: string): Promise<string> {
  const value = await deps.secrets.get(ref);
  redactor.add(value);
  return value;
}

/** https anywhere; plain http only to the loopback interface (local demo and tests). */
function checkUrl(url: string, ref: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NotifyConfigError(`the value of ${ref} is not a URL`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback)) return parsed;
  throw new NotifyConfigError(`${redactUrl(url)} (from ${ref}): only https URLs are allowed (http only to localhost)`);
}

function targetLabel(t: NotificationTarget, reason: unknown): string {
  const sent = reason as { target?: unknown } | undefined;
  return typeof sent?.target === 'string' ? sent.target : t.urlSecret;
}
