import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type NotificationTarget, type RunOutcomeEvent, runOutcomeEventSchema } from '../../../events/holdfast.js';
import { NotifyDeliveryError, NotifySendError } from '../../../shared/notify/errors.js';
import { notifyRun } from '../../../shared/notify/notify-run.js';
import type { SecretReader } from '../../../shared/notify/secrets.js';
import type { OutboundRequest, SendOptions, SendResult } from '../../../shared/notify/send.js';
import { verifyWebhookSignature } from '../../../shared/notify/webhook.js';

const SLACK_URL = 'https://hooks.slack.com/services/T0001/B0002/SlackT0kenValue42';
const HOOK_URL = 'https://hooks.example.com/in/holdfast?token=QueryT0ken99';
const KEY = 'hmac-key-7d2f9a1c5e';
const secrets: Record<string, string> = {
  'secretsmanager:slack': SLACK_URL,
  'ssm:/hook': HOOK_URL,
  'secretsmanager:hook#key': KEY,
};
const slack: NotificationTarget = { kind: 'slack', urlSecret: 'secretsmanager:slack', on: ['failure'] };
const hook: NotificationTarget = {
  kind: 'webhook',
  urlSecret: 'ssm:/hook',
  keySecret: 'secretsmanager:hook#key',
  on: ['success', 'failure'],
};

function event(name: 'run-failed' | 'run-succeeded', notifications: NotificationTarget[]): RunOutcomeEvent {
  const path = new URL(`../../../events/samples/holdfast/${name}.json`, import.meta.url);
  const parsed = runOutcomeEventSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  return { ...parsed, detail: { ...parsed.detail, notifications } } as RunOutcomeEvent;
}

function harness(fail: (req: OutboundRequest) => Error | undefined = () => undefined) {
  const sent: { req: OutboundRequest; headers: Record<string, string>; options: SendOptions }[] = [];
  const logs: string[] = [];
  const reader: SecretReader = {
    get: async (ref) => {
      const v = secrets[ref];
      if (v === undefined) throw new Error(`no secret ${ref}`);
      return v;
    },
  };
  const send = async (req: OutboundRequest, options: SendOptions): Promise<SendResult> => {
    sent.push({ req, headers: { ...req.headers, ...req.headersForAttempt?.() }, options });
    const err = fail(req);
    if (err) throw err;
    return { target: new URL(req.url).origin, status: 200, attempts: 1 };
  };
  const log = { info: (m: string, f: Record<string, unknown>) => logs.push(JSON.stringify({ m, f })) };
  const deps = { secrets: reader, send, log, now: () => new Date('2025-06-02T02:00:23Z') };
  return { sent, logs, deps };
}

describe('notifyRun', () => {
  it('notifies only the targets whose `on` matches the outcome', async () => {
    const h = harness();
    const result = await notifyRun(event('run-succeeded', [slack, hook]), h.deps);
    expect(result.outcome).toBe('success');
    expect(h.sent.map((s) => s.req.url)).toEqual([HOOK_URL]);
    const failed = harness();
    await notifyRun(event('run-failed', [slack, hook]), failed.deps);
    expect(failed.sent.map((s) => s.req.url).sort()).toEqual([HOOK_URL, SLACK_URL].sort());
  });

  it('sends nothing and succeeds when the run has no targets', async () => {
    const h = harness();
    expect(await notifyRun(event('run-failed', []), h.deps)).toEqual({ outcome: 'failure', deliveries: [] });
    expect(h.sent).toEqual([]);
  });

  it('signs the webhook body with the key read from the secret', async () => {
    const h = harness();
    await notifyRun(event('run-failed', [hook]), h.deps);
    const [{ req, headers }] = h.sent as [(typeof h.sent)[number]];
    const now = Date.parse('2025-06-02T02:00:23Z') / 1000;
    expect(headers['x-holdfast-event-id']).toBe('9e1f3a5b-2c4d-4e6f-8a0b-1c2d3e4f5a6b');
    const check = { body: req.body, key: KEY, nowSeconds: now };
    const ok = verifyWebhookSignature({
      ...check,
      timestamp: headers['X-Holdfast-Timestamp'],
      signature: headers['X-Holdfast-Signature'],
    });
    expect(ok).toBe(true);
  });

  it('masks secret values that leaked into the event before anything is sent', async () => {
    const h = harness();
    const leaky = event('run-failed', [slack, hook]);
    if (leaky['detail-type'] !== 'Run Failed') throw new Error('sample');
    leaky.detail.error = { message: `curl ${SLACK_URL} failed; key was ${KEY}; path /in/holdfast` };
    await notifyRun(leaky, h.deps);
    for (const { req } of h.sent) {
      const text = Buffer.from(req.body).toString('utf8');
      for (const secret of [SLACK_URL, KEY, 'SlackT0kenValue42', 'QueryT0ken99']) expect(text).not.toContain(secret);
      expect(text).toContain('***');
    }
  });

  it('tries every target, then throws one NotifyDeliveryError naming the failed ones without secrets', async () => {
    const h = harness((req) =>
      req.url === SLACK_URL
        ? new NotifySendError('https://hooks.slack.com/***', 4, true, `HTTP 500: echo ${SLACK_URL}`, 500)
        : undefined,
    );
    const err = await notifyRun(event('run-failed', [slack, hook]), h.deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifyDeliveryError);
    expect((err as NotifyDeliveryError).failures).toEqual([
      {
        kind: 'slack',
        target: 'https://hooks.slack.com/***',
        message: 'NotifySendError: POST https://hooks.slack.com/*** failed after 4 attempt(s): HTTP 500: echo ***',
      },
    ]);
    expect(h.sent).toHaveLength(2);
    expect(h.logs.join('\n')).toContain('notification sent');
    expect(`${(err as Error).message}${h.logs.join('')}`).not.toMatch(/SlackT0kenValue42|QueryT0ken99|hmac-key/);
  });

  it('refuses plain http to a public host, naming the secret, not its value', async () => {
    secrets['ssm:/insecure'] = 'http://hooks.example.com/in/SecretPath123';
    const h = harness();
    const target: NotificationTarget = { ...hook, urlSecret: 'ssm:/insecure' };
    const err = (await notifyRun(event('run-failed', [target]), h.deps).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('only https URLs are allowed');
    expect(err.message).toContain('ssm:/insecure');
    expect(err.message).not.toContain('SecretPath123');
    expect(h.sent).toEqual([]);
  });
});
