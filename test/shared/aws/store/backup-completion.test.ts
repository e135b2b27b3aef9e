import { describe, expect, it } from 'vitest';
import { type NewRestorePoint, type Store, TransactionCancelledError } from '../../../../shared/aws/store/index.js';
import { useDynamoDBLocal } from '../../../support/dynamodb-local.js';

const local = useDynamoDBLocal();

const subject = { cluster: 'prod', namespace: 'shop', kind: 'Deployment', name: 'web' };
const app = 'prod/shop/Deployment/web';
const restorePoint = (runId: string): NewRestorePoint => ({
  subject,
  time: '2026-03-01T10:00:00.000Z',
  runId,
  policy: 'nightly',
  createdAt: '2026-03-01T10:00:30.000Z',
  consistency: 'application',
  artifacts: [{ type: 'manifests', name: 'manifests', location: 's3://bucket/run.yaml' }],
});

async function runningRun(store: Store, runId: string) {
  await store.runs.create({ runId, kind: 'backup', subjectId: app, policy: 'nightly', state: 'running' });
}

describe('completing a backup (restore point + run succeeded in one transaction)', () => {
  it('writes both together', async () => {
    const store = await local.freshStore();
    await runningRun(store, 'run-1');

    const done = await store.completeBackup({
      runId: 'run-1',
      restorePoint: restorePoint('run-1'),
      outputs: { db: 'x' },
    });

    expect(done).toEqual({ outcome: 'completed', restorePointId: '2026-03-01T10:00:00.000Z#run-1' });
    expect(await store.runs.get('run-1')).toMatchObject({
      state: 'succeeded',
      restorePointId: done.restorePointId,
      outputs: { db: 'x' },
    });
    expect((await store.restorePoints.get(app, done.restorePointId))?.status).toBe('complete');
  });

  it('is idempotent: a retried completion reports already-completed and writes nothing new', async () => {
    const store = await local.freshStore();
    await runningRun(store, 'run-2');
    await store.completeBackup({ runId: 'run-2', restorePoint: restorePoint('run-2') });
    const before = await store.runs.get('run-2');

    const again = await store.completeBackup({ runId: 'run-2', restorePoint: restorePoint('run-2') });

    expect(again.outcome).toBe('already-completed');
    expect(await store.runs.get('run-2')).toEqual(before);
    expect((await store.restorePoints.listByApp(app)).items).toHaveLength(1);
  });

  it('of two completions at once, one completes and the other does not write a second restore point', async () => {
    const store = await local.freshStore();
    await runningRun(store, 'run-3');

    const outcomes = await Promise.allSettled([
      store.completeBackup({ runId: 'run-3', restorePoint: restorePoint('run-3') }),
      store.completeBackup({ runId: 'run-3', restorePoint: restorePoint('run-3') }),
    ]);

    const completed = outcomes.filter((o) => o.status === 'fulfilled' && o.value.outcome === 'completed');
    expect(completed).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'fulfilled') continue;
      // Collided in flight: DynamoDB cancels with TransactionConflict, which callers retry.
      expect(o.reason).toBeInstanceOf(TransactionCancelledError);
      expect((o.reason as TransactionCancelledError).retryable).toBe(true);
    }
    expect((await store.restorePoints.listByApp(app)).items).toHaveLength(1);
    expect((await store.runs.get('run-3'))?.state).toBe('succeeded');
  });

  it('writes neither when the run already failed (e.g. the watchdog reconciled it)', async () => {
    const store = await local.freshStore();
    await runningRun(store, 'run-4');
    await store.runs.transition('run-4', 'failed', { error: { message: 'execution timed out' } });

    const attempt = store.completeBackup({ runId: 'run-4', restorePoint: restorePoint('run-4') });

    await expect(attempt).rejects.toBeInstanceOf(TransactionCancelledError);
    await expect(attempt).rejects.toThrow(/run is failed, not running/);
    expect((await store.restorePoints.listByApp(app)).items).toEqual([]);
    expect((await store.runs.get('run-4'))?.state).toBe('failed');
  });

  it('refuses to complete a run whose restore point was already written outside the transaction', async () => {
    const store = await local.freshStore();
    await runningRun(store, 'run-5');
    await store.restorePoints.put(restorePoint('run-5'));

    await expect(store.completeBackup({ runId: 'run-5', restorePoint: restorePoint('run-5') })).rejects.toThrow(
      /restore point .*run-5 already exists/,
    );
    expect((await store.runs.get('run-5'))?.state).toBe('running');
  });
});
