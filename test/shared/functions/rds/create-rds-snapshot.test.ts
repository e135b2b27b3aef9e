import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RdsRunError } from '../../../../shared/aws/rds/errors.js';
import { InProcessRunContext } from '../../../../shared/blueprint/in-process-context.js';
import { createRDSSnapshot } from '../../../../shared/functions/create-rds-snapshot.js';
import { execCreateRDSSnapshot, SNAPSHOT_WAIT_OPTION } from '../../../../shared/functions/rds/create-rds-snapshot.js';
import { parseFunctionArgs } from '../../../../shared/functions/types.js';
import { awsError, type FakeDb, FakeRds } from './fake-rds.js';
import { FAST, phaseCall, rdsClients, recordingLogger } from './support.js';

const args = (rendered: Record<string, unknown>) => parseFunctionArgs(createRDSSnapshot, rendered);

describe('CreateRDSSnapshot', () => {
  let rds: FakeRds;
  let orders: FakeDb;
  beforeEach(() => {
    rds = new FakeRds();
    orders = rds.addDb({ id: 'orders', securityGroups: ['sg-0a1b2c3d', 'sg-9f8e7d6c'], subnetGroup: 'orders-subnets' });
  });
  afterEach(() => rds.restore());

  it("snapshots the instance, waits until it is available, and returns Kanister's outputs plus acceptedAt", async () => {
    const out = await execCreateRDSSnapshot(phaseCall(args({ instanceID: 'orders' })), rdsClients(), FAST);

    const snapshot = rds.snapshot('instance', 'us-east-1', String(out.snapshotID));
    expect(snapshot?.status).toBe('available');
    expect(snapshot?.sourceDb).toBe('orders');
    expect(out).toMatchObject({
      instanceID: 'orders',
      securityGroupID: '- sg-0a1b2c3d\n- sg-9f8e7d6c\n',
      allocatedStorage: '20GiB',
      dbSubnetGroup: 'orders-subnets',
    });
    expect(parse(String(out.securityGroupID))).toEqual(['sg-0a1b2c3d', 'sg-9f8e7d6c']);
    expect(Date.parse(String(out.acceptedAt))).not.toBeNaN();
    expect(String(out.snapshotID)).toMatch(/^holdfast-orders-run-1-backup-createsnapshot$/);
  });

  it('returns at acceptance when the run option says so, leaving the snapshot creating', async () => {
    const params = { Options: { [SNAPSHOT_WAIT_OPTION]: 'accepted' } };
    const out = await execCreateRDSSnapshot(phaseCall(args({ instanceID: 'orders' }), { params }), rdsClients(), FAST);
    expect(rds.snapshot('instance', 'us-east-1', String(out.snapshotID))?.status).toBe('creating');
    expect(out.acceptedAt).toBeTypeOf('string');
  });

  it('refuses an unknown value of the wait option', async () => {
    const params = { Options: { [SNAPSHOT_WAIT_OPTION]: 'no' } };
    const err = await execCreateRDSSnapshot(
      phaseCall(args({ instanceID: 'orders' }), { params }),
      rdsClients(),
      FAST,
    ).catch((e: unknown) => e);
    expect(String(err)).toContain('use "available" (wait, as Kanister) or "accepted"');
    expect(rds.calls).toEqual([]);
  });

  it('adopts the snapshot a previous attempt of the same run and phase created: no second snapshot', async () => {
    const first = await execCreateRDSSnapshot(phaseCall(args({ instanceID: 'orders' })), rdsClients(), FAST);
    const retried = await execCreateRDSSnapshot(phaseCall(args({ instanceID: 'orders' })), rdsClients(), FAST);

    expect(retried.snapshotID).toBe(first.snapshotID);
    expect(rds.count('CreateDBSnapshot')).toBe(1);
    expect(rds.snapshots).toHaveLength(1);
  });

  it('adopts the snapshot when the create call answers DBSnapshotAlreadyExists (its first answer was lost)', async () => {
    // The first attempt's create reached RDS but its answer did not reach us; the retry's Describe misses it (eventual
    // consistency) and its create is refused as a duplicate.
    rds.addSnapshot({
      id: 'holdfast-orders-run-1-backup-createsnapshot',
      sourceDb: 'orders',
      status: 'creating',
      ticks: 1,
    });
    rds.fail('DescribeDBSnapshots', awsError('DBSnapshotNotFound', 'not yet visible', 404));

    const out = await execCreateRDSSnapshot(phaseCall(args({ instanceID: 'orders' })), rdsClients(), FAST);
    expect(out.snapshotID).toBe('holdfast-orders-run-1-backup-createsnapshot');
    expect(rds.snapshots).toHaveLength(1);
    expect(rds.calls.filter((c) => c.command === 'CreateDBSnapshot')).toHaveLength(1);
  });

  it('refuses to adopt a snapshot of the same name taken of another instance', async () => {
    rds.addSnapshot({ id: 'holdfast-orders-run-1-backup-createsnapshot', sourceDb: 'billing' });
    const err = await execCreateRDSSnapshot(phaseCall(args({ instanceID: 'orders' })), rdsClients(), FAST).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RdsRunError);
    expect(String(err)).toContain('of billing, not orders');
  });

  it('refuses the 101st manual snapshot before calling RDS, saying how many exist and what to expire', async () => {
    for (let i = 0; i < 100; i++) {
      rds.addSnapshot({
        id: `old-${String(i).padStart(3, '0')}`,
        sourceDb: 'orders',
        createdAt: new Date(2025, 0, 1 + i),
      });
    }
    const err = await execCreateRDSSnapshot(phaseCall(args({ instanceID: 'orders' })), rdsClients(), FAST).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RdsRunError);
    expect((err as RdsRunError).code).toBe('SnapshotQuotaExceeded');
    expect((err as Error).message).toContain(
      '100 manual DB snapshots exist in us-east-1 (limit 100): expire restore points or delete snapshots (oldest: old-000, old-001, old-002) before creating more',
    );
    expect(rds.count('CreateDBSnapshot')).toBe(0);
  });

  it('counts manual snapshots across pages and ignores automated ones', async () => {
    for (let i = 0; i < 99; i++) rds.addSnapshot({ id: `m-${i}`, sourceDb: 'orders' });
    for (let i = 0; i < 5; i++) rds.addSnapshot({ id: `rds:orders-${i}`, sourceDb: 'orders', type: 'automated' });
    const out = await execCreateRDSSnapshot(phaseCall(args({ instanceID: 'orders' })), rdsClients(), FAST);
    expect(out.snapshotID).toBeDefined();
  });

  it('turns InvalidDBInstanceState into a run error that says what to do', async () => {
    orders.status = 'stopped';
    const err = await execCreateRDSSnapshot(phaseCall(args({ instanceID: 'orders' })), rdsClients(), FAST).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RdsRunError);
    expect((err as Error).message).toMatch(
      /^CreateDBSnapshot orders: InvalidDBInstanceState in us-east-1 \(.*\): the DB instance must be "available"/,
    );
  });

  it('turns DBInstanceNotFound into a run error naming the instance and the region', async () => {
    const err = await execCreateRDSSnapshot(phaseCall(args({ instanceID: 'nope' })), rdsClients(), FAST).catch(
      (e: unknown) => e,
    );
    expect((err as RdsRunError).code).toBe('DBInstanceNotFound');
    expect((err as Error).message).toContain('check instanceID and region');
  });

  it('retries throttling and 5xx answers with backoff, then succeeds', async () => {
    rds.fail('CreateDBSnapshot', awsError('Throttling', 'Rate exceeded'), 2);
    rds.fail('DescribeDBInstances', awsError('InternalFailure', 'oops', 500), 1);
    const out = await execCreateRDSSnapshot(phaseCall(args({ instanceID: 'orders' })), rdsClients(), FAST);
    expect(out.snapshotID).toBeDefined();
    expect(rds.count('CreateDBSnapshot')).toBe(3);
  });

  it('gives up on throttling after the policy attempts with advice', async () => {
    rds.fail('CreateDBSnapshot', awsError('RequestLimitExceeded', 'Request limit exceeded.'), 10);
    const err = await execCreateRDSSnapshot(phaseCall(args({ instanceID: 'orders' })), rdsClients(), FAST).catch(
      (e: unknown) => e,
    );
    expect((err as RdsRunError).code).toBe('RequestLimitExceeded');
    expect((err as Error).message).toContain('retry later');
    expect(rds.count('CreateDBSnapshot')).toBe(4);
  });

  it('snapshots an Aurora cluster for an Aurora engine, with allocatedStorage 0GiB as Kanister', async () => {
    rds.addDb({ id: 'ledger', kind: 'cluster', securityGroups: ['sg-1'], subnetGroup: 'aurora' });
    const out = await execCreateRDSSnapshot(
      phaseCall(args({ instanceID: 'ledger', dbEngine: 'aurora-postgresql' })),
      rdsClients(),
      FAST,
    );
    expect(rds.snapshot('cluster', 'us-east-1', String(out.snapshotID))?.status).toBe('available');
    expect(out).toMatchObject({ allocatedStorage: '0GiB', securityGroupID: '- sg-1\n', dbSubnetGroup: 'aurora' });
    expect(rds.count('CreateDBSnapshot')).toBe(0);
  });

  it('completes the wait by event: a notify for the snapshot ends a wait that would poll only a minute later', {
    timeout: 10_000,
  }, async () => {
    const run = new InProcessRunContext({ log: recordingLogger(), runId: 'run-1', firstPollMs: 60_000 });
    const call = phaseCall(args({ instanceID: 'orders' }), { run });
    const running = execCreateRDSSnapshot(call, rdsClients(), FAST);
    // The event arrives; by then RDS reports the snapshot available.
    await new Promise((r) => setTimeout(r, 20));
    const snap = rds.snapshots[0];
    if (!snap) throw new Error('the snapshot was not created');
    snap.status = 'available';
    snap.ticks = 0;
    expect(call.run.notify({ kind: 'rds-snapshot', id: `us-east-1:snapshot:${snap.id}` })).toBe(true);
    await expect(running).resolves.toMatchObject({ snapshotID: snap.id });
  });
});
