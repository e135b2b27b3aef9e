/**
 * Records → RDS response shapes (DBInstance, DBCluster, DBSnapshot, DBClusterSnapshot, ExportTask), with the member
 * and list element names of `@aws-sdk/client-rds`'s model.
 */
import type { DbRecord, ExportTaskRecord, SnapshotRecord } from './model.js';
import { type XmlStruct, xmlList } from './xml.js';

export const LOCAL_HOST = '127.0.0.1';
const VPC_ID = 'vpc-0a1b2c3d4e5f60718';
const ENDPOINT_STATUSES = new Set(['available', 'backing-up', 'modifying', 'deleting']);

/** 0–100 from how far the current simulated transition has gone; `done` forces 100. */
export function percent(progress: { since: number; durationMs: number }, done: boolean): number {
  if (done) return 100;
  if (progress.durationMs <= 0) return 99;
  return Math.min(99, Math.floor(((Date.now() - progress.since) / progress.durationMs) * 100));
}

const tagList = (tags: ReadonlyMap<string, string>) =>
  xmlList(
    'Tag',
    [...tags].map(([Key, Value]) => ({ Key, Value })),
  );

const securityGroups = (ids: readonly string[]) =>
  xmlList(
    'VpcSecurityGroupMembership',
    ids.map((id) => ({ VpcSecurityGroupId: id, Status: 'active' })),
  );

const zones = (region: string) => xmlList('AvailabilityZone', [`${region}a`, `${region}b`, `${region}c`]);

const endpointPort = (db: DbRecord): number | undefined => (ENDPOINT_STATUSES.has(db.status) ? db.pg?.port : undefined);

export function dbInstanceShape(db: DbRecord): XmlStruct {
  const port = endpointPort(db);
  return {
    DBInstanceIdentifier: db.id,
    DBInstanceClass: db.instanceClass,
    Engine: db.engine,
    DBInstanceStatus: db.status,
    MasterUsername: db.masterUsername,
    DBName: db.dbName,
    Endpoint: port === undefined ? undefined : { Address: LOCAL_HOST, Port: port, HostedZoneId: 'Z2R2ITUGPM61AM' },
    AllocatedStorage: db.allocatedStorage,
    InstanceCreateTime: db.createdAt,
    BackupRetentionPeriod: 1,
    VpcSecurityGroups: securityGroups(db.securityGroups),
    AvailabilityZone: `${db.region}a`,
    DBSubnetGroup: {
      DBSubnetGroupName: db.subnetGroup,
      DBSubnetGroupDescription: db.subnetGroup,
      VpcId: VPC_ID,
      SubnetGroupStatus: 'Complete',
    },
    MultiAZ: false,
    EngineVersion: db.engineVersion,
    AutoMinorVersionUpgrade: true,
    LicenseModel: 'postgresql-license',
    PubliclyAccessible: false,
    StorageType: 'gp3',
    DbInstancePort: 0,
    StorageEncrypted: db.storageEncrypted,
    KmsKeyId: db.kmsKeyId,
    DbiResourceId: db.resourceId,
    DeletionProtection: db.deletionProtection,
    DBInstanceArn: db.arn,
    IAMDatabaseAuthenticationEnabled: false,
    CopyTagsToSnapshot: false,
    TagList: tagList(db.tags),
  };
}

export function dbClusterShape(db: DbRecord): XmlStruct {
  const port = endpointPort(db);
  return {
    AllocatedStorage: 1,
    AvailabilityZones: zones(db.region),
    BackupRetentionPeriod: 1,
    DatabaseName: db.dbName,
    DBClusterIdentifier: db.id,
    DBClusterParameterGroup: `default.${db.engine}${db.engineVersion.split('.')[0]}`,
    DBSubnetGroup: db.subnetGroup,
    Status: db.status,
    Endpoint: port === undefined ? undefined : LOCAL_HOST,
    ReaderEndpoint: port === undefined ? undefined : LOCAL_HOST,
    MultiAZ: false,
    Engine: db.engine,
    EngineVersion: db.engineVersion,
    Port: port,
    MasterUsername: db.masterUsername,
    DBClusterMembers: xmlList('DBClusterMember', []),
    VpcSecurityGroups: securityGroups(db.securityGroups),
    HostedZoneId: 'Z2R2ITUGPM61AM',
    StorageEncrypted: db.storageEncrypted,
    KmsKeyId: db.kmsKeyId,
    DbClusterResourceId: db.resourceId,
    DBClusterArn: db.arn,
    IAMDatabaseAuthenticationEnabled: false,
    ClusterCreateTime: db.createdAt,
    EngineMode: 'provisioned',
    DeletionProtection: db.deletionProtection,
    CopyTagsToSnapshot: false,
    TagList: tagList(db.tags),
  };
}

export function dbSnapshotShape(s: SnapshotRecord): XmlStruct {
  return {
    DBSnapshotIdentifier: s.id,
    DBInstanceIdentifier: s.source.id,
    SnapshotCreateTime: s.createdAt,
    Engine: s.source.engine,
    AllocatedStorage: s.source.allocatedStorage,
    Status: s.status,
    Port: s.source.port,
    AvailabilityZone: `${s.region}a`,
    VpcId: VPC_ID,
    InstanceCreateTime: s.source.createdAt,
    MasterUsername: s.source.masterUsername,
    EngineVersion: s.source.engineVersion,
    LicenseModel: 'postgresql-license',
    SnapshotType: s.type,
    OptionGroupName: `default:postgres-${s.source.engineVersion.split('.')[0]}`,
    PercentProgress: percent(s.progress, s.status === 'available'),
    SourceRegion: s.copiedFrom?.region,
    SourceDBSnapshotIdentifier: s.copiedFrom?.arn,
    StorageType: 'gp3',
    Encrypted: s.encrypted,
    KmsKeyId: s.kmsKeyId,
    DBSnapshotArn: s.arn,
    IAMDatabaseAuthenticationEnabled: false,
    DbiResourceId: s.source.resourceId,
    TagList: tagList(s.tags),
    OriginalSnapshotCreateTime: s.originalCreatedAt,
    SnapshotTarget: 'region',
  };
}

export function dbClusterSnapshotShape(s: SnapshotRecord): XmlStruct {
  return {
    AvailabilityZones: zones(s.region),
    DBClusterSnapshotIdentifier: s.id,
    DBClusterIdentifier: s.source.id,
    SnapshotCreateTime: s.createdAt,
    Engine: s.source.engine,
    EngineMode: 'provisioned',
    AllocatedStorage: 0,
    Status: s.status,
    Port: 0,
    VpcId: VPC_ID,
    ClusterCreateTime: s.source.createdAt,
    MasterUsername: s.source.masterUsername,
    EngineVersion: s.source.engineVersion,
    LicenseModel: s.source.engine,
    SnapshotType: s.type,
    PercentProgress: percent(s.progress, s.status === 'available'),
    StorageEncrypted: s.encrypted,
    KmsKeyId: s.kmsKeyId,
    DBClusterSnapshotArn: s.arn,
    SourceDBClusterSnapshotArn: s.copiedFrom?.arn,
    IAMDatabaseAuthenticationEnabled: false,
    TagList: tagList(s.tags),
    DbClusterResourceId: s.source.resourceId,
  };
}

export function snapshotAttributesShape(s: SnapshotRecord): XmlStruct {
  const attributes = xmlList(s.kind === 'instance' ? 'DBSnapshotAttribute' : 'DBClusterSnapshotAttribute', [
    { AttributeName: 'restore', AttributeValues: xmlList('AttributeValue', [...s.restoreAccounts]) },
  ]);
  return s.kind === 'instance'
    ? { DBSnapshotIdentifier: s.id, DBSnapshotAttributes: attributes }
    : { DBClusterSnapshotIdentifier: s.id, DBClusterSnapshotAttributes: attributes };
}

export function exportTaskShape(t: ExportTaskRecord): XmlStruct {
  const done = t.status === 'COMPLETE';
  return {
    ExportTaskIdentifier: t.id,
    SourceArn: t.sourceArn,
    ExportOnly: t.exportOnly.length > 0 ? xmlList('member', t.exportOnly) : undefined,
    SnapshotTime: t.snapshotTime,
    TaskStartTime: t.startedAt,
    TaskEndTime: t.endedAt,
    S3Bucket: t.bucket,
    S3Prefix: t.prefix === '' ? undefined : t.prefix,
    IamRoleArn: t.iamRoleArn,
    KmsKeyId: t.kmsKeyId,
    Status: t.status,
    PercentProgress: t.status === 'STARTING' ? 0 : percent(t.progress, done),
    TotalExtractedDataInGB: Math.floor(t.extractedBytes / 1024 ** 3),
    FailureCause: t.failureCause,
    // CLUSTER is for exports of a live DB cluster, which this server does not do; snapshots of both kinds are SNAPSHOT.
    SourceType: 'SNAPSHOT',
  };
}
