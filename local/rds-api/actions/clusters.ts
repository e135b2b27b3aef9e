/**
 * Aurora DB cluster actions, simulated with one PostgreSQL cluster per DB cluster (its writer and reader endpoints
 * both point at it): CreateDBCluster, DescribeDBClusters, DeleteDBCluster, RestoreDBClusterFromSnapshot.
 */
import { becomeAvailable, deleteDb, provisionFresh, registerDb, restoreFromSnapshot } from '../db-ops.js';
import { faults } from '../errors.js';
import { applyFilters, paginate } from '../filters.js';
import { checkIdentifier, type DbRecord } from '../model.js';
import { dbClusterShape } from '../shapes.js';
import { xmlList } from '../xml.js';
import { type ActionContext, type ActionTable, DEFAULT_SECURITY_GROUP, deleteRequestFrom } from './action.js';

const ENGINES = new Set(['aurora-postgresql', 'postgres']);

function checkEngine(engine: string): string {
  if (!ENGINES.has(engine)) {
    throw faults.invalidParameterValue(
      `Invalid DB engine: ${engine}. Only aurora-postgresql and postgres are simulated.`,
    );
  }
  return engine;
}

async function createDBCluster({ rt, region, params }: ActionContext) {
  const password = params.required('MasterUserPassword');
  if (password.length < 8) {
    throw faults.invalidParameterValue(
      'The parameter MasterUserPassword is not a valid password because it is shorter than 8 characters.',
    );
  }
  const db = registerDb(rt, {
    kind: 'cluster',
    id: checkIdentifier('DBClusterIdentifier', params.required('DBClusterIdentifier'), 63),
    region,
    engine: checkEngine(params.required('Engine')),
    engineVersion: params.str('EngineVersion') ?? rt.tools.version,
    masterUsername: params.required('MasterUsername'),
    dbName: params.str('DatabaseName'),
    instanceClass: params.str('DBClusterInstanceClass') ?? 'db.r6g.large',
    allocatedStorage: params.int('AllocatedStorage') ?? 1,
    securityGroups: params.strings('VpcSecurityGroupIds') ?? [DEFAULT_SECURITY_GROUP],
    subnetGroup: params.str('DBSubnetGroupName') ?? 'default',
    storageEncrypted: params.bool('StorageEncrypted') ?? false,
    kmsKeyId: params.str('KmsKeyId'),
    tags: params.tags(),
    deletionProtection: params.bool('DeletionProtection') ?? false,
  });
  becomeAvailable(rt, db, provisionFresh(rt, db, password), rt.options.delays.provisioning, 'clusterCreated');
  return { DBCluster: dbClusterShape(db) };
}

async function describeDBClusters({ rt, region, params }: ActionContext) {
  const id = params.str('DBClusterIdentifier');
  const all =
    id === undefined ? [...rt.store.dbs('cluster', region).values()] : [rt.store.getDb('cluster', region, id)];
  const filtered = applyFilters<DbRecord>(all, params, {
    'db-cluster-id': (db) => [db.id, db.arn],
    'db-cluster-resource-id': (db) => [db.resourceId],
    engine: (db) => [db.engine],
  });
  const { page, marker } = paginate(filtered, params);
  return { Marker: marker, DBClusters: xmlList('DBCluster', page.map(dbClusterShape)) };
}

async function deleteDBCluster({ rt, region, params }: ActionContext) {
  const db = rt.store.getDb('cluster', region, params.required('DBClusterIdentifier'));
  await deleteDb(rt, db, deleteRequestFrom(params));
  return { DBCluster: dbClusterShape(db) };
}

async function restoreDBClusterFromSnapshot({ rt, region, params }: ActionContext) {
  const snapshotId = params.required('SnapshotIdentifier');
  const snapshot = rt.store.getSnapshot('cluster', region, snapshotId);
  if (snapshot.region !== region) throw faults.snapshotNotFound('cluster', snapshotId);
  const db = restoreFromSnapshot(rt, snapshot, {
    kind: 'cluster',
    id: checkIdentifier('DBClusterIdentifier', params.required('DBClusterIdentifier'), 63),
    region,
    engine: checkEngine(params.required('Engine')),
    engineVersion: snapshot.source.engineVersion,
    masterUsername: snapshot.source.masterUsername,
    dbName: snapshot.source.dbName,
    instanceClass: params.str('DBClusterInstanceClass') ?? 'db.r6g.large',
    allocatedStorage: snapshot.source.allocatedStorage,
    securityGroups: params.strings('VpcSecurityGroupIds') ?? [DEFAULT_SECURITY_GROUP],
    subnetGroup: params.str('DBSubnetGroupName') ?? 'default',
    storageEncrypted: snapshot.encrypted,
    kmsKeyId: params.str('KmsKeyId') ?? snapshot.kmsKeyId,
    tags: params.tags(),
    deletionProtection: params.bool('DeletionProtection') ?? false,
  });
  return { DBCluster: dbClusterShape(db) };
}

export const clusterActions: ActionTable = {
  CreateDBCluster: createDBCluster,
  DescribeDBClusters: describeDBClusters,
  DeleteDBCluster: deleteDBCluster,
  RestoreDBClusterFromSnapshot: restoreDBClusterFromSnapshot,
};
