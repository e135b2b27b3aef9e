import { describe, expect, it } from 'vitest';
import {
  NotQuiesceHolderError,
  PosthookClaimedError,
  QuiesceHeldError,
  type Store,
} from '../../../../shared/aws/store/index.js';
import { TestClock, useDynamoDBLocal } from '../../../support/dynamodb-local.js';

const local = useDynamoDBLocal();

const subject = { cluster: 'prod', namespace: 'shop', kind: 'StatefulSet', name: 'postgres' };
const app = 'prod/shop/StatefulSet/postgres';
const marker = (runId: string, maxQuiesceSeconds = 300) => ({
  app,
  runId,
  maxQuiesceSeconds,
  posthook: { blueprint: 'postgres-bp', subject, options: { mode: 'fast' } },
});

async function acquireAs(store: Store, runId: string, targetApp = app, max = 300) {
  return store.quiesce.acquire({ ...marker(runId, max), app: targetApp });
}

describe('quiesce markers', () => {
  it('of two runs quiescing one app at once, one holds the marker and the other is told who', async () => {
    const store = await local.freshStore();

    const outcomes = await Promise.allSettled([acquireAs(store, 'run-1'), acquireAs(store, 'run-2')]);

    const rejected = outcomes.filter((o) => o.status === 'rejected');
    expect(rejected).toHaveLength(1);
    const holder = (await store.quiesce.get(app))?.runId;
    expect(rejected[0]?.reason).toBeInstanceOf(QuiesceHeldError);
    expect(rejected[0]?.reason).toMatchObject({ app, holder });
  });

  it('records the posthook to run and the deadline, and gives the holder its marker back on a retry', async () => {
    const clock = new TestClock();
    const store = await local.freshStore(clock.now);
    const first = await acquireAs(store, 'run-1', app, 120);
    clock.advance(30);

    const again = await acquireAs(store, 'run-1', app, 120);

    expect(first).toEqual({
      app,
      runId: 'run-1',
      since: '2026-03-01T10:00:00.000Z',
      deadline: '2026-03-01T10:02:00.000Z',
      maxQuiesceSeconds: 120,
      posthook: { blueprint: 'postgres-bp', action: 'backupPosthook', subject, options: { mode: 'fast' } },
    });
    expect(again).toEqual(first);
  });

  it('is not taken over by another run even when overdue: the watchdog releases it first', async () => {
    const clock = new TestClock();
    const store = await local.freshStore(clock.now);
    await acquireAs(store, 'run-1', app, 60);
    clock.advance(3600);

    await expect(acquireAs(store, 'run-2')).rejects.toMatchObject({
      name: 'QuiesceHeldError',
      holder: 'run-1',
      deadline: '2026-03-01T10:01:00.000Z',
    });
    expect(await store.quiesce.release(app, 'run-1')).toBe(true);
    await expect(acquireAs(store, 'run-2')).resolves.toMatchObject({ runId: 'run-2' });
  });

  it('is released only by its holder; releasing twice is a no-op', async () => {
    const store = await local.freshStore();
    await acquireAs(store, 'run-1');

    await expect(store.quiesce.release(app, 'run-2')).rejects.toBeInstanceOf(NotQuiesceHolderError);
    await expect(store.quiesce.release(app, 'run-2')).rejects.toMatchObject({ holder: 'run-1' });
    expect((await store.quiesce.get(app))?.runId).toBe('run-1');
    expect(await store.quiesce.release(app, 'run-1')).toBe(true);
    expect(await store.quiesce.release(app, 'run-1')).toBe(false);
    expect(await store.quiesce.get(app)).toBeUndefined();
  });

  it('lists overdue markers by their own maxQuiesceSeconds through gsi3', async () => {
    const clock = new TestClock();
    const store = await local.freshStore(clock.now);
    await acquireAs(store, 'run-a', 'c/ns/Deployment/a', 60);
    await acquireAs(store, 'run-b', 'c/ns/Deployment/b', 600);
    clock.advance(30);
    await acquireAs(store, 'run-c', 'c/ns/Deployment/c', 60);

    const at = (seconds: number) => new Date(Date.parse('2026-03-01T10:00:00.000Z') + seconds * 1000);
    const overdue = async (seconds: number) => (await store.quiesce.listOverdue(at(seconds))).map((m) => m.runId);
    expect(await overdue(59)).toEqual([]);
    expect(await overdue(60)).toEqual(['run-a']);
    expect(await overdue(90)).toEqual(['run-a', 'run-c']);
    expect(await overdue(600)).toEqual(['run-a', 'run-c', 'run-b']);
    expect((await store.quiesce.list()).map((m) => m.runId)).toEqual(['run-a', 'run-c', 'run-b']);
    await store.quiesce.release('c/ns/Deployment/a', 'run-a');
    expect(await overdue(600)).toEqual(['run-c', 'run-b']);
  });

  it('lets one claimant run the posthook: the run and a watchdog tick racing, one wins until its claim lapses', async () => {
    const clock = new TestClock();
    const store = await local.freshStore(clock.now);
    await acquireAs(store, 'run-1');
    const claim = (by: string) => store.quiesce.claimPosthook(app, { holderRunId: 'run-1', by, leaseSeconds: 120 });

    const outcomes = await Promise.allSettled([claim('run-1'), claim('watchdog')]);
    const winner = (await store.quiesce.get(app))?.posthookClaim?.by;
    const loser = winner === 'run-1' ? 'watchdog' : 'run-1';

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    await expect(claim(loser)).rejects.toMatchObject({ name: 'PosthookClaimedError', claimedBy: winner });
    await expect(claim(winner ?? '')).resolves.toMatchObject({ posthookClaim: { by: winner } });
    clock.advance(121);
    await expect(claim(loser)).resolves.toMatchObject({ posthookClaim: { by: loser } });
  });

  it('refuses a posthook claim once the marker is released or belongs to another run', async () => {
    const store = await local.freshStore();
    await acquireAs(store, 'run-1');
    await store.quiesce.release(app, 'run-1');
    await acquireAs(store, 'run-2');

    await expect(
      store.quiesce.claimPosthook(app, { holderRunId: 'run-1', by: 'watchdog', leaseSeconds: 60 }),
    ).rejects.toBeInstanceOf(PosthookClaimedError);
    expect((await store.quiesce.get(app))?.posthookClaim).toBeUndefined();
  });
});
