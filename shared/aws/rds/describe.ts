/**
 * Describe calls for DB instances, Aurora clusters and their snapshots, normalised to one shape per resource so the
 * functions treat instance and cluster alike. "Not found" is an answer here (undefined), not an error.
 */
import {
  type DBCluster,
  type DBClusterSnapshot,
  type DBInstance,
  type DBSnapshot,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  type Tag,
} from '@aws-sdk/client-rds';
import { hasRdsCode } from './errors.js';
import type { RdsSession } from './session.js';

/** `instance`: a DB instance and its DB snapshots; `cluster`: an Aurora DB cluster and its cluster snapshots. */
export type DbKind = 'instance' | 'cluster';

export interface SnapshotInfo {
  readonly id: string;
  readonly arn: string;
  readonly status: string;
  /** The DB instance or cluster it was taken from. */
  readonly sourceDb: string;
  readonly createTime?: Date;
  readonly allocatedStorage?: number;
  readonly encrypted: boolean;
  readonly kmsKeyId?: string;
  readonly engine?: string;
  readonly engineVersion?: string;
  /** For a copy: the ARN of the snapshot it was copied from. */
  readonly copiedFrom?: string;
  readonly type?: string;
}

export interface DbInfo {
  readonly id: string;
  readonly arn: string;
  readonly status: string;
  readonly securityGroups: string[];
  readonly subnetGroup?: string;
  readonly address?: string;
  readonly port?: number;
  readonly engineVersion?: string;
  /** Aurora: the cluster's DB instances. */
  readonly members: string[];
  readonly tags: Readonly<Record<string, string>>;
}

const NOT_FOUND = ['DBSnapshotNotFound', 'DBClusterSnapshotNotFound', 'DBInstanceNotFound', 'DBClusterNotFound'];

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (hasRdsCode(err, ...NOT_FOUND)) return undefined;
    throw err;
  }
}

export async function describeSnapshot(
  s: RdsSession,
  kind: DbKind,
  id: string,
  region = s.region,
): Promise<SnapshotInfo | undefined> {
  if (kind === 'instance') {
    const out = await orUndefined(
      s.send(
        'DescribeDBSnapshots',
        id,
        (c, signal) => c.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }), { abortSignal: signal }),
        region,
      ),
    );
    const snap = out?.DBSnapshots?.[0];
    return snap && dbSnapshotInfo(snap, id);
  }
  const out = await orUndefined(
    s.send(
      'DescribeDBClusterSnapshots',
      id,
      (c, signal) =>
        c.send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: id }), { abortSignal: signal }),
      region,
    ),
  );
  const snap = out?.DBClusterSnapshots?.[0];
  return snap && clusterSnapshotInfo(snap, id);
}

export const dbSnapshotInfo = (snap: DBSnapshot, id = ''): SnapshotInfo => ({
  id: snap.DBSnapshotIdentifier ?? id,
  arn: snap.DBSnapshotArn ?? '',
  status: snap.Status ?? 'unknown',
  sourceDb: snap.DBInstanceIdentifier ?? '',
  createTime: snap.SnapshotCreateTime,
  allocatedStorage: snap.AllocatedStorage,
  encrypted: snap.Encrypted ?? false,
  kmsKeyId: snap.KmsKeyId,
  engine: snap.Engine,
  engineVersion: snap.EngineVersion,
  copiedFrom: snap.SourceDBSnapshotIdentifier,
  type: snap.SnapshotType,
});

export const clusterSnapshotInfo = (snap: DBClusterSnapshot, id = ''): SnapshotInfo => ({
  id: snap.DBClusterSnapshotIdentifier ?? id,
  arn: snap.DBClusterSnapshotArn ?? '',
  status: snap.Status ?? 'unknown',
  sourceDb: snap.DBClusterIdentifier ?? '',
  createTime: snap.SnapshotCreateTime,
  allocatedStorage: snap.AllocatedStorage,
  encrypted: snap.StorageEncrypted ?? false,
  kmsKeyId: snap.KmsKeyId,
  engine: snap.Engine,
  engineVersion: snap.EngineVersion,
  copiedFrom: snap.SourceDBClusterSnapshotArn,
  type: snap.SnapshotType,
});

export async function describeDb(
  s: RdsSession,
  kind: DbKind,
  id: string,
  region = s.region,
): Promise<DbInfo | undefined> {
  if (kind === 'instance') {
    const out = await orUndefined(
      s.send(
        'DescribeDBInstances',
        id,
        (c, signal) => c.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }), { abortSignal: signal }),
        region,
      ),
    );
    const db = out?.DBInstances?.[0];
    return db && instanceInfo(db, id);
  }
  const out = await orUndefined(
    s.send(
      'DescribeDBClusters',
      id,
      (c, signal) => c.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }), { abortSignal: signal }),
      region,
    ),
  );
  const db = out?.DBClusters?.[0];
  return db && clusterInfo(db, id);
}

const tagMap = (list?: Tag[]) => Object.fromEntries((list ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
const groupIds = (groups?: { VpcSecurityGroupId?: string }[]) =>
  (groups ?? []).flatMap((g) => (g.VpcSecurityGroupId ? [g.VpcSecurityGroupId] : []));

const instanceInfo = (db: DBInstance, id: string): DbInfo => ({
  id: db.DBInstanceIdentifier ?? id,
  arn: db.DBInstanceArn ?? '',
  status: db.DBInstanceStatus ?? 'unknown',
  securityGroups: groupIds(db.VpcSecurityGroups),
  subnetGroup: db.DBSubnetGroup?.DBSubnetGroupName,
  address: db.Endpoint?.Address,
  port: db.Endpoint?.Port,
  engineVersion: db.EngineVersion,
  members: [],
  tags: tagMap(db.TagList),
});

const clusterInfo = (db: DBCluster, id: string): DbInfo => ({
  id: db.DBClusterIdentifier ?? id,
  arn: db.DBClusterArn ?? '',
  status: db.Status ?? 'unknown',
  securityGroups: groupIds(db.VpcSecurityGroups),
  subnetGroup: db.DBSubnetGroup,
  address: db.Endpoint,
  port: db.Port,
  engineVersion: db.EngineVersion,
  members: (db.DBClusterMembers ?? []).flatMap((m) => (m.DBInstanceIdentifier ? [m.DBInstanceIdentifier] : [])),
  tags: tagMap(db.TagList),
});
