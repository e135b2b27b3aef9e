import { describe, expect, it } from 'vitest';
import { InvalidRunTransitionError } from '../../../../shared/aws/store/index.js';
import { DynamoRunStore } from '../../../../shared/aws/store/run-store-adapter.js';
import { QuiesceHeldError, type RestorePoint, type RunRecord } from '../../../../shared/runtime/ports.js';
import { useDynamoDBLocal } from '../../../support/dynamodb-local.js';

const local = useDynamoDBLocal();

const subject = { cluster: 'c1', namespace: 'app', kind: 'StatefulSet', name: 'db' };
const app = 'c1/app/StatefulSet/db';

const run = (extra: Partial<RunRecord> = {}): RunRecord => ({
  runId: 'run-1',
  kind: 'backup',
  policy: 'nightly',
  subjectId: app,
  state: 'running',
  startedAt: '2026-11-21T02:00:00.000Z',
  phases: [],
  stages: [],
  ...extra,
});

const restorePoint: RestorePoint = {
  id: '2026-11-21T02:00:00.000Z#run-1',
  subject,
  subjectId: app,
  policy: 'nightly',
  runId: 'run-1',
  createdAt: '2026-11-21T02:00:05.000Z',
  consistency: 'application',
  quiesce: { start: '2026-11-21T02:00:00.000Z', end: '2026-11-21T02:00:05.000Z', seconds: 5 },
  artifacts: [{ type: 'rds-snapshot', name: 'snap-1', location: 'arn:aws:rds:us-east-1:1:snapshot:snap-1' }],
  blueprint: 'hooks',
};

describe('the RunStore port on DynamoDB', () => {
  it('saves and reads back a run record as the backup use case flushes it', async () => {
    const store = new DynamoRunStore(await local.freshStore());
    await store.putRun(run());
    const done = run({
      state: 'succeeded',
      endedAt: '2026-11-21T02:01:00.000Z',
      stages: [
        { name: 'quiesce', state: 'succeeded', startedAt: '2026-11-21T02:00:00.000Z', endedAt: 'x' },
        { name: 'capture', state: 'succeeded', startedAt: '2026-11-21T02:00:01.000Z', endedAt: 'y' },
      ],
      phases: [
        { action: 'backupPrehook', name: 'lock', func: 'KubeExec', deferred: false, state: 'succeeded', attempts: 1 },
        { action: 'backupPosthook', name: 'unlock', func: 'KubeExec', deferred: false, state: 'failed', attempts: 2 },
      ],
      restorePointId: restorePoint.id,
    });
    await store.putRun(done);

    expect(await store.getRun('run-1')).toEqual(done);
  });

  it('refuses a stale flush that would take a finished run back to running', async () => {
    const store = new DynamoRunStore(await local.freshStore());
    await store.putRun(run({ state: 'failed', endedAt: '2026-11-21T02:01:00.000Z' }));

    await expect(store.putRun(run())).rejects.toBeInstanceOf(InvalidRunTransitionError);
    expect((await store.getRun('run-1'))?.state).toBe('failed');
  });

  it('writes a restore point once, keyed by its id', async () => {
    const dynamo = await local.freshStore();
    const store = new DynamoRunStore(dynamo);

    expect(await store.putRestorePoint(restorePoint)).toBe(true);
    expect(await store.putRestorePoint(restorePoint)).toBe(false);
    expect(await dynamo.restorePoints.get(app, restorePoint.id)).toMatchObject({
      runId: 'run-1',
      blueprint: 'hooks',
      quiesce: { seconds: 5 },
    });
  });

  it('holds one quiesce marker per app, throws the port error to others, and releases as a no-op otherwise', async () => {
    const store = new DynamoRunStore(await local.freshStore());
    const marker = (runId: string) => ({
      app,
      runId,
      since: '2026-11-21T02:00:00.000Z',
      maxQuiesceSeconds: 300,
      posthook: { blueprint: 'hooks', subject, options: { a: 'b' } },
    });
    await store.acquireQuiesce(marker('run-1'));
    await store.acquireQuiesce(marker('run-1'));

    await expect(store.acquireQuiesce(marker('run-2'))).rejects.toBeInstanceOf(QuiesceHeldError);
    await store.releaseQuiesce(app, 'run-2');
    expect(await store.listQuiesceMarkers()).toEqual([marker('run-1')]);
    await store.releaseQuiesce(app, 'run-1');
    expect(await store.listQuiesceMarkers()).toEqual([]);
  });

  it('takes a registered wait once', async () => {
    const store = new DynamoRunStore(await local.freshStore());
    await store.registerWait('snap-1', 'cb-1', 'run-1', 600);

    expect(await store.takeWait('snap-1')).toEqual({ callbackId: 'cb-1', runId: 'run-1' });
    expect(await store.takeWait('snap-1')).toBeUndefined();
  });
});
