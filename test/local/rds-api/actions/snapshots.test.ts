import {
  AddTagsToResourceCommand,
  CreateDBSnapshotCommand,
  DBInstanceNotFoundFault,
  DBSnapshotAlreadyExistsFault,
  DBSnapshotNotFoundFault,
  DeleteDBSnapshotCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  InvalidDBSnapshotStateFault,
  ListTagsForResourceCommand,
  ModifyDBSnapshotAttributeCommand,
  RemoveTagsFromResourceCommand,
  SnapshotQuotaExceededFault,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresProcessesUnder, startTestApi, type TestApi, until } from '../helpers.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ quotas: { manualSnapshots: 3 }, defaultRegion: 'us-east-1' });
  await t.api.createInstance({ id: 'shop', tags: { env: 'test' } });
  await t.api.createInstance({ id: 'crm', storageEncrypted: true });
});
afterAll(async () => {
  await t.stop();
  expect(postgresProcessesUnder(t.dataDir)).toEqual([]);
});

const SNAPSHOT_ARN = 'arn:aws:rds:us-east-1:123456789012:snapshot:';

describe('DB snapshots', () => {
  it('reports a manual snapshot as creating, then available at 100%', async () => {
    const rds = t.client();
    const out = await rds.send(
      new CreateDBSnapshotCommand({
        DBInstanceIdentifier: 'shop',
        DBSnapshotIdentifier: 'shop-1',
        Tags: [{ Key: 'purpose', Value: 'backup' }],
      }),
    );
    expect(out.DBSnapshot).toMatchObject({
      DBSnapshotIdentifier: 'shop-1',
      DBInstanceIdentifier: 'shop',
      Status: 'creating',
      SnapshotType: 'manual',
      DBSnapshotArn: `${SNAPSHOT_ARN}shop-1`,
      Encrypted: false,
      Engine: 'postgres',
      TagList: [{ Key: 'purpose', Value: 'backup' }],
    });
    expect(out.DBSnapshot?.SnapshotCreateTime).toBeInstanceOf(Date);
    const done = await until(
      () => rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'shop-1' })),
      (o) => o.DBSnapshots?.[0]?.Status === 'available',
    );
    expect(done.DBSnapshots?.[0]?.PercentProgress).toBe(100);
  });

  it('carries the instance encryption into its snapshots', async () => {
    const out = await t
      .client()
      .send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'crm', DBSnapshotIdentifier: 'crm-1' }));
    expect(out.DBSnapshot?.Encrypted).toBe(true);
    expect(out.DBSnapshot?.KmsKeyId).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\//);
  });

  it('refuses an identifier already in use and unknown instances or snapshots', async () => {
    const rds = t.client();
    await expect(
      rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'crm', DBSnapshotIdentifier: 'shop-1' })),
    ).rejects.toBeInstanceOf(DBSnapshotAlreadyExistsFault);
    await expect(
      rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'ghost', DBSnapshotIdentifier: 'ghost-1' })),
    ).rejects.toBeInstanceOf(DBInstanceNotFoundFault);
    await expect(rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'ghost-1' }))).rejects.toMatchObject({
      name: 'DBSnapshotNotFoundFault',
      message: 'DBSnapshot not found: ghost-1',
    });
    await expect(rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: 'ghost-1' }))).rejects.toBeInstanceOf(
      DBSnapshotNotFoundFault,
    );
  });

  it('stops at the manual snapshot quota with the RDS error', async () => {
    const rds = t.client();
    await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'shop', DBSnapshotIdentifier: 'shop-2' }));
    const over = rds.send(
      new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'shop', DBSnapshotIdentifier: 'shop-3' }),
    );
    await expect(over).rejects.toBeInstanceOf(SnapshotQuotaExceededFault);
    await expect(over).rejects.toMatchObject({ message: 'Cannot create more than 3 manual snapshots' });
    const other = await t.client('us-west-2').send(new DescribeDBSnapshotsCommand({}));
    expect(other.DBSnapshots).toEqual([]); // quotas and snapshots are per region
  });

  it('lists automated and manual snapshots apart', async () => {
    const rds = t.client();
    const automated = await t.api.createAutomatedSnapshot({ id: 'shop' });
    expect(automated.id).toMatch(/^rds:shop-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}$/);
    const onlyAutomated = await rds.send(new DescribeDBSnapshotsCommand({ SnapshotType: 'automated' }));
    expect(onlyAutomated.DBSnapshots?.map((s) => s.DBSnapshotIdentifier)).toEqual([automated.id]);
    const manualOfShop = await rds.send(
      new DescribeDBSnapshotsCommand({
        DBInstanceIdentifier: 'shop',
        Filters: [{ Name: 'snapshot-type', Values: ['manual'] }],
      }),
    );
    expect(manualOfShop.DBSnapshots?.map((s) => s.DBSnapshotIdentifier).sort()).toEqual(['shop-1', 'shop-2']);
    await expect(rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: automated.id }))).rejects.toBeInstanceOf(
      InvalidDBSnapshotStateFault,
    );
  });

  it('pages through DescribeDBSnapshots with MaxRecords and Marker', async () => {
    const rds = t.client();
    const first = await rds.send(new DescribeDBSnapshotsCommand({ MaxRecords: 20 }));
    expect(first.DBSnapshots).toHaveLength(4);
    expect(first.Marker).toBeUndefined();
  });

  it('shares a snapshot through the restore attribute', async () => {
    const rds = t.client();
    await rds.send(
      new ModifyDBSnapshotAttributeCommand({
        DBSnapshotIdentifier: 'shop-1',
        AttributeName: 'restore',
        ValuesToAdd: ['210987654321', '111122223333'],
      }),
    );
    const out = await rds.send(
      new ModifyDBSnapshotAttributeCommand({
        DBSnapshotIdentifier: 'shop-1',
        AttributeName: 'restore',
        ValuesToRemove: ['111122223333'],
      }),
    );
    expect(out.DBSnapshotAttributesResult?.DBSnapshotAttributes).toEqual([
      { AttributeName: 'restore', AttributeValues: ['210987654321'] },
    ]);
    const described = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'shop-1' }));
    expect(described.DBSnapshotAttributesResult).toEqual(out.DBSnapshotAttributesResult);
    await expect(
      rds.send(
        new ModifyDBSnapshotAttributeCommand({
          DBSnapshotIdentifier: 'crm-1',
          AttributeName: 'restore',
          ValuesToAdd: ['all'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('tags snapshots and instances by ARN', async () => {
    const rds = t.client();
    const arn = `${SNAPSHOT_ARN}shop-1`;
    await rds.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: 'holdfast:run', Value: 'r-1' }] }));
    await rds.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ['purpose'] }));
    const tags = await rds.send(new ListTagsForResourceCommand({ ResourceName: arn }));
    expect(tags.TagList).toEqual([{ Key: 'holdfast:run', Value: 'r-1' }]);
    const instanceTags = await rds.send(
      new ListTagsForResourceCommand({ ResourceName: 'arn:aws:rds:us-east-1:123456789012:db:shop' }),
    );
    expect(instanceTags.TagList).toEqual([{ Key: 'env', Value: 'test' }]);
    await expect(
      rds.send(new ListTagsForResourceCommand({ ResourceName: `${SNAPSHOT_ARN}ghost` })),
    ).rejects.toBeInstanceOf(DBSnapshotNotFoundFault);
  });

  it('deletes a manual snapshot, which frees quota', async () => {
    const rds = t.client();
    const out = await rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: 'shop-2' }));
    expect(out.DBSnapshot).toMatchObject({ DBSnapshotIdentifier: 'shop-2', Status: 'deleted' });
    await expect(rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'shop-2' }))).rejects.toBeInstanceOf(
      DBSnapshotNotFoundFault,
    );
    const again = await rds.send(
      new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'shop', DBSnapshotIdentifier: 'shop-2' }),
    );
    expect(again.DBSnapshot?.Status).toBe('creating');
  });
});
