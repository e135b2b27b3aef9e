/**
 * An in-memory RDS behind aws-sdk-client-mock, for unit tests of the RDS functions: instances, clusters, snapshots,
 * copies and export tasks per region, which move to their final state after a few Describe calls of their own, and
 * RDS-shaped errors (Code + name + status) that tests can inject per command. Bigger than a test file should be
 * because it models the RDS behaviour every function test relies on.
 */
import { RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';

export type Kind = 'instance' | 'cluster';

export interface FakeDb {
  id: string;
  kind: Kind;
  region: string;
  status: string;
  ticks: number;
  securityGroups: string[];
  subnetGroup: string;
  tags: Record<string, string>;
  members: string[];
  restoredFrom?: string;
  deletionProtection?: boolean;
}

export interface FakeSnapshot {
  id: string;
  kind: Kind;
  region: string;
  status: string;
  ticks: number;
  sourceDb: string;
  encrypted: boolean;
  kmsKeyId?: string;
  copiedFrom?: string;
  createdAt: Date;
  type: 'manual' | 'automated';
  shared: string[];
}

export interface FakeExport {
  id: string;
  region: string;
  sourceArn: string;
  status: string;
  ticks: number;
  failureCause?: string;
}

type Input = Record<string, unknown>;

export function awsError(code: string, message: string, status = 400): Error {
  const name = status >= 500 || /^(Throttling|RequestLimitExceeded)$/.test(code) ? code : `${code}Fault`;
  return Object.assign(new Error(message), {
    name,
    Code: code,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
  });
}

export const ACCOUNT = '123456789012';
const arn = (region: string, type: string, id: string) => `arn:aws:rds:${region}:${ACCOUNT}:${type}:${id}`;

export class FakeRds {
  readonly mock = mockClient(RDSClient);
  readonly dbs: FakeDb[] = [];
  readonly snapshots: FakeSnapshot[] = [];
  readonly exports: FakeExport[] = [];
  /** Every command sent, with its region. */
  readonly calls: { command: string; region: string; input: Input }[] = [];
  /** Describes of a resource before it settles. */
  ticks = 2;
  private readonly faults = new Map<string, Error[]>();
  /** Observes each call (e.g. to count copies in progress). */
  onCall?: (command: string, region: string, input: Input) => void;

  constructor() {
    this.mock.onAnyCommand().callsFake(async (input: Input, getClient) => {
      const command = this.lastCommandName(); // before any await: concurrent sends would move "last"
      const region = await getClient().config.region();
      this.calls.push({ command, region, input });
      this.onCall?.(command, region, input);
      const queued = this.faults.get(command)?.shift();
      if (queued) throw queued;
      const handler = this.handlers()[command];
      if (!handler) throw new Error(`FakeRds does not implement ${command}`);
      return handler(input, region);
    });
  }

  /** The next `times` calls of `command` fail with `error`. */
  fail(command: string, error: Error, times = 1): void {
    const queue = this.faults.get(command) ?? [];
    for (let i = 0; i < times; i++) queue.push(error);
    this.faults.set(command, queue);
  }

  count(command: string): number {
    return this.calls.filter((c) => c.command === command).length;
  }

  addDb(db: Partial<FakeDb> & { id: string }): FakeDb {
    const full: FakeDb = {
      kind: 'instance',
      region: 'us-east-1',
      status: 'available',
      ticks: 0,
      securityGroups: ['sg-0a1b2c3d'],
      subnetGroup: 'db-subnets',
      tags: {},
      members: [],
      ...db,
    };
    this.dbs.push(full);
    return full;
  }

  addSnapshot(snap: Partial<FakeSnapshot> & { id: string; sourceDb: string }): FakeSnapshot {
    const full: FakeSnapshot = {
      kind: 'instance',
      region: 'us-east-1',
      status: 'available',
      ticks: 0,
      encrypted: false,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      type: 'manual',
      shared: [],
      ...snap,
    };
    this.snapshots.push(full);
    return full;
  }

  db(kind: Kind, region: string, id: string): FakeDb | undefined {
    return this.dbs.find((d) => d.kind === kind && d.region === region && d.id === id.toLowerCase());
  }

  snapshot(kind: Kind, region: string, id: string): FakeSnapshot | undefined {
    return this.snapshots.find((s) => s.kind === kind && s.region === region && s.id === id.toLowerCase());
  }

  restore(): void {
    this.mock.restore();
  }

  // aws-sdk-client-mock passes the input only; the command's name comes from the sinon call.
  private lastCommandName(): string {
    const calls = this.mock.send.getCalls();
    const command = calls[calls.length - 1]?.args[0] as { constructor: { name: string } } | undefined;
    return (command?.constructor.name ?? 'Unknown').replace(/Command$/, '');
  }

  private tick<T extends { status: string; ticks: number }>(x: T, settled: string): T {
    if (x.ticks > 0 && --x.ticks === 0) x.status = settled;
    return x;
  }

  private handlers(): Record<string, (input: Input, region: string) => unknown> {
    return {
      ...snapshotHandlers(this),
      ...dbHandlers(this),
      ...copyHandlers(this),
      ...exportHandlers(this),
    };
  }

  /** @internal */ settle<T extends { status: string; ticks: number }>(x: T, settled: string): T {
    return this.tick(x, settled);
  }
}

export const snapshotShape = (s: FakeSnapshot) =>
  s.kind === 'instance'
    ? {
        DBSnapshotIdentifier: s.id,
        DBSnapshotArn: arn(s.region, 'snapshot', s.id),
        DBInstanceIdentifier: s.sourceDb,
        Status: s.status,
        SnapshotCreateTime: s.createdAt,
        AllocatedStorage: 20,
        Encrypted: s.encrypted,
        KmsKeyId: s.kmsKeyId,
        EngineVersion: '15.4',
        SourceDBSnapshotIdentifier: s.copiedFrom,
        SnapshotType: s.type,
      }
    : {
        DBClusterSnapshotIdentifier: s.id,
        DBClusterSnapshotArn: arn(s.region, 'cluster-snapshot', s.id),
        DBClusterIdentifier: s.sourceDb,
        Status: s.status,
        SnapshotCreateTime: s.createdAt,
        AllocatedStorage: 1,
        StorageEncrypted: s.encrypted,
        KmsKeyId: s.kmsKeyId,
        EngineVersion: '15.4',
        SourceDBClusterSnapshotArn: s.copiedFrom,
        SnapshotType: s.type,
      };

function snapshotHandlers(rds: FakeRds): Record<string, (input: Input, region: string) => unknown> {
  const create = (kind: Kind) => (input: Input, region: string) => {
    const dbId = String(input.DBInstanceIdentifier ?? input.DBClusterIdentifier);
    const id = String(input.DBSnapshotIdentifier ?? input.DBClusterSnapshotIdentifier).toLowerCase();
    const db = rds.db(kind, region, dbId);
    if (!db) throw awsError(kind === 'instance' ? 'DBInstanceNotFound' : 'DBClusterNotFound', `${dbId} not found`, 404);
    if (db.status !== 'available') throw awsError('InvalidDBInstanceState', `Instance ${dbId} is not available`);
    if (rds.snapshot(kind, region, id)) {
      throw awsError(
        kind === 'instance' ? 'DBSnapshotAlreadyExists' : 'DBClusterSnapshotAlreadyExists',
        `${id} exists`,
      );
    }
    const manual = rds.snapshots.filter((s) => s.kind === kind && s.region === region && s.type === 'manual');
    if (manual.length >= 100) throw awsError('SnapshotQuotaExceeded', 'Cannot create more than 100 manual snapshots');
    const snap = rds.addSnapshot({ id, kind, region, sourceDb: db.id, status: 'creating', ticks: rds.ticks });
    snap.createdAt = new Date();
    return kind === 'instance' ? { DBSnapshot: snapshotShape(snap) } : { DBClusterSnapshot: snapshotShape(snap) };
  };
  const describe = (kind: Kind) => (input: Input, region: string) => {
    const id = input.DBSnapshotIdentifier ?? input.DBClusterSnapshotIdentifier;
    const key = kind === 'instance' ? 'DBSnapshots' : 'DBClusterSnapshots';
    if (id !== undefined) {
      const snap = rds.snapshot(kind, region, String(id));
      if (!snap) throw awsError(kind === 'instance' ? 'DBSnapshotNotFound' : 'DBClusterSnapshotNotFound', `${id}`, 404);
      return { [key]: [snapshotShape(rds.settle(snap, 'available'))] };
    }
    const all = rds.snapshots.filter((s) => s.kind === kind && s.region === region && s.type === input.SnapshotType);
    const start = Number(input.Marker ?? 0);
    const page = all.slice(start, start + Number(input.MaxRecords ?? 100));
    const next = start + page.length < all.length ? String(start + page.length) : undefined;
    return { [key]: page.map(snapshotShape), Marker: next };
  };
  const remove = (kind: Kind) => (input: Input, region: string) => {
    const id = String(input.DBSnapshotIdentifier ?? input.DBClusterSnapshotIdentifier);
    const snap = rds.snapshot(kind, region, id);
    if (!snap) throw awsError(kind === 'instance' ? 'DBSnapshotNotFound' : 'DBClusterSnapshotNotFound', id, 404);
    rds.snapshots.splice(rds.snapshots.indexOf(snap), 1);
    return {};
  };
  return {
    CreateDBSnapshot: create('instance'),
    CreateDBClusterSnapshot: create('cluster'),
    DescribeDBSnapshots: describe('instance'),
    DescribeDBClusterSnapshots: describe('cluster'),
    DeleteDBSnapshot: remove('instance'),
    DeleteDBClusterSnapshot: remove('cluster'),
  };
}

const dbShape = (d: FakeDb) =>
  d.kind === 'instance'
    ? {
        DBInstanceIdentifier: d.id,
        DBInstanceArn: arn(d.region, 'db', d.id),
        DBInstanceStatus: d.status,
        VpcSecurityGroups: d.securityGroups.map((g) => ({ VpcSecurityGroupId: g, Status: 'active' })),
        DBSubnetGroup: { DBSubnetGroupName: d.subnetGroup },
        Endpoint: { Address: `${d.id}.abc.${d.region}.rds.amazonaws.com`, Port: 5432 },
        EngineVersion: '15.4',
        TagList: Object.entries(d.tags).map(([Key, Value]) => ({ Key, Value })),
      }
    : {
        DBClusterIdentifier: d.id,
        DBClusterArn: arn(d.region, 'cluster', d.id),
        Status: d.status,
        VpcSecurityGroups: d.securityGroups.map((g) => ({ VpcSecurityGroupId: g, Status: 'active' })),
        DBSubnetGroup: d.subnetGroup,
        Endpoint: `${d.id}.cluster-abc.${d.region}.rds.amazonaws.com`,
        Port: 5432,
        EngineVersion: '15.4',
        DBClusterMembers: d.members.map((m) => ({ DBInstanceIdentifier: m })),
        TagList: Object.entries(d.tags).map(([Key, Value]) => ({ Key, Value })),
      };

function dbHandlers(rds: FakeRds): Record<string, (input: Input, region: string) => unknown> {
  const describe = (kind: Kind) => (input: Input, region: string) => {
    const id = String(input.DBInstanceIdentifier ?? input.DBClusterIdentifier);
    const db = rds.db(kind, region, id);
    if (db) rds.settle(db, db.status === 'deleting' ? 'gone' : 'available');
    if (db?.status === 'gone') rds.dbs.splice(rds.dbs.indexOf(db), 1);
    if (!db || !rds.dbs.includes(db)) {
      throw awsError(kind === 'instance' ? 'DBInstanceNotFound' : 'DBClusterNotFound', `${id} not found`, 404);
    }
    return kind === 'instance' ? { DBInstances: [dbShape(db)] } : { DBClusters: [dbShape(db)] };
  };
  const remove = (kind: Kind) => (input: Input, region: string) => {
    const id = String(input.DBInstanceIdentifier ?? input.DBClusterIdentifier);
    const db = rds.db(kind, region, id);
    if (!db) throw awsError(kind === 'instance' ? 'DBInstanceNotFound' : 'DBClusterNotFound', `${id} not found`, 404);
    if (db.deletionProtection) throw awsError('InvalidParameterCombination', 'Cannot delete protected DB Instance');
    if (db.status !== 'available') throw awsError('InvalidDBInstanceState', `Instance ${id} is not available`);
    db.status = 'deleting';
    db.ticks = rds.ticks;
    return kind === 'instance' ? { DBInstance: dbShape(db) } : { DBCluster: dbShape(db) };
  };
  const restore = (kind: Kind) => (input: Input, region: string) => {
    const id = String(input.DBInstanceIdentifier ?? input.DBClusterIdentifier).toLowerCase();
    const snapId = String(input.DBSnapshotIdentifier ?? input.SnapshotIdentifier);
    if (!rds.snapshot(kind, region, snapId)) {
      throw awsError(kind === 'instance' ? 'DBSnapshotNotFound' : 'DBClusterSnapshotNotFound', snapId, 404);
    }
    if (rds.db(kind, region, id)) throw awsError('DBInstanceAlreadyExists', `${id} exists`);
    const tags = Object.fromEntries(
      ((input.Tags ?? []) as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]),
    );
    const groups = (input.VpcSecurityGroupIds as string[] | undefined) ?? ['sg-default'];
    const subnetGroup = String(input.DBSubnetGroupName ?? 'default');
    const db = rds.addDb({
      id,
      kind,
      region,
      status: 'creating',
      ticks: rds.ticks,
      tags,
      securityGroups: groups,
      subnetGroup,
    });
    db.restoredFrom = snapId;
    return kind === 'instance' ? { DBInstance: dbShape(db) } : { DBCluster: dbShape(db) };
  };
  return {
    DescribeDBInstances: describe('instance'),
    DescribeDBClusters: describe('cluster'),
    DeleteDBInstance: remove('instance'),
    DeleteDBCluster: remove('cluster'),
    RestoreDBInstanceFromDBSnapshot: restore('instance'),
    RestoreDBClusterFromSnapshot: restore('cluster'),
    CreateDBInstance: (input, region) => {
      const id = String(input.DBInstanceIdentifier).toLowerCase();
      const cluster = rds.db('cluster', region, String(input.DBClusterIdentifier));
      cluster?.members.push(id);
      return { DBInstance: dbShape(rds.addDb({ id, region, status: 'creating', ticks: rds.ticks })) };
    },
  };
}

function copyHandlers(rds: FakeRds): Record<string, (input: Input, region: string) => unknown> {
  const copy = (kind: Kind) => (input: Input, region: string) => {
    const source = String(input.SourceDBSnapshotIdentifier ?? input.SourceDBClusterSnapshotIdentifier);
    const match = /^arn:aws:rds:([^:]+):\d+:(?:cluster-)?snapshot:(.+)$/.exec(source);
    const from = rds.snapshot(kind, match?.[1] ?? region, match?.[2] ?? source);
    if (!from) throw awsError(kind === 'instance' ? 'DBSnapshotNotFound' : 'DBClusterSnapshotNotFound', source, 404);
    const kms = input.KmsKeyId as string | undefined;
    if (kms?.includes('inaccessible'))
      throw awsError('KMSKeyNotAccessible', `The specified KMS key ${kms} is not accessible`);
    const target = String(input.TargetDBSnapshotIdentifier ?? input.TargetDBClusterSnapshotIdentifier).toLowerCase();
    const snap = rds.addSnapshot({
      id: target,
      kind,
      region,
      sourceDb: from.sourceDb,
      status: 'copying',
      ticks: rds.ticks,
      encrypted: from.encrypted || kms !== undefined,
      kmsKeyId: kms === undefined ? from.kmsKeyId : `arn:aws:kms:${region}:${ACCOUNT}:key/${kms.replace(/^.*\//, '')}`,
      copiedFrom: arn(from.region, kind === 'instance' ? 'snapshot' : 'cluster-snapshot', from.id),
    });
    snap.createdAt = new Date();
    return kind === 'instance' ? { DBSnapshot: snapshotShape(snap) } : { DBClusterSnapshot: snapshotShape(snap) };
  };
  const share = (kind: Kind) => (input: Input, region: string) => {
    const snap = rds.snapshot(kind, region, String(input.DBSnapshotIdentifier ?? input.DBClusterSnapshotIdentifier));
    snap?.shared.push(...((input.ValuesToAdd as string[]) ?? []));
    return {};
  };
  return {
    CopyDBSnapshot: copy('instance'),
    CopyDBClusterSnapshot: copy('cluster'),
    ModifyDBSnapshotAttribute: share('instance'),
    ModifyDBClusterSnapshotAttribute: share('cluster'),
  };
}

function exportHandlers(rds: FakeRds): Record<string, (input: Input, region: string) => unknown> {
  const shape = (t: FakeExport) => ({
    ExportTaskIdentifier: t.id,
    SourceArn: t.sourceArn,
    Status: t.status,
    FailureCause: t.failureCause,
  });
  return {
    StartExportTask: (input, region) => {
      const id = String(input.ExportTaskIdentifier);
      if (rds.exports.some((t) => t.id === id)) throw awsError('ExportTaskAlreadyExists', `${id} exists`);
      const task: FakeExport = { id, region, sourceArn: String(input.SourceArn), status: 'STARTING', ticks: rds.ticks };
      rds.exports.push(task);
      return shape(task);
    },
    DescribeExportTasks: (input, region) => {
      const id = input.ExportTaskIdentifier as string | undefined;
      if (id === undefined) return { ExportTasks: rds.exports.filter((t) => t.region === region).map(shape) };
      const task = rds.exports.find((t) => t.id === id);
      if (!task) throw awsError('ExportTaskNotFound', `${id} not found`, 404);
      return { ExportTasks: [shape(rds.settle(task, 'COMPLETE'))] };
    },
  };
}
