/**
 * `blueprints/rds-postgres.yaml` end to end through local/rds-api (real PostgreSQL 15 behind the RDS API, two
 * regions) with its subject, a Kanister-style ConfigMap, on the local Kubernetes API: backup (snapshot, copy to
 * eu-west-1, export), restore in place, restore from the copy in the other region, and delete — each checked on the
 * data itself.
 */
import { join } from 'node:path';
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbInfo } from '../../../local/rds-api/index.js';
import { psql } from '../../local/rds-api/helpers.js';
import { repoRoot } from '../../support/cli.js';
import { loadBlueprint } from '../../support/run-blueprint.js';
import { type BlueprintEdge, startBlueprintEdge } from './harness.js';
import { type LocalRds, startLocalRds } from './rds-harness.js';

const subject = { kind: 'ConfigMap', namespace: 'pgtestrds', name: 'dbconfig' };
const blueprint = loadBlueprint(join(repoRoot, 'blueprints/rds-postgres.yaml'));
const options = {
  copyRegion: 'eu-west-1',
  copyKmsKeyID: 'alias/backup-eu',
  exportBucket: 'holdfast-exports',
  exportRoleArn: 'arn:aws:iam::123456789012:role/rds-export',
  exportKmsKeyID: 'alias/exports',
};
let rds: LocalRds;
let edge: BlueprintEdge;
let shop: DbInfo;

/** SQL over TCP with the master password, to the instance's current endpoint in `region`. */
async function sql(statement: string, region = 'us-east-1'): Promise<string> {
  const described = await rds.client(region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'shop' }));
  const port = Number(described.DBInstances?.[0]?.Endpoint?.Port);
  return psql({ port, user: shop.masterUsername, password: shop.masterPassword, database: 'app' }, statement);
}

const snapshotExists = (id: string, region: string) =>
  rds
    .client(region)
    .send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }))
    .then((out) => out.DBSnapshots?.[0])
    .catch((error: Error) => (error.name === 'DBSnapshotNotFoundFault' ? undefined : Promise.reject(error)));

beforeAll(async () => {
  rds = await startLocalRds();
  edge = await startBlueprintEdge({ blueprint, subject, clients: { rds: rds.access } });
  await edge.cluster.core.createNamespacedConfigMap({
    namespace: 'pgtestrds',
    body: { metadata: { name: 'dbconfig' }, data: { 'postgres.instanceid': 'shop' } },
  });
  shop = await rds.api.createInstance({ id: 'shop', dbName: 'app' });
  await sql('CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 500)');
}, 120_000);

afterAll(async () => {
  await edge?.close();
  await rds?.stop();
});

describe('blueprints/rds-postgres.yaml through local/rds-api', () => {
  it('snapshots, copies and exports; restores in place and from the copy; deletes both snapshots', async () => {
    const backup = await edge.run('backup', { options });
    expect(backup.status, backup.error?.message).toBe('succeeded');
    const info = backup.artifacts?.backupInfo?.keyValue ?? {};
    expect(info).toMatchObject({ instanceID: 'shop', dbSubnetGroup: 'default', copyRegion: 'eu-west-1' });
    expect(await snapshotExists(String(info.snapshotID), 'us-east-1')).toMatchObject({ Status: 'available' });
    expect(await snapshotExists(String(info.copySnapshotID), 'eu-west-1')).toMatchObject({
      Status: 'available',
      Encrypted: true,
    });
    expect(info.copySnapshotArn).toBe(`arn:aws:rds:eu-west-1:123456789012:snapshot:${info.copySnapshotID}`);
    const task = String(info.exportTaskID);
    expect(info.exportS3Location).toBe(`s3://holdfast-exports/holdfast/shop/${task}/`);
    expect(rds.exportInfo('holdfast-exports', 'holdfast/shop', task).tables).toEqual([
      expect.objectContaining({ target: 'app/public.orders', rows: 500 }),
    ]);

    await sql('DELETE FROM orders WHERE id <= 100; INSERT INTO orders SELECT generate_series(501, 600)');
    const restore = await edge.run('restore', { artifactsIn: { backupInfo: { keyValue: info } } });
    expect(restore.status, restore.error?.message).toBe('succeeded');
    expect(await sql('SELECT count(*), min(id), max(id) FROM orders')).toBe('500|1|500');

    const fromCopy = await edge.run('restoreFromCopy', {
      artifactsIn: { backupInfo: { keyValue: info } },
      options: { copySecurityGroups: '[sg-0e0e0e0e0e0e0e0e0]' },
    });
    expect(fromCopy.status, fromCopy.error?.message).toBe('succeeded');
    expect(await sql('SELECT count(*), min(id), max(id) FROM orders', 'eu-west-1')).toBe('500|1|500');

    const removed = await edge.run('delete', { artifactsIn: { backupInfo: { keyValue: info } } });
    expect(removed.status, removed.error?.message).toBe('succeeded');
    expect(await snapshotExists(String(info.snapshotID), 'us-east-1')).toBeUndefined();
    expect(await snapshotExists(String(info.copySnapshotID), 'eu-west-1')).toBeUndefined();
  });

  it('refuses to start without its options, before any snapshot exists', async () => {
    const before = await rds.client().send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: 'shop' }));
    const { exportKmsKeyID: _left, ...incomplete } = options;
    const backup = await edge.run('backup', { options: incomplete, time: '2026-03-02T10:00:00Z' });
    expect(backup.status).toBe('failed');
    expect(backup.error?.phase).toBe('createSnapshot');
    expect(backup.error?.message).toContain('Options.exportKmsKeyID is required');
    const after = await rds.client().send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: 'shop' }));
    expect(after.DBSnapshots?.length).toBe(before.DBSnapshots?.length);
  });
});
