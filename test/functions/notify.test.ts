import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotificationTarget, RunOutcomeEvent } from '../../events/holdfast.js';
import { createNotifyHandler, type NotifyHandlerResult } from '../../functions/notify.js';
import { createAwsSecretReader } from '../../shared/aws/secret-readers.js';
import { NotifyDeliveryError } from '../../shared/notify/errors.js';
import { type Receiver, type Reply, startReceiver } from '../shared/notify/http-receiver.js';

const SLACK_PATH = '/services/T0HOLD/B0FAST/SlackPathS3cret';
const HOOK_PATH = '/webhooks/holdfast';
const HOOK_QUERY = '?token=HookQueryS3cret';
const KEY = 'hmac-K3y-4f1e9c2b7a';

const smMock = mockClient(SecretsManagerClient);
const ssmMock = mockClient(SSMClient);

const targets: NotificationTarget[] = [
  { kind: 'slack', urlSecret: 'secretsmanager:holdfast/notify/slack', on: ['failure'] },
  {
    kind: 'webhook',
    urlSecret: 'ssm:/holdfast/notify/hook-url',
    keySecret: 'secretsmanager:holdfast/notify/hook#hmacKey',
    on: ['success', 'failure'],
  },
];

const context = {
  functionName: 'holdfast-notify',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:holdfast-notify',
  memoryLimitInMB: '256',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/holdfast-notify',
  logStreamName: '2025/06/02/[$LATEST]abcdef',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

function runFailed(): Record<string, unknown> {
  const path = new URL('../../events/samples/holdfast/run-failed.json', import.meta.url);
  const event = JSON.parse(readFileSync(path, 'utf8')) as { detail: Record<string, unknown> };
  event.detail.notifications = targets;
  return event;
}

let receiver: Receiver;
let logs: string[];
let script: (path: string, index: number) => Reply;

beforeEach(async () => {
  script = () => ({ status: 200 });
  receiver = await startReceiver((req, i) => script(req.path, i));
  smMock.on(GetSecretValueCommand, { SecretId: 'holdfast/notify/slack' }).resolves({
    SecretString: `${receiver.origin}${SLACK_PATH}`,
  });
  smMock.on(GetSecretValueCommand, { SecretId: 'holdfast/notify/hook' }).resolves({
    SecretString: JSON.stringify({ hmacKey: KEY }),
  });
  ssmMock.on(GetParameterCommand, { Name: '/holdfast/notify/hook-url', WithDecryption: true }).resolves({
    Parameter: { Value: `${receiver.origin}${HOOK_PATH}${HOOK_QUERY}` },
  });
  logs = [];
  const capture = (chunk: string | Uint8Array) => {
    logs.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterEach(async () => {
  vi.restoreAllMocks();
  smMock.reset();
  ssmMock.reset();
  await receiver.close();
});

function handler() {
  return createNotifyHandler({
    logger: new Logger({ serviceName: 'holdfast-notify', logLevel: 'INFO' }),
    secrets: createAwsSecretReader({
      secretsManager: new SecretsManagerClient({ region: 'eu-west-1' }),
      ssm: new SSMClient({ region: 'eu-west-1' }),
    }),
    sendOptions: { baseDelayMs: 1, maxDelayMs: 2 },
  });
}

async function invoke(event: unknown): Promise<NotifyHandlerResult> {
  return (await handler()(event as RunOutcomeEvent, context as never)) as NotifyHandlerResult;
}

function secretsIn(text: string): string[] {
  return ['SlackPathS3cret', SLACK_PATH, 'HookQueryS3cret', KEY].filter((s) => text.includes(s));
}

function errorLines(): string[] {
  return logs.filter((l) => l.includes('"level":"ERROR"'));
}

describe('notify handler', () => {
  it('sends a failed run to Slack and to a webhook whose signature an independent receiver verifies', async () => {
    const result = await invoke(runFailed());
    expect(result).toMatchObject({ status: 'sent', deliveries: [{ kind: 'slack' }, { kind: 'webhook' }] });
    const slack = receiver.requests.find((r) => r.path === SLACK_PATH);
    const hook = receiver.requests.find((r) => r.path === `${HOOK_PATH}${HOOK_QUERY}`);
    if (!slack || !hook) throw new Error('a target was not called');
    expect(JSON.parse(slack.body.toString('utf8')).blocks[0].text.text).toBe(
      'Backup failed: prod-eks/shop/StatefulSet/postgres',
    );

    const ts = String(hook.headers['x-holdfast-timestamp']);
    const signature = String(hook.headers['x-holdfast-signature']);
    const expected = `sha256=${createHmac('sha256', KEY).update(`${ts}.`).update(hook.body).digest('hex')}`;
    expect(timingSafeEqual(Buffer.from(expected), Buffer.from(signature))).toBe(true);
    expect(Math.abs(Date.now() / 1000 - Number(ts))).toBeLessThanOrEqual(300);
    expect(JSON.parse(hook.body.toString('utf8'))).toMatchObject({ version: 1, type: 'Run Failed' });

    expect(logs.some((l) => l.includes('notification sent'))).toBe(true);
    const everything = [...logs, JSON.stringify(result), ...receiver.requests.map((r) => r.body.toString('utf8'))];
    expect(secretsIn(everything.join('\n'))).toEqual([]);
  });

  it('retries a webhook answering 500 and delivers on the next attempt', async () => {
    let hookCalls = 0;
    script = (path) => (path.startsWith(HOOK_PATH) && hookCalls++ === 0 ? { status: 500 } : { status: 200 });
    const result = await invoke(runFailed());
    expect(result.status === 'sent' && result.deliveries.find((d) => d.kind === 'webhook')?.attempts).toBe(2);
  });

  it('rejects a malformed event with one logged error, no secret read and no request', async () => {
    const event = runFailed();
    delete (event.detail as Record<string, unknown>).runId;
    const result = await invoke(event);
    expect(result).toEqual({
      status: 'rejected',
      problems: ['detail.runId: Invalid input: expected string, received undefined'],
    });
    expect(receiver.requests).toEqual([]);
    expect(smMock.calls()).toHaveLength(0);
    expect(ssmMock.calls()).toHaveLength(0);
    expect(errorLines()).toHaveLength(1);
    expect(errorLines()[0]).toContain('detail.runId');
  });

  it('fails on a Slack 404 without retrying it, so Lambda retries the event; nothing secret is logged', async () => {
    script = (path) => (path === SLACK_PATH ? { status: 404, body: 'no_service' } : { status: 200 });
    const err = await invoke(runFailed()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifyDeliveryError);
    expect((err as Error).message).toContain('HTTP 404: no_service');
    expect(receiver.requests.filter((r) => r.path === SLACK_PATH)).toHaveLength(1);
    expect(errorLines()).toHaveLength(1);
    expect(secretsIn([...logs, (err as Error).message].join('\n'))).toEqual([]);
  });

  it('does nothing for an outcome no target asked for', async () => {
    const event = runFailed();
    (event.detail as Record<string, unknown>).notifications = [{ ...targets[0], on: ['success'] }];
    expect(await invoke(event)).toEqual({ status: 'sent', deliveries: [] });
    expect(receiver.requests).toEqual([]);
  });
});
