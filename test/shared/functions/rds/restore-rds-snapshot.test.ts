import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RdsRunError } from '../../../../shared/aws/rds/errors.js';
import { execRestoreRDSSnapshot } from '../../../../shared/functions/rds/restore-rds-snapshot.js';
import { restoreRDSSnapshot } from '../../../../shared/functions/restore-rds-snapshot.js';
import { parseFunctionArgs } from '../../../../shared/functions/types.js';
import { FakeRds } from './fake-rds.js';
import { FAST, phaseCall, rdsClients } from './support.js';

const args = (rendered: Record<string, unknown>) => parseFunctionArgs(restoreRDSSnapshot, rendered);
const call = (rendered: Record<string, unknown>) => phaseCall(args(rendered), { action: 'restore', phase: 'restore' });

describe('RestoreRDSSnapshot', () => {
  let rds: FakeRds;
  beforeEach(() => {
    rds = new FakeRds();
    rds.addSnapshot({ id: 'orders-snap', sourceDb: 'orders' });
  });
  afterEach(() => rds.restore());

  it('replaces the instance in place: deletes it, restores the snapshot under the same id, waits, returns the endpoint', async () => {
    rds.addDb({ id: 'orders', securityGroups: ['sg-live'] });
    const out = await execRestoreRDSSnapshot(
      call({
        instanceID: 'orders',
        snapshotID: 'orders-snap',
        securityGroupID: '- sg-from-backup\n',
        dbSubnetGroup: 'db-subnets',
      }),
      rdsClients(),
      FAST,
    );
    const restored = rds.db('instance', 'us-east-1', 'orders');
    expect(restored).toMatchObject({
      status: 'available',
      restoredFrom: 'orders-snap',
      securityGroups: ['sg-from-backup'],
    });
    expect(restored?.subnetGroup).toBe('db-subnets');
    expect(rds.calls.map((c) => c.command).filter((c) => c.startsWith('Delete') || c.startsWith('Restore'))).toEqual([
      'DeleteDBInstance',
      'RestoreDBInstanceFromDBSnapshot',
    ]);
    expect(rds.calls.find((c) => c.command === 'DeleteDBInstance')?.input).toMatchObject({ SkipFinalSnapshot: true });
    expect(out).toEqual({ endpoint: 'orders.abc.us-east-1.rds.amazonaws.com' });
  });

  it("reuses the existing instance's security groups when the blueprint passes none", async () => {
    rds.addDb({ id: 'orders', securityGroups: ['sg-live'] });
    await execRestoreRDSSnapshot(call({ instanceID: 'orders', snapshotID: 'orders-snap' }), rdsClients(), FAST);
    expect(rds.db('instance', 'us-east-1', 'orders')?.securityGroups).toEqual(['sg-live']);
  });

  it('restores into an instance that no longer exists when the security groups are given', async () => {
    await execRestoreRDSSnapshot(
      call({ instanceID: 'orders', snapshotID: 'orders-snap', securityGroupID: '- sg-1\n' }),
      rdsClients(),
      FAST,
    );
    expect(rds.db('instance', 'us-east-1', 'orders')?.status).toBe('available');
    expect(rds.count('DeleteDBInstance')).toBe(0);
  });

  it('a retried restore adopts the instance its first attempt restored instead of deleting it again', async () => {
    rds.addDb({ id: 'orders' });
    const first = call({ instanceID: 'orders', snapshotID: 'orders-snap' });
    await execRestoreRDSSnapshot(first, rdsClients(), FAST);
    await execRestoreRDSSnapshot(call({ instanceID: 'orders', snapshotID: 'orders-snap' }), rdsClients(), FAST);
    expect(rds.count('DeleteDBInstance')).toBe(1);
    expect(rds.count('RestoreDBInstanceFromDBSnapshot')).toBe(1);
  });

  it('fails before deleting anything when the snapshot does not exist', async () => {
    rds.addDb({ id: 'orders' });
    const err = await execRestoreRDSSnapshot(
      call({ instanceID: 'orders', snapshotID: 'nope' }),
      rdsClients(),
      FAST,
    ).catch((e: unknown) => e);
    expect((err as RdsRunError).code).toBe('DBSnapshotNotFound');
    expect(rds.count('DeleteDBInstance')).toBe(0);
    expect(rds.db('instance', 'us-east-1', 'orders')?.status).toBe('available');
  });

  it('explains a deletion-protected instance', async () => {
    rds.addDb({ id: 'orders', deletionProtection: true });
    const err = await execRestoreRDSSnapshot(
      call({ instanceID: 'orders', snapshotID: 'orders-snap' }),
      rdsClients(),
      FAST,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RdsRunError);
    expect((err as Error).message).toContain('Cannot delete protected DB Instance');
  });

  it('restores an Aurora cluster: deletes members and cluster, restores, then adds an instance as Kanister', async () => {
    rds.addSnapshot({ id: 'ledger-snap', sourceDb: 'ledger', kind: 'cluster' });
    rds.addDb({ id: 'ledger', kind: 'cluster', members: ['ledger-a'] });
    rds.addDb({ id: 'ledger-a' });
    const out = await execRestoreRDSSnapshot(
      call({ instanceID: 'ledger', snapshotID: 'ledger-snap', dbEngine: 'aurora-postgresql' }),
      rdsClients(),
      FAST,
    );
    expect(rds.calls.map((c) => c.command).filter((c) => /^(Delete|Restore|Create)/.test(c))).toEqual([
      'DeleteDBInstance',
      'DeleteDBCluster',
      'RestoreDBClusterFromSnapshot',
      'CreateDBInstance',
    ]);
    expect(rds.calls.find((c) => c.command === 'RestoreDBClusterFromSnapshot')?.input).toMatchObject({
      Engine: 'aurora-postgresql',
      EngineVersion: '15.4',
    });
    expect(rds.calls.find((c) => c.command === 'CreateDBInstance')?.input).toMatchObject({
      DBInstanceIdentifier: 'ledger-instance-1',
      DBClusterIdentifier: 'ledger',
      DBInstanceClass: 'db.r5.large',
    });
    expect(out).toEqual({ endpoint: 'ledger.cluster-abc.us-east-1.rds.amazonaws.com' });
  });

  it('without snapshotID needs the dump runner, and says so before touching RDS', async () => {
    const err = await execRestoreRDSSnapshot(
      call({
        instanceID: 'orders',
        dbEngine: 'PostgreSQL',
        backupArtifactPrefix: 'p',
        backupID: 'b',
        username: 'u',
        password: 'pw',
        namespace: 'ns',
      }),
      rdsClients(),
      FAST,
    ).catch((e: unknown) => e);
    expect(String(err)).toContain('streams a PostgreSQL dump through a Kubernetes task pod');
    expect(rds.calls).toEqual([]);
  });
});
