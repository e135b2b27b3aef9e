import { describe, expect, it } from 'vitest';
import {
  InvalidRunTransitionError,
  RunEndedError,
  RunNotFoundError,
  type Store,
} from '../../../../shared/aws/store/index.js';
import type { PhaseRecord } from '../../../../shared/blueprint/phase-runner.js';
import { TestClock, useDynamoDBLocal } from '../../../support/dynamodb-local.js';

const local = useDynamoDBLocal();

async function newRun(store: Store, runId: string, state: 'pending' | 'running' = 'pending') {
  await store.runs.create({ runId, kind: 'backup', policy: 'nightly', subjectId: 'prod/shop/Deployment/web', state });
}

function phase(name: string, state: PhaseRecord['state'], extra: Partial<PhaseRecord> = {}): PhaseRecord {
  return { name, func: 'KubeTask', deferred: false, state, attempts: state === 'pending' ? 0 : 1, ...extra };
}

describe('run records', () => {
  it('creates a run once: a second create (retried trigger) leaves the first record', async () => {
    const store = await local.freshStore();
    const results = await Promise.all([
      store.runs.create({ runId: 'r1', kind: 'backup', subjectId: 'a/b/c/d', policy: 'first' }),
      store.runs.create({ runId: 'r1', kind: 'backup', subjectId: 'a/b/c/d', policy: 'second' }),
    ]);

    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    const run = await store.runs.get('r1');
    expect(run).toMatchObject({ state: 'pending', phases: [], stages: [] });
    expect(['first', 'second']).toContain(run?.policy);
  });

  it('moves pending → running → succeeded with timings, and repeating a transition is a no-op', async () => {
    const clock = new TestClock();
    const store = await local.freshStore(clock.now);
    await newRun(store, 'r2');

    clock.advance(5);
    expect(await store.runs.transition('r2', 'running')).toBe('changed');
    clock.advance(5);
    expect(await store.runs.transition('r2', 'running')).toBe('unchanged');
    clock.advance(60);
    expect(await store.runs.transition('r2', 'succeeded', { outputs: { snapshot: 'snap-1' } })).toBe('changed');

    expect(await store.runs.get('r2')).toMatchObject({
      state: 'succeeded',
      createdAt: '2026-03-01T10:00:00.000Z',
      startedAt: '2026-03-01T10:00:05.000Z',
      endedAt: '2026-03-01T10:01:10.000Z',
      outputs: { snapshot: 'snap-1' },
    });
  });

  it('never leaves a final state: of a concurrent success and cancel, one wins and the other is refused', async () => {
    const store = await local.freshStore();
    await newRun(store, 'r3', 'running');

    const outcomes = await Promise.allSettled([
      store.runs.transition('r3', 'succeeded'),
      store.runs.transition('r3', 'cancelled'),
    ]);
    const won = outcomes.findIndex((o) => o.status === 'fulfilled');
    const lost = outcomes[1 - won];
    const final = (await store.runs.get('r3'))?.state;

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(final).toBe(won === 0 ? 'succeeded' : 'cancelled');
    expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(InvalidRunTransitionError);
    expect(lost?.status === 'rejected' && lost.reason).toMatchObject({ runId: 'r3', from: final });
    await expect(store.runs.transition('r3', 'running')).rejects.toMatchObject({ from: final, to: 'running' });
  });

  it('refuses succeeded straight from pending, and transitions of a run that has no record', async () => {
    const store = await local.freshStore();
    await newRun(store, 'r4');

    await expect(store.runs.transition('r4', 'succeeded')).rejects.toMatchObject({ from: 'pending', to: 'succeeded' });
    await expect(store.runs.transition('ghost', 'running')).rejects.toMatchObject({ from: undefined });
    expect(await store.runs.get('ghost')).toBeUndefined();
    expect(await store.runs.transition('r4', 'failed', { error: { stage: 'quiesce', message: 'boom' } })).toBe(
      'changed',
    );
    expect((await store.runs.get('r4'))?.error).toEqual({ stage: 'quiesce', message: 'boom' });
  });

  it('loses no phase update when many phases report at once, and lists phases in run order', async () => {
    const store = await local.freshStore();
    await newRun(store, 'r5', 'running');
    const names = Array.from({ length: 12 }, (_, i) => `p${i}`);

    await Promise.all(
      names.map((name, i) =>
        store.runs.updatePhase('r5', {
          action: i < 6 ? 'backupPrehook' : 'backup',
          order: i,
          phase: phase(name, 'succeeded', { output: { n: String(i) } }),
        }),
      ),
    );
    // A stage written concurrently with phases survives too.
    await store.runs.updateStage('r5', { order: 0, stage: { name: 'quiesce', state: 'running', startedAt: 'x' } });

    const run = await store.runs.get('r5');
    expect(run?.phases.map((p) => `${p.action}/${p.name}:${p.state}`)).toEqual(
      names.map((n, i) => `${i < 6 ? 'backupPrehook' : 'backup'}/${n}:succeeded`),
    );
    expect(run?.phases[3]?.output).toEqual({ n: '3' });
    expect(run?.stages).toEqual([{ name: 'quiesce', state: 'running', startedAt: 'x' }]);
  });

  it('drops a late "running" update for a phase that already finished', async () => {
    const store = await local.freshStore();
    await newRun(store, 'r6', 'running');
    const update = (state: PhaseRecord['state']) =>
      store.runs.updatePhase('r6', { action: 'backup', order: 0, phase: phase('dump', state) });

    expect(await update('running')).toBe(true);
    expect(await update('failed')).toBe(true);
    const [late, final] = await Promise.all([update('running'), update('succeeded')]);

    expect([late, final]).toEqual([false, false]);
    expect((await store.runs.get('r6'))?.phases.map((p) => p.state)).toEqual(['failed']);
  });

  it('records no progress for a run that ended or was never created', async () => {
    const store = await local.freshStore();
    await newRun(store, 'r7', 'running');
    await store.runs.transition('r7', 'cancelled');

    await expect(
      store.runs.updatePhase('r7', { action: 'backup', order: 0, phase: phase('dump', 'running') }),
    ).rejects.toBeInstanceOf(RunEndedError);
    await expect(
      store.runs.updateStage('nope', { order: 0, stage: { name: 'capture', state: 'running', startedAt: 'x' } }),
    ).rejects.toBeInstanceOf(RunNotFoundError);
    expect(await store.runs.get('nope')).toBeUndefined();
  });

  it('lists runs by state through gsi2, most recent change first, paginated; a run leaves its old state', async () => {
    const clock = new TestClock();
    const store = await local.freshStore(clock.now);
    for (const id of ['a', 'b', 'c', 'd']) {
      clock.advance(1);
      await newRun(store, id);
    }
    clock.advance(1);
    await store.runs.transition('b', 'running');

    const first = await store.runs.listByState('pending', { limit: 2 });
    const second = await store.runs.listByState('pending', { limit: 2, cursor: first.cursor });
    expect([...first.items, ...second.items].map((r) => r.runId)).toEqual(['d', 'c', 'a']);
    expect(second.cursor).toBeUndefined();
    const running = await store.runs.listByState('running');
    expect(running.items).toEqual([expect.objectContaining({ runId: 'b', state: 'running', policy: 'nightly' })]);
    // Summaries only: progress is not copied into the index.
    expect(running.items[0]).not.toHaveProperty('phases');
  });
});
