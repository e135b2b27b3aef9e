import {
  CopyDBSnapshotCommand,
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  DeleteDBInstanceCommand,
  DeleteDBSnapshotCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { afterEach, describe, expect, it } from 'vitest';
import type { RdsApiOptions } from '../../../local/rds-api/index.js';
import { type EventReceiver, startEventReceiver, startTestApi, type TestApi, until } from './helpers.js';

let t: TestApi | undefined;
let receiver: EventReceiver | undefined;
afterEach(async () => {
  await t?.stop();
  await receiver?.close();
});

async function start(options: Partial<RdsApiOptions> = {}): Promise<{ t: TestApi; receiver: EventReceiver }> {
  receiver = await startEventReceiver();
  t = await startTestApi({ eventsUrl: receiver.url, defaultRegion: 'eu-west-1', ...options });
  return { t, receiver };
}

const snapshotStatus = async (rds: RDSClient, id: string) =>
  (await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }))).DBSnapshots?.[0]?.Status;

describe('aws.rds events', () => {
  it('posts each transition to the events URL in order, in the region where it happens', async () => {
    const { t, receiver } = await start();
    const rds = t.client('eu-west-1');
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'db',
        Engine: 'postgres',
        DBInstanceClass: 'db.t3.micro',
        MasterUsername: 'app',
        MasterUserPassword: 'app-password',
      }),
    );
    await until(
      () => rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'db' })),
      (o) => o.DBInstances?.[0]?.DBInstanceStatus === 'available',
    );
    await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'db', DBSnapshotIdentifier: 'snap' }));
    await until(
      () => snapshotStatus(rds, 'snap'),
      (s) => s === 'available',
    );
    const dest = t.client('us-east-1');
    await dest.send(
      new CopyDBSnapshotCommand({
        SourceDBSnapshotIdentifier: 'arn:aws:rds:eu-west-1:123456789012:snapshot:snap',
        TargetDBSnapshotIdentifier: 'snap-copy',
      }),
    );
    await until(
      () => snapshotStatus(dest, 'snap-copy'),
      (s) => s === 'available',
    );
    await rds.send(
      new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: 'snap', TargetDBSnapshotIdentifier: 'snap-local' }),
    );
    await until(
      () => snapshotStatus(rds, 'snap-local'),
      (s) => s === 'available',
    );
    await rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: 'snap' }));
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'db', SkipFinalSnapshot: true }));
    await until(
      async () => t.api.events.length,
      (n) => n === 9,
    );
    await t.api.flushEvents();

    expect(receiver.received.map((e) => [e.region, e.detail.EventID, e.detail.SourceIdentifier])).toEqual([
      ['eu-west-1', 'RDS-EVENT-0005', 'db'],
      ['eu-west-1', 'RDS-EVENT-0040', 'snap'],
      ['eu-west-1', 'RDS-EVENT-0042', 'snap'],
      ['us-east-1', 'RDS-EVENT-0059', 'snap-copy'],
      ['us-east-1', 'RDS-EVENT-0060', 'snap-copy'],
      ['eu-west-1', 'RDS-EVENT-0196', 'snap-local'],
      ['eu-west-1', 'RDS-EVENT-0197', 'snap-local'],
      ['eu-west-1', 'RDS-EVENT-0041', 'snap'],
      ['eu-west-1', 'RDS-EVENT-0003', 'db'],
    ]);
    expect(receiver.received[2]).toMatchObject({
      version: '0',
      'detail-type': 'RDS DB Snapshot Event',
      source: 'aws.rds',
      account: '123456789012',
      resources: ['arn:aws:rds:eu-west-1:123456789012:snapshot:snap'],
      detail: {
        EventCategories: ['creation'],
        SourceType: 'SNAPSHOT',
        SourceArn: 'arn:aws:rds:eu-west-1:123456789012:snapshot:snap',
        Message: 'Manual snapshot created',
        EventID: 'RDS-EVENT-0042',
      },
    });
    expect(receiver.received[0]).toMatchObject({
      'detail-type': 'RDS DB Instance Event',
      detail: { SourceType: 'DB_INSTANCE' },
    });
    expect(receiver.received[4]?.detail.Message).toBe(
      'Finished copy of snapshot snap from region eu-west-1 in 0 minutes',
    );
    expect(receiver.received[6]?.detail.Message).toBe('Finished copy of snapshot snap in region eu-west-1');
    expect(new Set(receiver.received.map((e) => e.id)).size).toBe(receiver.received.length);
  });

  it('drops the selected events on delivery, as best-effort delivery may', async () => {
    const delivered: string[] = [];
    const { t, receiver } = await start({
      dropEvents: ['RDS-EVENT-0042'],
      onEvent: (e) => delivered.push(e.detail.EventID),
    });
    await t.api.createInstance({ id: 'db' });
    const rds = t.client('eu-west-1');
    await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'db', DBSnapshotIdentifier: 'snap' }));
    await until(
      () => snapshotStatus(rds, 'snap'),
      (s) => s === 'available',
    );
    await t.api.flushEvents();
    expect(receiver.received.map((e) => e.detail.EventID)).toEqual(['RDS-EVENT-0040']);
    expect(delivered).toEqual(['RDS-EVENT-0040']);
    expect(t.api.events.map((e) => e.detail.EventID)).toEqual(['RDS-EVENT-0040', 'RDS-EVENT-0042']);
  });

  it('delivers the selected events twice, with the same event id', async () => {
    const { t, receiver } = await start({ duplicateEvents: (e) => e.detail.EventID === 'RDS-EVENT-0042' });
    await t.api.createInstance({ id: 'db' });
    const rds = t.client('eu-west-1');
    await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'db', DBSnapshotIdentifier: 'snap' }));
    await until(
      () => snapshotStatus(rds, 'snap'),
      (s) => s === 'available',
    );
    await t.api.flushEvents();
    expect(receiver.received.map((e) => e.detail.EventID)).toEqual([
      'RDS-EVENT-0040',
      'RDS-EVENT-0042',
      'RDS-EVENT-0042',
    ]);
    expect(receiver.received[1]?.id).toBe(receiver.received[2]?.id);
  });

  it('reports automated snapshots with 0090/0091', async () => {
    const { t, receiver } = await start();
    await t.api.createInstance({ id: 'db' });
    const { id } = await t.api.createAutomatedSnapshot({ id: 'db' });
    await until(
      () => snapshotStatus(t.client('eu-west-1'), id),
      (s) => s === 'available',
    );
    await t.api.flushEvents();
    expect(receiver.received.map((e) => [e.detail.EventID, e.detail.Message])).toEqual([
      ['RDS-EVENT-0090', 'Creating automated snapshot'],
      ['RDS-EVENT-0091', 'Automated snapshot created'],
    ]);
  });
});
