import {
  CopyDBSnapshotCommand,
  CreateDBSnapshotCommand,
  type DBSnapshot,
  DBSnapshotAlreadyExistsFault,
  DBSnapshotNotFoundFault,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  KMSKeyNotAccessibleFault,
  RestoreDBInstanceFromDBSnapshotCommand,
  SnapshotQuotaExceededFault,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbInfo } from '../../../local/rds-api/index.js';
import { postgresProcessesUnder, psql, startTestApi, type TestApi, until } from './helpers.js';

let t: TestApi;
let plain: DbInfo;
const SOURCE = 'eu-central-1';
const DEST = 'eu-west-1';
const DEST_KEY = `arn:aws:kms:${DEST}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

beforeAll(async () => {
  t = await startTestApi({
    defaultRegion: SOURCE,
    quotas: { concurrentCopies: 2 },
    inaccessibleKmsKeys: ['disabled-key'],
  });
  plain = await t.api.createInstance({ id: 'plain', dbName: 'app', tags: { app: 'shop' } });
  await t.api.createInstance({ id: 'secret', dbName: 'app', storageEncrypted: true });
  psql(
    { ...plain, user: plain.masterUsername, password: plain.masterPassword, database: 'app' },
    'CREATE TABLE t AS SELECT generate_series(1, 42) AS n',
  );
  const rds = t.client(SOURCE);
  await rds.send(
    new CreateDBSnapshotCommand({
      DBInstanceIdentifier: 'plain',
      DBSnapshotIdentifier: 'plain-1',
      Tags: [{ Key: 'tier', Value: 'gold' }],
    }),
  );
  await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'secret', DBSnapshotIdentifier: 'secret-1' }));
  for (const id of ['plain-1', 'secret-1']) await snapshotAvailable(SOURCE, id);
});
afterAll(async () => {
  await t.stop();
  expect(postgresProcessesUnder(t.dataDir)).toEqual([]);
});

async function snapshotAvailable(region: string, id: string): Promise<DBSnapshot> {
  const out = await until(
    () => t.client(region).send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id })),
    (o) => o.DBSnapshots?.[0]?.Status === 'available',
  );
  return out.DBSnapshots?.[0] ?? {};
}

const arnOf = (region: string, id: string) => `arn:aws:rds:${region}:123456789012:snapshot:${id}`;

describe('CopyDBSnapshot', () => {
  it('copies across regions from the source ARN, into the region the request is sent to', async () => {
    const out = await t.client(DEST).send(
      new CopyDBSnapshotCommand({
        SourceDBSnapshotIdentifier: arnOf(SOURCE, 'plain-1'),
        TargetDBSnapshotIdentifier: 'plain-1-dr',
        CopyTags: true,
        Tags: [{ Key: 'copy', Value: 'dr' }],
      }),
    );
    expect(out.DBSnapshot).toMatchObject({
      DBSnapshotIdentifier: 'plain-1-dr',
      DBSnapshotArn: arnOf(DEST, 'plain-1-dr'),
      Status: 'pending',
      SourceRegion: SOURCE,
      SourceDBSnapshotIdentifier: arnOf(SOURCE, 'plain-1'),
      Encrypted: false,
      TagList: [
        { Key: 'tier', Value: 'gold' },
        { Key: 'copy', Value: 'dr' },
      ],
    });
    const copy = await snapshotAvailable(DEST, 'plain-1-dr');
    expect(copy.PercentProgress).toBe(100);
    const inSource = await t.client(SOURCE).send(new DescribeDBSnapshotsCommand({}));
    expect(inSource.DBSnapshots?.map((s) => s.DBSnapshotIdentifier).sort()).toEqual(['plain-1', 'secret-1']);
  });

  it('restores the copy in the destination region with the data of the source', async () => {
    const rds = t.client(DEST);
    await rds.send(
      new RestoreDBInstanceFromDBSnapshotCommand({
        DBInstanceIdentifier: 'plain-dr',
        DBSnapshotIdentifier: 'plain-1-dr',
      }),
    );
    const out = await until(
      () => rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'plain-dr' })),
      (o) => o.DBInstances?.[0]?.DBInstanceStatus === 'available',
    );
    const port = out.DBInstances?.[0]?.Endpoint?.Port ?? 0;
    expect(out.DBInstances?.[0]?.DBInstanceArn).toBe(`arn:aws:rds:${DEST}:123456789012:db:plain-dr`);
    expect(
      psql(
        { port, user: plain.masterUsername, password: plain.masterPassword, database: 'app' },
        'SELECT sum(n) FROM t',
      ),
    ).toBe('903');
  });

  it('rejects an encrypted cross-region copy without a KMS key of the destination region, as RDS does', async () => {
    const rds = t.client(DEST);
    const source = arnOf(SOURCE, 'secret-1');
    await expect(
      rds.send(
        new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: source, TargetDBSnapshotIdentifier: 'secret-dr' }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Must specify new KMS key for cross region encrypted snapshot copy.',
    });
    const sourceRegionKey = `arn:aws:kms:${SOURCE}:123456789012:key/0000`;
    await expect(
      rds.send(
        new CopyDBSnapshotCommand({
          SourceDBSnapshotIdentifier: source,
          TargetDBSnapshotIdentifier: 'secret-dr',
          KmsKeyId: sourceRegionKey,
        }),
      ),
    ).rejects.toBeInstanceOf(KMSKeyNotAccessibleFault);
    await expect(
      rds.send(
        new CopyDBSnapshotCommand({
          SourceDBSnapshotIdentifier: source,
          TargetDBSnapshotIdentifier: 'secret-dr',
          KmsKeyId: 'disabled-key',
        }),
      ),
    ).rejects.toBeInstanceOf(KMSKeyNotAccessibleFault);

    const out = await rds.send(
      new CopyDBSnapshotCommand({
        SourceDBSnapshotIdentifier: source,
        TargetDBSnapshotIdentifier: 'secret-dr',
        KmsKeyId: DEST_KEY,
      }),
    );
    expect(out.DBSnapshot).toMatchObject({ Encrypted: true, KmsKeyId: DEST_KEY, SourceRegion: SOURCE });
    await snapshotAvailable(DEST, 'secret-dr');
  });

  it('copies in the same region by identifier, and encrypts when given a key', async () => {
    const rds = t.client(SOURCE);
    const out = await rds.send(
      new CopyDBSnapshotCommand({
        SourceDBSnapshotIdentifier: 'plain-1',
        TargetDBSnapshotIdentifier: 'plain-1-enc',
        KmsKeyId: 'alias/backup',
      }),
    );
    expect(out.DBSnapshot).toMatchObject({
      Status: 'creating',
      Encrypted: true,
      KmsKeyId: `arn:aws:kms:${SOURCE}:123456789012:alias/backup`,
      TagList: [],
    });
    await snapshotAvailable(SOURCE, 'plain-1-enc');
  });

  it('refuses unknown sources and taken target identifiers', async () => {
    const rds = t.client(DEST);
    await expect(
      rds.send(
        new CopyDBSnapshotCommand({
          SourceDBSnapshotIdentifier: arnOf(SOURCE, 'ghost'),
          TargetDBSnapshotIdentifier: 'x',
        }),
      ),
    ).rejects.toBeInstanceOf(DBSnapshotNotFoundFault);
    await expect(
      rds.send(new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: 'plain-1', TargetDBSnapshotIdentifier: 'x' })),
    ).rejects.toBeInstanceOf(DBSnapshotNotFoundFault); // a bare identifier names a snapshot of the destination region
    await expect(
      rds.send(
        new CopyDBSnapshotCommand({
          SourceDBSnapshotIdentifier: arnOf(SOURCE, 'plain-1'),
          TargetDBSnapshotIdentifier: 'plain-1-dr',
        }),
      ),
    ).rejects.toBeInstanceOf(DBSnapshotAlreadyExistsFault);
  });
});

describe('copy concurrency', () => {
  let slow: TestApi;
  beforeAll(async () => {
    slow = await startTestApi({
      defaultRegion: SOURCE,
      quotas: { concurrentCopies: 2 },
      delays: { creating: 0, copying: 60_000 },
    });
    await slow.api.createInstance({ id: 'db' });
    await slow
      .client(SOURCE)
      .send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'db', DBSnapshotIdentifier: 's' }));
    await until(
      () => slow.client(SOURCE).send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 's' })),
      (o) => o.DBSnapshots?.[0]?.Status === 'available',
    );
  });
  afterAll(() => slow.stop());

  it('allows the configured number of copies in progress per destination region, then returns the RDS error', async () => {
    const dest = slow.client(DEST);
    const copy = (target: string) =>
      dest.send(
        new CopyDBSnapshotCommand({
          SourceDBSnapshotIdentifier: arnOf(SOURCE, 's'),
          TargetDBSnapshotIdentifier: target,
        }),
      );
    await copy('c1');
    await copy('c2');
    const third = copy('c3');
    await expect(third).rejects.toBeInstanceOf(SnapshotQuotaExceededFault);
    await expect(third).rejects.toMatchObject({ message: 'Cannot copy more than 2 snapshots across regions' });
    // Another destination region has its own allowance.
    await expect(
      slow.client('us-east-2').send(
        new CopyDBSnapshotCommand({
          SourceDBSnapshotIdentifier: arnOf(SOURCE, 's'),
          TargetDBSnapshotIdentifier: 'c1',
        }),
      ),
    ).resolves.toMatchObject({ DBSnapshot: { Status: 'pending' } });
  });
});
