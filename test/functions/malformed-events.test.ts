/**
 * Every handler answers a malformed event with one logged error and no side effect. The handlers build their
 * clients lazily from the environment, which is EMPTY here: any attempt at a side effect would fail loudly instead
 * of being rejected cleanly, so a `rejected` result proves nothing was attempted.
 */
import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const lines: string[] = [];
const context = { functionName: 'test', awsRequestId: 'r' } as never;

beforeAll(async () => {
  for (const k of Object.keys(process.env)) if (k.startsWith('HOLDFAST_')) delete process.env[k];
  // Powertools logs through the global console in dev mode, where the test can read every line.
  process.env.POWERTOOLS_DEV = 'true';
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  }
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
});
afterAll(async () => {
  vi.restoreAllMocks();
  delete process.env.POWERTOOLS_DEV;
  await LocalDurableTestRunner.teardownTestEnvironment();
});

const handlers: Record<string, () => Promise<{ handler: unknown }>> = {
  trigger: () => import('../../functions/trigger.js'),
  invoke: () => import('../../functions/invoke.js'),
  watchdog: () => import('../../functions/watchdog.js'),
  retention: () => import('../../functions/retention.js'),
  'rds-events': () => import('../../functions/rds-events.js'),
  'backup-run': () => import('../../functions/backup-run.js'),
  'restore-run': () => import('../../functions/restore-run.js'),
  'delete-run': () => import('../../functions/delete-run.js'),
};
const load = async (name: string) => (await (handlers[name] as () => Promise<{ handler: unknown }>)()).handler;

const errorsFor = (name: string) => lines.filter((l) => /"level":\s*"ERROR"/.test(l) && l.includes(name));

describe('a malformed event is rejected with one logged error and no side effect', () => {
  it.each([
    ['trigger', { trigger: 'schedule', policy: 'shop' }],
    ['invoke', { action: 'restore', subjectId: 'x' }],
    ['watchdog', 'not an event'],
    ['retention', 42],
    ['rds-events', { source: 'aws.rds', detail: {} }],
  ])('%s', async (name, event) => {
    const handler = (await load(name)) as (e: unknown, c: never) => Promise<unknown>;
    const before = errorsFor(name).length;
    expect(await handler(event, context)).toMatchObject({ status: 'rejected' });
    expect(errorsFor(name).length - before).toBe(1);
  });

  it.each(['backup-run', 'restore-run', 'delete-run'])('%s (durable)', async (name) => {
    const handler = await load(name);
    const runner = new LocalDurableTestRunner({ handlerFunction: handler as never });
    const execution = await runner.run({ payload: { runId: 'r-1', unexpected: true } });
    expect(execution.getResult()).toMatchObject({ status: 'rejected' });
    expect(lines.filter((l) => l.includes(`${name} input rejected; nothing was done`))).toHaveLength(1);
  });
});
