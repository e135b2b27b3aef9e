import {
  CopyDBClusterSnapshotCommand,
  CreateDBClusterCommand,
  CreateDBClusterSnapshotCommand,
  type DBCluster,
  DBClusterNotFoundFault,
  DBClusterSnapshotAlreadyExistsFault,
  DBClusterSnapshotNotFoundFault,
  DeleteDBClusterCommand,
  DeleteDBClusterSnapshotCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  InvalidDBClusterStateFault,
  RestoreDBClusterFromSnapshotCommand,
  SnapshotQuotaExceededFault,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresProcessesUnder, psql, startTestApi, type TestApi, until } from '../helpers.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({
    quotas: { concurrentClusterCopies: 1, manualClusterSnapshots: 4 },
    delays: { copying: 300 },
  });
});
afterAll(async () => {
  await t.stop();
  expect(postgresProcessesUnder(t.dataDir)).toEqual([]);
});

const REGION = 'us-west-2';
const clusterArn = (region: string, id: string) => `arn:aws:rds:${region}:123456789012:cluster-snapshot:${id}`;

async function availableCluster(id: string, region = REGION): Promise<DBCluster> {
  const out = await until(
    () => t.client(region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id })),
    (o) => o.DBClusters?.[0]?.Status === 'available',
  );
  return out.DBClusters?.[0] ?? {};
}

const snapshotStatus = async (id: string, region = REGION) =>
  (await t.client(region).send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: id })))
    .DBClusterSnapshots?.[0];

const conn = (cluster: DBCluster) => ({
  port: cluster.Port ?? 0,
  user: 'admin_user',
  password: 'aurora-pass',
  database: 'ledger',
});

describe('Aurora DB clusters simulated on PostgreSQL', () => {
  it('creates a cluster reachable at its endpoint', async () => {
    const out = await t.client(REGION).send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: 'ledger',
        Engine: 'aurora-postgresql',
        MasterUsername: 'admin_user',
        MasterUserPassword: 'aurora-pass',
        DatabaseName: 'ledger',
        StorageEncrypted: true,
        VpcSecurityGroupIds: ['sg-0aurora'],
      }),
    );
    expect(out.DBCluster).toMatchObject({ DBClusterIdentifier: 'ledger', Status: 'creating' });
    const cluster = await availableCluster('ledger');
    expect(cluster).toMatchObject({
      DBClusterArn: `arn:aws:rds:${REGION}:123456789012:cluster:ledger`,
      Endpoint: '127.0.0.1',
      Engine: 'aurora-postgresql',
      StorageEncrypted: true,
      VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0aurora', Status: 'active' }],
    });
    psql(conn(cluster), 'CREATE TABLE entries (id int); INSERT INTO entries SELECT generate_series(1, 7)');
  });

  it('snapshots, copies (no events) and restores a cluster with the data at snapshot time', async () => {
    const rds = t.client(REGION);
    await rds.send(
      new CreateDBClusterSnapshotCommand({ DBClusterIdentifier: 'ledger', DBClusterSnapshotIdentifier: 'ledger-1' }),
    );
    psql(conn(await availableCluster('ledger')), 'INSERT INTO entries VALUES (8)');
    await until(
      () => snapshotStatus('ledger-1'),
      (s) => s?.Status === 'available',
    );

    const dest = t.client('us-east-1');
    const copy = await dest.send(
      new CopyDBClusterSnapshotCommand({
        SourceDBClusterSnapshotIdentifier: clusterArn(REGION, 'ledger-1'),
        TargetDBClusterSnapshotIdentifier: 'ledger-1-dr',
        KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/dr-key',
      }),
    );
    expect(copy.DBClusterSnapshot).toMatchObject({
      Status: 'copying',
      SourceDBClusterSnapshotArn: clusterArn(REGION, 'ledger-1'),
      DBClusterSnapshotArn: clusterArn('us-east-1', 'ledger-1-dr'),
      StorageEncrypted: true,
    });
    await expect(
      dest.send(
        new CopyDBClusterSnapshotCommand({
          SourceDBClusterSnapshotIdentifier: clusterArn(REGION, 'ledger-1'),
          TargetDBClusterSnapshotIdentifier: 'ledger-1-dr2',
          KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/dr-key',
        }),
      ),
    ).rejects.toBeInstanceOf(SnapshotQuotaExceededFault);
    await until(
      () => snapshotStatus('ledger-1-dr', 'us-east-1'),
      (s) => s?.Status === 'available',
    );

    await dest.send(
      new RestoreDBClusterFromSnapshotCommand({
        DBClusterIdentifier: 'ledger-dr',
        SnapshotIdentifier: 'ledger-1-dr',
        Engine: 'aurora-postgresql',
      }),
    );
    const restored = await availableCluster('ledger-dr', 'us-east-1');
    expect(psql(conn(restored), 'SELECT count(*) FROM entries')).toBe('7');
    const kinds = t.api.events.map((e) => [e['detail-type'], e.detail.EventID]);
    expect(kinds).toEqual([
      ['RDS DB Cluster Event', 'RDS-EVENT-0170'],
      ['RDS DB Cluster Snapshot Event', 'RDS-EVENT-0074'],
      ['RDS DB Cluster Snapshot Event', 'RDS-EVENT-0075'],
      ['RDS DB Cluster Event', 'RDS-EVENT-0170'],
    ]);
  });

  it('raises the cluster faults', async () => {
    const rds = t.client(REGION);
    await expect(
      rds.send(
        new CreateDBClusterSnapshotCommand({ DBClusterIdentifier: 'ledger', DBClusterSnapshotIdentifier: 'ledger-1' }),
      ),
    ).rejects.toBeInstanceOf(DBClusterSnapshotAlreadyExistsFault);
    await expect(rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'ghost' }))).rejects.toBeInstanceOf(
      DBClusterNotFoundFault,
    );
    await expect(
      rds.send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: 'ghost' })),
    ).rejects.toBeInstanceOf(DBClusterSnapshotNotFoundFault);
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: 'fresh',
        Engine: 'aurora-postgresql',
        MasterUsername: 'admin_user',
        MasterUserPassword: 'aurora-pass',
      }),
    );
    await expect(
      rds.send(
        new CreateDBClusterSnapshotCommand({ DBClusterIdentifier: 'fresh', DBClusterSnapshotIdentifier: 'fresh-1' }),
      ),
    ).rejects.toBeInstanceOf(InvalidDBClusterStateFault);
    await availableCluster('fresh');
  });

  it('deletes cluster snapshots and clusters', async () => {
    const rds = t.client(REGION);
    const out = await rds.send(new DeleteDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: 'ledger-1' }));
    expect(out.DBClusterSnapshot?.Status).toBe('deleted');
    await rds.send(new DeleteDBClusterCommand({ DBClusterIdentifier: 'fresh', SkipFinalSnapshot: true }));
    await until(
      () => rds.send(new DescribeDBClustersCommand({})),
      (o) => o.DBClusters?.map((c) => c.DBClusterIdentifier).join() === 'ledger',
    );
  });
});
