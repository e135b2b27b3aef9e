/**
 * `blueprints/rds-aurora.yaml` through local/rds-api's Aurora cluster support (an encrypted aurora-postgresql cluster
 * backed by a real PostgreSQL 15) with its subject, a Kanister-style ConfigMap, on the local Kubernetes API: backup
 * (cluster snapshot, encrypted copy in eu-west-1, export of the cluster snapshot) and delete end to end; both
 * restores up to the restored cluster's data (local/rds-api does not simulate the instance added after it).
 */
import { join } from 'node:path';
import { DescribeDBClusterSnapshotsCommand, DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbInfo } from '../../../local/rds-api/index.js';
import { psql } from '../../local/rds-api/helpers.js';
import { repoRoot } from '../../support/cli.js';
import { loadBlueprint } from '../../support/run-blueprint.js';
import { type BlueprintEdge, startBlueprintEdge } from './harness.js';
import { type LocalRds, startLocalRds } from './rds-harness.js';

const subject = { kind: 'ConfigMap', namespace: 'ledger', name: 'auroraconfig' };
const blueprint = loadBlueprint(join(repoRoot, 'blueprints/rds-aurora.yaml'));
const options = {
  copyRegion: 'eu-west-1',
  copyKmsKeyID: 'alias/backup-eu',
  exportBucket: 'holdfast-exports',
  exportPrefix: 'aurora',
  exportRoleArn: 'arn:aws:iam::123456789012:role/rds-export',
  exportKmsKeyID: 'alias/exports',
};
let rds: LocalRds;
let edge: BlueprintEdge;
let ledger: DbInfo;

/** SQL over TCP with the master password, to the cluster's current endpoint in `region`. */
async function sql(statement: string, region = 'us-east-1'): Promise<string> {
  const described = await rds.client(region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'ledger' }));
  const port = Number(described.DBClusters?.[0]?.Port);
  return psql({ port, user: ledger.masterUsername, password: ledger.masterPassword, database: 'app' }, statement);
}

const clusterSnapshot = (id: string, region: string) =>
  rds
    .client(region)
    .send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: id }))
    .then((out) => out.DBClusterSnapshots?.[0])
    .catch((error: Error) => (error.name === 'DBClusterSnapshotNotFoundFault' ? undefined : Promise.reject(error)));

beforeAll(async () => {
  rds = await startLocalRds();
  edge = await startBlueprintEdge({ blueprint, subject, clients: { rds: rds.access } });
  await edge.cluster.core.createNamespacedConfigMap({
    namespace: 'ledger',
    body: {
      metadata: { name: 'auroraconfig' },
      data: { 'aurora.clusterID': 'ledger', 'aurora.engine': 'aurora-postgresql' },
    },
  });
  ledger = await rds.api.createCluster({
    id: 'ledger',
    dbName: 'app',
    storageEncrypted: true,
    kmsKeyId: 'alias/aurora',
  });
  await sql('CREATE TABLE entries (id int PRIMARY KEY); INSERT INTO entries SELECT generate_series(1, 250)');
}, 120_000);

afterAll(async () => {
  await edge?.close();
  await rds?.stop();
});

describe('blueprints/rds-aurora.yaml through local/rds-api', () => {
  it('takes a cluster snapshot, copies it encrypted to eu-west-1, exports it; restores the cluster in both regions; deletes both snapshots', async () => {
    const backup = await edge.run('backup', { options });
    expect(backup.status, backup.error?.message).toBe('succeeded');
    const info = backup.artifacts?.backupInfo?.keyValue ?? {};
    expect(info).toMatchObject({ instanceID: 'ledger', copyRegion: 'eu-west-1' });
    expect(await clusterSnapshot(String(info.snapshotID), 'us-east-1')).toMatchObject({
      Status: 'available',
      Engine: 'aurora-postgresql',
    });
    expect(await clusterSnapshot(String(info.copySnapshotID), 'eu-west-1')).toMatchObject({
      Status: 'available',
      StorageEncrypted: true,
    });
    expect(info.copySnapshotArn).toBe(`arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:${info.copySnapshotID}`);
    const task = String(info.exportTaskID);
    expect(info.exportS3Location).toBe(`s3://holdfast-exports/aurora/${task}/`);
    expect(rds.exportInfo('holdfast-exports', 'aurora', task).tables).toEqual([
      expect.objectContaining({ target: 'app/public.entries', rows: 250 }),
    ]);

    await sql('DELETE FROM entries WHERE id <= 50; INSERT INTO entries SELECT generate_series(251, 300)');
    // local/rds-api restores the cluster but simulates no DB instances inside clusters, so the step after it (adding
    // `<cluster>-instance-1`, as Kanister does) fails here; the restored cluster's data is checked all the same.
    const cut = 'CreateDBInstance ledger-instance-1: InvalidParameterValue';
    const restore = await edge.run('restore', { artifactsIn: { backupInfo: { keyValue: info } } });
    expect(restore.error?.message).toContain(`${cut} in us-east-1`);
    expect(await sql('SELECT count(*), min(id), max(id) FROM entries')).toBe('250|1|250');
    const fromCopy = await edge.run('restoreFromCopy', {
      artifactsIn: { backupInfo: { keyValue: info } },
      options: { copySecurityGroups: '[sg-0e0e0e0e0e0e0e0e0]', copySubnetGroup: 'aurora-eu' },
    });
    expect(fromCopy.error?.message).toContain(`${cut} in eu-west-1`);
    expect(await sql('SELECT count(*), min(id), max(id) FROM entries', 'eu-west-1')).toBe('250|1|250');

    const removed = await edge.run('delete', { artifactsIn: { backupInfo: { keyValue: info } } });
    expect(removed.status, removed.error?.message).toBe('succeeded');
    expect(await clusterSnapshot(String(info.snapshotID), 'us-east-1')).toBeUndefined();
    expect(await clusterSnapshot(String(info.copySnapshotID), 'eu-west-1')).toBeUndefined();
  });
});
