import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CancelExportTaskCommand,
  CreateDBSnapshotCommand,
  DescribeDBSnapshotsCommand,
  DescribeExportTasksCommand,
  type ExportTask,
  ExportTaskAlreadyExistsFault,
  ExportTaskNotFoundFault,
  InvalidExportTaskStateFault,
  KMSKeyNotAccessibleFault,
  StartExportTaskCommand,
  type StartExportTaskCommandInput,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresProcessesUnder, psql, startTestApi, type TestApi, until } from '../helpers.js';

const REGION = 'eu-north-1';
const SNAPSHOT_ARN = `arn:aws:rds:${REGION}:123456789012:snapshot:shop-1`;
const KEY = `arn:aws:kms:${REGION}:123456789012:key/export-key`;

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ defaultRegion: REGION, quotas: { concurrentExports: 1 } });
  const db = await t.api.createInstance({ id: 'shop', dbName: 'shop' });
  const conn = { port: db.port, user: db.masterUsername, password: db.masterPassword, database: 'shop' };
  psql(
    conn,
    "CREATE TABLE orders (id int, note text); INSERT INTO orders VALUES (1, 'first'), (2, 'a, \"quoted\" note')",
  );
  psql(conn, 'CREATE SCHEMA audit; CREATE TABLE audit.log (at int); INSERT INTO audit.log VALUES (10)');
  const rds = t.client(REGION);
  await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'shop', DBSnapshotIdentifier: 'shop-1' }));
  psql(conn, "INSERT INTO orders VALUES (3, 'after the snapshot')");
  await until(
    () => rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'shop-1' })),
    (o) => o.DBSnapshots?.[0]?.Status === 'available',
  );
});
afterAll(async () => {
  await t.stop();
  expect(postgresProcessesUnder(t.dataDir)).toEqual([]);
});

const input = (id: string, extra: Partial<StartExportTaskCommandInput> = {}): StartExportTaskCommandInput => ({
  ExportTaskIdentifier: id,
  SourceArn: SNAPSHOT_ARN,
  S3BucketName: 'exports',
  S3Prefix: 'rds',
  IamRoleArn: 'arn:aws:iam::123456789012:role/export',
  KmsKeyId: KEY,
  ...extra,
});

const describeTask = async (id: string): Promise<ExportTask> =>
  (await t.client(REGION).send(new DescribeExportTasksCommand({ ExportTaskIdentifier: id }))).ExportTasks?.[0] ?? {};

describe('snapshot export tasks', () => {
  it('goes STARTING → COMPLETE and writes one CSV per table of the snapshot', async () => {
    const started = await t.client(REGION).send(new StartExportTaskCommand(input('export-1')));
    expect(started).toMatchObject({
      ExportTaskIdentifier: 'export-1',
      Status: 'STARTING',
      SourceArn: SNAPSHOT_ARN,
      S3Bucket: 'exports',
      KmsKeyId: KEY,
    });
    const done = await until(
      () => describeTask('export-1'),
      (task) => task.Status === 'COMPLETE',
    );
    expect(done).toMatchObject({ PercentProgress: 100, SourceType: 'SNAPSHOT' });
    expect(done.TaskEndTime).toBeInstanceOf(Date);

    const base = join(t.dataDir, 's3', 'exports', 'rds', 'export-1', 'shop');
    const ordersCsv = 'id,note\n1,first\n2,"a, ""quoted"" note"\n';
    expect(readFileSync(join(base, 'public.orders', 'part-00000.csv'), 'utf8')).toBe(ordersCsv);
    expect(readFileSync(join(base, 'audit.log', 'part-00000.csv'), 'utf8')).toBe('at\n10\n');
    const info = JSON.parse(
      readFileSync(join(t.dataDir, 's3', 'exports', 'rds', 'export-1', 'export_info_export-1.json'), 'utf8'),
    );
    expect(info.tables).toContainEqual({ target: 'shop/public.orders', rows: 2, sizeBytes: ordersCsv.length });
    expect(t.api.events.at(-1)?.detail).toMatchObject({ EventID: 'RDS-EVENT-0161', SourceArn: SNAPSHOT_ARN });
  });

  it('exports only what ExportOnly names', async () => {
    await t.client(REGION).send(new StartExportTaskCommand(input('export-2', { ExportOnly: ['shop.audit'] })));
    await until(
      () => describeTask('export-2'),
      (task) => task.Status === 'COMPLETE',
    );
    const base = join(t.dataDir, 's3', 'exports', 'rds', 'export-2', 'shop');
    expect(existsSync(join(base, 'audit.log', 'part-00000.csv'))).toBe(true);
    expect(existsSync(join(base, 'public.orders'))).toBe(false);
  });

  it('limits concurrent tasks, refuses duplicates and foreign keys, and cancels', async () => {
    const rds = t.client(REGION);
    await expect(rds.send(new StartExportTaskCommand(input('export-1')))).rejects.toBeInstanceOf(
      ExportTaskAlreadyExistsFault,
    );
    await expect(
      rds.send(new StartExportTaskCommand(input('export-x', { KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' }))),
    ).rejects.toBeInstanceOf(KMSKeyNotAccessibleFault);

    await rds.send(new StartExportTaskCommand(input('export-3')));
    await expect(rds.send(new StartExportTaskCommand(input('export-4')))).rejects.toMatchObject({
      name: 'ExportTaskLimitReached',
    });
    const canceling = await rds.send(new CancelExportTaskCommand({ ExportTaskIdentifier: 'export-3' }));
    expect(canceling.Status).toBe('CANCELING');
    await until(
      () => describeTask('export-3'),
      (task) => task.Status === 'CANCELED',
    );
    await expect(rds.send(new CancelExportTaskCommand({ ExportTaskIdentifier: 'export-3' }))).rejects.toBeInstanceOf(
      InvalidExportTaskStateFault,
    );
    await expect(rds.send(new CancelExportTaskCommand({ ExportTaskIdentifier: 'nope' }))).rejects.toBeInstanceOf(
      ExportTaskNotFoundFault,
    );
    expect(t.api.events.at(-1)?.detail.EventID).toBe('RDS-EVENT-0160');
  });

  it('lists tasks with filters', async () => {
    const out = await t
      .client(REGION)
      .send(new DescribeExportTasksCommand({ Filters: [{ Name: 'status', Values: ['complete'] }] }));
    expect(out.ExportTasks?.map((task) => task.ExportTaskIdentifier).sort()).toEqual(['export-1', 'export-2']);
  });
});
