import { describe, expect, it } from 'vitest';
import {
  InvalidCursorError,
  type NewRestorePoint,
  RestorePointNotFoundError,
  RestorePointStatusError,
  type Store,
} from '../../../../shared/aws/store/index.js';
import { TestClock, useDynamoDBLocal } from '../../../support/dynamodb-local.js';

const local = useDynamoDBLocal();

const subject = { cluster: 'prod', namespace: 'shop', kind: 'StatefulSet', name: 'postgres' };
const app = 'prod/shop/StatefulSet/postgres';

function rp(time: string, runId: string, extra: Partial<NewRestorePoint> = {}): NewRestorePoint {
  return {
    subject,
    time,
    runId,
    policy: 'nightly',
    createdAt: time,
    consistency: 'application',
    quiesce: { start: time, end: time, seconds: 0 },
    artifacts: [
      { type: 'rds-snapshot', name: 'db', location: `arn:aws:rds:eu-west-1:1:snapshot:${runId}`, sizeBytes: 100 },
      { type: 'manifests', name: 'manifests', location: `s3://b/${runId}.yaml`, sizeBytes: 5 },
    ],
    gfsTags: ['daily'],
    ...extra,
  };
}

/** Hourly restore points from 2026-03-01T00:00Z, run ids run-0…run-(n-1). */
async function putHourly(store: Store, n: number, extra: (i: number) => Partial<NewRestorePoint> = () => ({})) {
  for (let i = 0; i < n; i++) {
    const time = new Date(Date.UTC(2026, 2, 1, i)).toISOString();
    await store.restorePoints.put(rp(time, `run-${i}`, extra(i)));
  }
}

async function allPages<T>(list: (cursor?: string) => Promise<{ items: T[]; cursor?: string }>): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    pages.push(page.items);
    cursor = page.cursor;
  } while (cursor);
  return pages;
}

describe('restore points', () => {
  it('writes a restore point once: of two concurrent writes by a retried run, one creates it', async () => {
    const store = await local.freshStore();
    const first = rp('2026-03-01T01:00:00.000Z', 'run-a');
    const results = await Promise.all([
      store.restorePoints.put(first),
      store.restorePoints.put({ ...first, consistency: 'crash' }),
    ]);

    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    const page = await store.restorePoints.listByApp(app);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: '2026-03-01T01:00:00.000Z#run-a', subjectId: app, status: 'complete' });
  });

  it('keeps what a backup recorded: artifacts, consistency, quiesce window, sizes, GFS tags', async () => {
    const store = await local.freshStore();
    const { id } = await store.restorePoints.put(
      rp('2026-03-01T02:00:00+01:00', 'run-b', { expiresAt: '2026-04-01T00:00:00Z', gfsTags: ['daily', 'weekly'] }),
    );

    const got = await store.restorePoints.get(app, id);
    expect(id).toBe('2026-03-01T01:00:00.000Z#run-b');
    expect(got).toMatchObject({
      time: '2026-03-01T01:00:00.000Z',
      consistency: 'application',
      quiesce: { start: '2026-03-01T01:00:00.000Z', seconds: 0 },
      sizeBytes: 105,
      gfsTags: ['daily', 'weekly'],
      expiresAt: '2026-04-01T00:00:00.000Z',
      policy: 'nightly',
    });
    expect(got?.artifacts[0]).toEqual({
      type: 'rds-snapshot',
      name: 'db',
      location: 'arn:aws:rds:eu-west-1:1:snapshot:run-b',
      sizeBytes: 100,
    });
  });

  it('lists an app newest first, page by page, and rejects a forged cursor', async () => {
    const store = await local.freshStore();
    await putHourly(store, 7);

    const pages = await allPages((cursor) => store.restorePoints.listByApp(app, { limit: 3, cursor }));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((r) => r.runId)).toEqual(['run-6', 'run-5', 'run-4', 'run-3', 'run-2', 'run-1', 'run-0']);
    await expect(store.restorePoints.listByApp(app, { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });

  it('lists a policy within a time range (both ends included) through gsi1, and not other policies', async () => {
    const store = await local.freshStore();
    await putHourly(store, 6, (i) => ({ policy: i % 2 === 0 ? 'nightly' : 'hourly' }));
    await store.restorePoints.put({ ...rp('2026-03-01T03:00:00.000Z', 'adhoc'), policy: undefined });

    const page = await store.restorePoints.listByPolicy('nightly', {
      from: '2026-03-01T02:00:00.000Z',
      to: '2026-03-01T04:00:00.000Z',
    });
    expect(page.items.map((r) => r.runId)).toEqual(['run-4', 'run-2']);
    const oldest = await store.restorePoints.listByPolicy('hourly', { order: 'oldest' }, { limit: 2 });
    expect(oldest.items.map((r) => r.runId)).toEqual(['run-1', 'run-3']);
    expect(oldest.cursor).toBeDefined();
  });

  it('lists restore points due for expiry through gsi3 until they are expired', async () => {
    const store = await local.freshStore();
    await putHourly(store, 4, (i) => (i === 3 ? {} : { expiresAt: `2026-03-1${i}T00:00:00.000Z` }));
    const due = async (now: string) =>
      (await store.restorePoints.listDueForExpiry(now)).items.map((r) => `${r.runId}:${r.status}`);

    expect(await due('2026-03-11T00:00:00.000Z')).toEqual(['run-0:complete', 'run-1:complete']);
    const [first] = (await store.restorePoints.listDueForExpiry('2026-03-11T00:00:00.000Z')).items;
    await store.restorePoints.markExpiring(app, first?.id ?? '');
    expect(await due('2026-03-11T00:00:00.000Z')).toEqual(['run-0:expiring', 'run-1:complete']);
    await store.restorePoints.markExpired(app, first?.id ?? '');
    expect(await due('2030-01-01T00:00:00.000Z')).toEqual(['run-1:complete', 'run-2:complete']);
    // Expired ones leave the policy index too, but stay in the app's history.
    expect((await store.restorePoints.listByPolicy('nightly')).items.map((r) => r.runId)).not.toContain('run-0');
    expect((await store.restorePoints.listByApp(app)).items.find((r) => r.runId === 'run-0')?.status).toBe('expired');
  });

  it('moves complete → expiring → expired once: concurrent retention workers, one changes it', async () => {
    const clock = new TestClock();
    const store = await local.freshStore(clock.now);
    const { id } = await store.restorePoints.put(rp('2026-03-01T00:00:00.000Z', 'run-c'));

    const marks = await Promise.all([
      store.restorePoints.markExpiring(app, id),
      store.restorePoints.markExpiring(app, id),
    ]);
    expect(marks.sort()).toEqual(['changed', 'unchanged']);
    await expect(store.restorePoints.markExpired(app, id)).resolves.toBe('changed');
    await expect(store.restorePoints.markExpired(app, id)).resolves.toBe('unchanged');
    await expect(store.restorePoints.markExpiring(app, id)).rejects.toMatchObject({
      name: 'RestorePointStatusError',
      from: 'expired',
      to: 'expiring',
    });
  });

  it('refuses to expire a restore point that retention has not marked expiring, or that does not exist', async () => {
    const store = await local.freshStore();
    const { id } = await store.restorePoints.put(rp('2026-03-01T00:00:00.000Z', 'run-d'));

    await expect(store.restorePoints.markExpired(app, id)).rejects.toBeInstanceOf(RestorePointStatusError);
    expect((await store.restorePoints.get(app, id))?.status).toBe('complete');
    await expect(store.restorePoints.markExpiring(app, '2026-03-01T00:00:00.000Z#nope')).rejects.toBeInstanceOf(
      RestorePointNotFoundError,
    );
  });
});
