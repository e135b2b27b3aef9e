/**
 * DB instance actions: CreateDBInstance (engine postgres, a real PostgreSQL cluster), DescribeDBInstances,
 * ModifyDBInstance (security groups, class, storage, deletion protection), DeleteDBInstance and
 * RestoreDBInstanceFromDBSnapshot.
 */
import { becomeAvailable, deleteDb, type NewDb, provisionFresh, registerDb, restoreFromSnapshot } from '../db-ops.js';
import { faults } from '../errors.js';
import { applyFilters, paginate } from '../filters.js';
import { checkIdentifier, type DbRecord } from '../model.js';
import { dbInstanceShape } from '../shapes.js';
import { xmlList } from '../xml.js';
import { type ActionContext, type ActionTable, DEFAULT_SECURITY_GROUP, deleteRequestFrom } from './action.js';

function checkPassword(password: string): string {
  if (password.length < 8) {
    throw faults.invalidParameterValue(
      'The parameter MasterUserPassword is not a valid password because it is shorter than 8 characters.',
    );
  }
  return password;
}

function newInstanceInput({ rt, region, params }: ActionContext): NewDb {
  const engine = params.required('Engine');
  if (engine !== 'postgres')
    throw faults.invalidParameterValue(`Invalid DB engine: ${engine}. Only postgres is simulated.`);
  if (params.str('DBClusterIdentifier') !== undefined) {
    throw faults.invalidParameterCombination('DB instances inside an Aurora DB cluster are not simulated.');
  }
  return {
    kind: 'instance',
    id: checkIdentifier('DBInstanceIdentifier', params.required('DBInstanceIdentifier'), 63),
    region,
    engine,
    engineVersion: params.str('EngineVersion') ?? rt.tools.version,
    masterUsername: params.required('MasterUsername'),
    dbName: params.str('DBName'),
    instanceClass: params.str('DBInstanceClass') ?? 'db.t3.micro',
    allocatedStorage: params.int('AllocatedStorage') ?? 20,
    securityGroups: params.strings('VpcSecurityGroupIds') ?? [DEFAULT_SECURITY_GROUP],
    subnetGroup: params.str('DBSubnetGroupName') ?? 'default',
    storageEncrypted: params.bool('StorageEncrypted') ?? false,
    kmsKeyId: params.str('KmsKeyId'),
    tags: params.tags(),
    deletionProtection: params.bool('DeletionProtection') ?? false,
  };
}

async function createDBInstance(ctx: ActionContext) {
  const input = newInstanceInput(ctx);
  const password = checkPassword(ctx.params.required('MasterUserPassword'));
  const db = registerDb(ctx.rt, input);
  const work = provisionFresh(ctx.rt, db, password);
  becomeAvailable(ctx.rt, db, work, ctx.rt.options.delays.provisioning, 'instanceCreated');
  return { DBInstance: dbInstanceShape(db) };
}

async function describeDBInstances({ rt, region, params }: ActionContext) {
  const id = params.str('DBInstanceIdentifier');
  const all =
    id === undefined ? [...rt.store.dbs('instance', region).values()] : [rt.store.getDb('instance', region, id)];
  const filtered = applyFilters<DbRecord>(all, params, {
    'db-instance-id': (db) => [db.id, db.arn],
    'dbi-resource-id': (db) => [db.resourceId],
    engine: (db) => [db.engine],
    'db-cluster-id': () => [],
  });
  const { page, marker } = paginate(filtered, params);
  return { Marker: marker, DBInstances: xmlList('DBInstance', page.map(dbInstanceShape)) };
}

async function modifyDBInstance({ rt, region, params }: ActionContext) {
  const db = rt.store.getDb('instance', region, params.required('DBInstanceIdentifier'));
  if (db.status !== 'available') {
    throw faults.invalidDbState('instance', `Database instance is not in available state.`);
  }
  db.securityGroups = params.strings('VpcSecurityGroupIds') ?? db.securityGroups;
  db.instanceClass = params.str('DBInstanceClass') ?? db.instanceClass;
  db.allocatedStorage = params.int('AllocatedStorage') ?? db.allocatedStorage;
  db.deletionProtection = params.bool('DeletionProtection') ?? db.deletionProtection;
  return { DBInstance: dbInstanceShape(db) };
}

async function deleteDBInstance({ rt, region, params }: ActionContext) {
  const db = rt.store.getDb('instance', region, params.required('DBInstanceIdentifier'));
  await deleteDb(rt, db, deleteRequestFrom(params));
  return { DBInstance: dbInstanceShape(db) };
}

async function restoreDBInstanceFromDBSnapshot({ rt, region, params }: ActionContext) {
  const snapshotId = params.required('DBSnapshotIdentifier');
  const snapshot = rt.store.getSnapshot('instance', region, snapshotId);
  if (snapshot.region !== region) throw faults.snapshotNotFound('instance', snapshotId);
  const db = restoreFromSnapshot(rt, snapshot, {
    kind: 'instance',
    id: checkIdentifier('DBInstanceIdentifier', params.required('DBInstanceIdentifier'), 63),
    region,
    engine: snapshot.source.engine,
    engineVersion: snapshot.source.engineVersion,
    masterUsername: snapshot.source.masterUsername,
    dbName: snapshot.source.dbName,
    instanceClass: params.str('DBInstanceClass') ?? 'db.t3.micro',
    allocatedStorage: params.int('AllocatedStorage') ?? snapshot.source.allocatedStorage,
    securityGroups: params.strings('VpcSecurityGroupIds') ?? [DEFAULT_SECURITY_GROUP],
    subnetGroup: params.str('DBSubnetGroupName') ?? 'default',
    storageEncrypted: snapshot.encrypted,
    kmsKeyId: snapshot.kmsKeyId,
    tags: params.tags(),
    deletionProtection: params.bool('DeletionProtection') ?? false,
  });
  return { DBInstance: dbInstanceShape(db) };
}

export const instanceActions: ActionTable = {
  CreateDBInstance: createDBInstance,
  DescribeDBInstances: describeDBInstances,
  ModifyDBInstance: modifyDBInstance,
  DeleteDBInstance: deleteDBInstance,
  RestoreDBInstanceFromDBSnapshot: restoreDBInstanceFromDBSnapshot,
};
