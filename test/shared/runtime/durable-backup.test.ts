/**
 * The backup run as a real durable execution (the local durable runner from @aws/durable-execution-sdk-js-testing,
 * middy's durable mode): checkpointed steps, event-driven waits with polling fallback, and fault injection at every
 * step boundary.
 */
import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { LocalDurableTestRunner, WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { silentLogger } from '../../../cli/logger.js';
import { blueprintSchema } from '../../../shared/blueprint/schema.js';
import { backupRunHandler, type DurableRunResult } from '../../../shared/runtime/durable-handlers.js';
import { TransientStepError } from '../../../shared/runtime/durable-run-context.js';
import type { Capture } from '../../../shared/runtime/ports.js';
import { checkedPublisher } from '../../support/event-check.js';
import { MemoryStore } from '../../support/memory-store.js';
import { testActionRunner } from '../../support/test-action-runner.js';
import type { TestFunctionLog } from '../../support/test-functions.js';

const hooks = blueprintSchema.parse({
  apiVersion: 'cr.kanister.io/v1alpha1',
  kind: 'Blueprint',
  metadata: { name: 'hooks' },
  actions: parse(`
backupPrehook: { phases: [{ func: ArgFunc, name: lock, args: {} }] }
backupPosthook: { phases: [{ func: ArgFunc, name: unlock, args: {} }] }
`),
});

const input = {
  runId: 'nightly-202611210200-abc',
  policy: 'nightly',
  subject: { cluster: 'c1', namespace: 'app', kind: 'StatefulSet', name: 'db' },
  scheduledTime: '2026-11-21T02:00:00Z',
  hooks: { blueprint: 'hooks' },
  capture: { rds: [] },
};

interface World {
  store: MemoryStore;
  log: TestFunctionLog;
  events: { type: string }[];
  snapshotReady: boolean;
  faults: string[];
}

function handlerFor(world: World, faultAt?: string) {
  let injected = false;
  const capture: Capture = {
    name: 'snap',
    start: (rc) =>
      rc.step('capture:start:snap', async () => ({ name: 'snap', pointInTime: new Date().toISOString(), data: {} })),
    finish: async (rc) => {
      await rc.waitFor(
        { kind: 'test-snapshot', id: 'snap-1' },
        { timeoutSeconds: 120, poll: async () => world.snapshotReady },
      );
      return [{ type: 'rds-snapshot', name: 'snap-1', location: 'arn:aws:rds:us-east-1:1:snapshot:snap-1' }];
    },
  };
  const core = backupRunHandler(
    (rc) => ({
      store: world.store,
      events: checkedPublisher(world.events as { type: string; detail: Record<string, unknown> }[]),
      blueprints: { get: async () => hooks },
      actions: testActionRunner(rc, world.log),
      captures: () => [capture],
    }),
    {
      log: silentLogger,
      waits: world.store,
      context: {
        firstPollSeconds: 1,
        beforeStep: (name) => {
          if (name === faultAt && !injected) {
            injected = true;
            world.faults.push(name);
            throw new TransientStepError(`injected fault at ${name}`);
          }
        },
      },
    },
  );
  return middy({ executionMode: executionModeDurableContext, timeoutEarlyInMillis: 0 }).handler(
    (event: unknown, context: DurableContext) => core(event, context),
  );
}

function world(snapshotReady = true): World {
  return { store: new MemoryStore(), log: { calls: [] }, events: [], snapshotReady, faults: [] };
}

async function run(w: World, faultAt?: string): Promise<{ result: DurableRunResult; steps: string[] }> {
  const runner = new LocalDurableTestRunner({ handlerFunction: handlerFor(w, faultAt) as never });
  const execution = await runner.run({ payload: input });
  const steps = execution.getOperations().map((o) => o.getOperationData()?.Name ?? '');
  return { result: execution.getResult() as DurableRunResult, steps };
}

describe('backup run on the durable runtime', () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it('runs to one restore point, the quiesce window recorded, Run Succeeded published', async () => {
    const w = world();
    const { result } = await run(w);
    expect(result).toMatchObject({ status: 'succeeded', runId: input.runId });
    expect(w.store.restorePoints.size).toBe(1);
    expect([...w.store.restorePoints.values()][0]?.quiesce?.seconds).toBeGreaterThanOrEqual(0);
    expect(w.events.map((e) => e.type)).toEqual(['Restore Point Created', 'Run Succeeded']);
  });

  it('survives a fault at every step boundary: one restore point, one posthook, no marker left', async () => {
    const { steps } = await run(world());
    const boundaries = steps.filter((s) => s !== '' && !s.startsWith('wait:'));
    expect(boundaries.length).toBeGreaterThan(8);
    for (const step of boundaries) {
      const w = world();
      const { result } = await run(w, step);
      expect(result, `fault at ${step}`).toMatchObject({ status: 'succeeded' });
      expect(w.store.restorePoints.size, `fault at ${step}`).toBe(1);
      expect(
        w.log.calls.filter((c) => c.phase === 'unlock'),
        `fault at ${step}`,
      ).toHaveLength(1);
      expect(w.store.markers.size, `fault at ${step}`).toBe(0);
      expect(w.faults).toEqual([step]);
    }
    expect(boundaries).toEqual(
      expect.arrayContaining([
        'quiesce:acquire',
        'backupPrehook/lock',
        'backupPosthook/unlock',
        'quiesce:release',
        'record:restore-point',
        'event:run-succeeded',
      ]),
    );
  });

  it('completes a wait by its event, once, and ignores the duplicate', async () => {
    const w = world(false);
    const runner = new LocalDurableTestRunner({ handlerFunction: handlerFor(w) as never });
    const pending = runner.run({ payload: input });
    const cb = runner.getOperation('wait:test-snapshot#snap-1:1:0');
    await cb.waitForData(WaitingOperationStatus.SUBMITTED);
    const registered = await w.store.takeWait('test-snapshot#snap-1');
    expect(registered?.runId).toBe(input.runId);
    w.snapshotReady = true;
    await cb.sendCallbackSuccess('{"event":"RDS-EVENT-0042"}');
    expect(await w.store.takeWait('test-snapshot#snap-1')).toBeUndefined();
    const execution = await pending;
    expect(execution.getResult()).toMatchObject({ status: 'succeeded' });
    expect(w.store.restorePoints.size).toBe(1);
  });

  it('rejects a malformed input with one logged error and no side effect', async () => {
    const w = world();
    const errors: string[] = [];
    const core = backupRunHandler(
      () => {
        throw new Error('must not build dependencies for a rejected input');
      },
      {
        log: { ...silentLogger, error: (m) => void errors.push(m) },
        waits: w.store,
      },
    );
    const runner = new LocalDurableTestRunner({
      handlerFunction: middy({ executionMode: executionModeDurableContext, timeoutEarlyInMillis: 0 }).handler(
        (e: unknown, c: DurableContext) => core(e, c),
      ) as never,
    });
    const execution = await runner.run({ payload: { runId: 'x', policy: 'p' } });
    expect(execution.getResult()).toMatchObject({ status: 'rejected' });
    expect(errors).toEqual(['backup-run input rejected; nothing was done']);
    expect(w.store.writes).toBe(0);
  });
});
