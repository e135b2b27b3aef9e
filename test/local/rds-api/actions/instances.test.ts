import {
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  type DBInstance,
  DBInstanceAlreadyExistsFault,
  DBInstanceNotFoundFault,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  InvalidDBInstanceStateFault,
  ModifyDBInstanceCommand,
  RestoreDBInstanceFromDBSnapshotCommand,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresProcessesUnder, psql, startTestApi, type TestApi, until } from '../helpers.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.stop();
  expect(postgresProcessesUnder(t.dataDir)).toEqual([]);
});

const describeInstance = async (id: string, region = 'eu-west-1'): Promise<DBInstance> => {
  const out = await t.client(region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
  const [instance] = out.DBInstances ?? [];
  if (instance === undefined) throw new Error(`no instance ${id}`);
  return instance;
};

const available = (id: string) =>
  until(
    () => describeInstance(id),
    (i) => i.DBInstanceStatus === 'available',
  );
const conn = (instance: DBInstance) => ({
  port: instance.Endpoint?.Port ?? 0,
  user: 'app',
  password: 'app-password-1',
  database: 'appdb',
});

describe('DB instances backed by real PostgreSQL', () => {
  it('creates an instance that becomes available with a reachable endpoint and the master credentials', async () => {
    const rds = t.client('eu-west-1');
    const created = await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'Orders',
        Engine: 'postgres',
        DBInstanceClass: 'db.t3.micro',
        MasterUsername: 'app',
        MasterUserPassword: 'app-password-1',
        DBName: 'appdb',
        AllocatedStorage: 30,
        VpcSecurityGroupIds: ['sg-0aaa', 'sg-0bbb'],
        DBSubnetGroupName: 'private',
        Tags: [{ Key: 'team', Value: 'payments' }],
      }),
    );
    expect(created.DBInstance).toMatchObject({ DBInstanceIdentifier: 'orders', DBInstanceStatus: 'creating' });

    const instance = await available('orders');
    expect(instance).toMatchObject({
      DBInstanceArn: 'arn:aws:rds:eu-west-1:123456789012:db:orders',
      Engine: 'postgres',
      AllocatedStorage: 30,
      Endpoint: { Address: '127.0.0.1' },
      VpcSecurityGroups: [
        { VpcSecurityGroupId: 'sg-0aaa', Status: 'active' },
        { VpcSecurityGroupId: 'sg-0bbb', Status: 'active' },
      ],
      DBSubnetGroup: { DBSubnetGroupName: 'private' },
      TagList: [{ Key: 'team', Value: 'payments' }],
    });
    expect(psql(conn(instance), 'SELECT current_user')).toBe('app');
    expect(postgresProcessesUnder(t.dataDir)).toHaveLength(1); // the check used after close does see live servers
    expect(() => psql({ ...conn(instance), password: 'wrong-password' }, 'SELECT 1')).toThrow(
      /password authentication failed/,
    );
  });

  it('restores exactly the rows that existed when the snapshot was requested', async () => {
    const rds = t.client('eu-west-1');
    const source = conn(await describeInstance('orders'));
    psql(source, 'CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items SELECT generate_series(1, 250)');
    await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'orders', DBSnapshotIdentifier: 'before' }));
    psql(source, 'INSERT INTO items SELECT generate_series(251, 400); DELETE FROM items WHERE id <= 10');

    await until(
      () => rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'before' })),
      (o) => o.DBSnapshots?.[0]?.Status === 'available',
    );
    const restored = await rds.send(
      new RestoreDBInstanceFromDBSnapshotCommand({
        DBInstanceIdentifier: 'orders-restored',
        DBSnapshotIdentifier: 'before',
        VpcSecurityGroupIds: ['sg-0ccc'],
      }),
    );
    expect(restored.DBInstance?.DBInstanceStatus).toBe('creating');
    const instance = await available('orders-restored');

    expect(instance.VpcSecurityGroups).toEqual([{ VpcSecurityGroupId: 'sg-0ccc', Status: 'active' }]);
    expect(instance.Endpoint?.Port).not.toBe(source.port);
    expect(psql(conn(instance), 'SELECT count(*), min(id), max(id) FROM items')).toBe('250|1|250');
    expect(psql(source, 'SELECT count(*) FROM items')).toBe('390');
  });

  it('filters DescribeDBInstances and refuses unknown filters', async () => {
    const rds = t.client('eu-west-1');
    const byArn = await rds.send(
      new DescribeDBInstancesCommand({
        Filters: [{ Name: 'db-instance-id', Values: ['arn:aws:rds:eu-west-1:123456789012:db:orders-restored'] }],
      }),
    );
    expect(byArn.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(['orders-restored']);
    const all = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'engine', Values: ['postgres'] }] }));
    expect(all.DBInstances?.map((i) => i.DBInstanceIdentifier).sort()).toEqual(['orders', 'orders-restored']);
    await expect(
      rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'colour', Values: ['blue'] }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('keeps regions apart', async () => {
    const other = await t.client('ap-south-1').send(new DescribeDBInstancesCommand({}));
    expect(other.DBInstances).toEqual([]);
    await expect(
      t.client('ap-south-1').send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders' })),
    ).rejects.toBeInstanceOf(DBInstanceNotFoundFault);
  });

  it('changes security groups with ModifyDBInstance', async () => {
    const out = await t
      .client('eu-west-1')
      .send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'orders', VpcSecurityGroupIds: ['sg-0ddd'] }));
    expect(out.DBInstance?.VpcSecurityGroups).toEqual([{ VpcSecurityGroupId: 'sg-0ddd', Status: 'active' }]);
    expect((await describeInstance('orders')).VpcSecurityGroups?.[0]?.VpcSecurityGroupId).toBe('sg-0ddd');
  });

  it('raises the SDK typed exceptions', async () => {
    const rds = t.client('eu-west-1');
    const create = new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'orders',
      Engine: 'postgres',
      DBInstanceClass: 'db.t3.micro',
      MasterUsername: 'app',
      MasterUserPassword: 'app-password-1',
    });
    await expect(rds.send(create)).rejects.toBeInstanceOf(DBInstanceAlreadyExistsFault);
    await expect(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'nope' }))).rejects.toMatchObject({
      name: 'DBInstanceNotFoundFault',
      $metadata: { httpStatusCode: 404 },
    });

    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'busy',
        Engine: 'postgres',
        DBInstanceClass: 'db.t3.micro',
        MasterUsername: 'app',
        MasterUserPassword: 'app-password-1',
      }),
    );
    await expect(
      rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'busy', DBSnapshotIdentifier: 'too-early' })),
    ).rejects.toBeInstanceOf(InvalidDBInstanceStateFault);
    await available('busy');
  });

  it('deletes an instance: final snapshot required unless skipped, then the instance and its server go away', async () => {
    const rds = t.client('eu-west-1');
    const { Endpoint } = await describeInstance('busy');
    await expect(rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'busy' }))).rejects.toMatchObject({
      name: 'InvalidParameterCombination',
    });
    const out = await rds.send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'busy', FinalDBSnapshotIdentifier: 'busy-final' }),
    );
    expect(out.DBInstance?.DBInstanceStatus).toBe('deleting');
    await until(
      () => rds.send(new DescribeDBInstancesCommand({})),
      (o) => !o.DBInstances?.some((i) => i.DBInstanceIdentifier === 'busy'),
    );
    const final = await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'busy-final' }));
    expect(final.DBSnapshots?.[0]).toMatchObject({ DBInstanceIdentifier: 'busy', SnapshotType: 'manual' });
    expect(() =>
      psql({ port: Endpoint?.Port ?? 0, user: 'app', password: 'app-password-1', database: 'postgres' }, 'SELECT 1'),
    ).toThrow();
  });
});
