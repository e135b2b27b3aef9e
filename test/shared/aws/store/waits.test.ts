import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createStore, WaitConflictError } from '../../../../shared/aws/store/index.js';
import { TestClock, useDynamoDBLocal } from '../../../support/dynamodb-local.js';

const local = useDynamoDBLocal();

const snapshot = 'arn:aws:rds:eu-west-1:123456789012:snapshot:holdfast-run-1-db';
const wait = (runId: string, callbackId: string) => ({
  resourceId: snapshot,
  runId,
  callbackId,
  kind: 'rds-snapshot-available',
  timeoutSeconds: 3600,
});

describe('wait registrations', () => {
  it('expire through the table TTL attribute: ttl is enabled on the table and set on each registration', async () => {
    const clock = new TestClock(new Date('2026-03-01T10:00:00.000Z'));
    const { client } = local.instance();
    const tableName = await local.instance().createTable();
    const store = createStore({ client, tableName, clock: clock.now });

    const registered = await store.waits.register(wait('run-1', 'cb-1'));

    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'ttl', TimeToLiveStatus: 'ENABLED' });
    // Timeout plus a day's margin, in epoch seconds.
    expect(registered.ttl).toBe(Date.parse('2026-03-01T10:00:00.000Z') / 1000 + 3600 + 86_400);
    expect((await store.waits.get(snapshot))?.ttl).toBe(registered.ttl);
  });

  it('takes a registration once: an event delivered twice at the same moment completes one callback', async () => {
    const store = await local.freshStore();
    await store.waits.register(wait('run-1', 'cb-1'));

    const taken = await Promise.all([store.waits.take(snapshot), store.waits.take(snapshot)]);

    expect(taken.filter((t) => t !== undefined)).toEqual([expect.objectContaining({ callbackId: 'cb-1' })]);
    expect(await store.waits.take(snapshot)).toBeUndefined();
  });

  it('lets the same run register again with a new callback id (retried step), but not another run', async () => {
    const store = await local.freshStore();
    await store.waits.register(wait('run-1', 'cb-1'));
    await store.waits.register(wait('run-1', 'cb-2'));

    await expect(store.waits.register(wait('run-2', 'cb-9'))).rejects.toMatchObject({
      name: 'WaitConflictError',
      heldBy: 'run-1',
    });
    expect(await store.waits.take(snapshot)).toMatchObject({ runId: 'run-1', callbackId: 'cb-2' });
  });

  it('of two runs registering one resource at once, exactly one holds it', async () => {
    const store = await local.freshStore();

    const outcomes = await Promise.allSettled([
      store.waits.register(wait('run-1', 'cb-1')),
      store.waits.register(wait('run-2', 'cb-2')),
    ]);

    const rejected = outcomes.filter((o) => o.status === 'rejected');
    expect(rejected).toHaveLength(1);
    const holder = (await store.waits.get(snapshot))?.runId;
    expect(rejected[0]?.reason).toBeInstanceOf(WaitConflictError);
    expect(rejected[0]?.reason).toMatchObject({ heldBy: holder });
  });

  it('treats a registration past its TTL as gone, though DynamoDB has not deleted it yet', async () => {
    const clock = new TestClock();
    const store = await local.freshStore(clock.now);
    await store.waits.register(wait('run-1', 'cb-1'));
    clock.advance(3600 + 86_400 + 1);

    await store.waits.register(wait('run-2', 'cb-2'));
    expect(await store.waits.take(snapshot)).toMatchObject({ runId: 'run-2' });

    await store.waits.register(wait('run-3', 'cb-3'));
    clock.advance(3600 + 86_400 + 1);
    expect(await store.waits.take(snapshot)).toBeUndefined();
    expect(await store.waits.get(snapshot)).toBeUndefined();
  });

  it('removes a registration only for its own run (the polling fallback finished first)', async () => {
    const store = await local.freshStore();
    await store.waits.register(wait('run-1', 'cb-1'));

    expect(await store.waits.remove(snapshot, 'run-2')).toBe(false);
    expect(await store.waits.get(snapshot)).toBeDefined();
    expect(await store.waits.remove(snapshot, 'run-1')).toBe(true);
    expect(await store.waits.remove(snapshot, 'run-1')).toBe(false);
    expect(await store.waits.take(snapshot)).toBeUndefined();
  });
});
