/**
 * Snapshot actions, for DB snapshots (`CreateDBSnapshot`, …) and DB cluster snapshots (`CreateDBClusterSnapshot`,
 * …) alike: the two APIs differ only in parameter and element names, which `NAMES` spells out.
 */
import { type DbKind, faults } from '../errors.js';
import { applyFilters, type FilterFields, paginate } from '../filters.js';
import { checkIdentifier, identifierOf, type SnapshotRecord } from '../model.js';
import { dbClusterSnapshotShape, dbSnapshotShape, snapshotAttributesShape } from '../shapes.js';
import { copySnapshot, deleteSnapshot, takeSnapshot } from '../snapshot-ops.js';
import { type XmlStruct, xmlList } from '../xml.js';
import type { ActionContext, ActionHandler } from './action.js';

interface Names {
  readonly noun: 'DBSnapshot' | 'DBClusterSnapshot';
  readonly snapshotId: string;
  readonly dbId: string;
  readonly shape: (s: SnapshotRecord) => XmlStruct;
  readonly filters: FilterFields<SnapshotRecord>;
}

const common: FilterFields<SnapshotRecord> = {
  'snapshot-type': (s) => [s.type],
  engine: (s) => [s.source.engine],
};

const NAMES: Record<DbKind, Names> = {
  instance: {
    noun: 'DBSnapshot',
    snapshotId: 'DBSnapshotIdentifier',
    dbId: 'DBInstanceIdentifier',
    shape: dbSnapshotShape,
    filters: {
      ...common,
      'db-instance-id': (s) => [s.source.id],
      'db-snapshot-id': (s) => [s.id, s.arn],
      'dbi-resource-id': (s) => [s.source.resourceId],
    },
  },
  cluster: {
    noun: 'DBClusterSnapshot',
    snapshotId: 'DBClusterSnapshotIdentifier',
    dbId: 'DBClusterIdentifier',
    shape: dbClusterSnapshotShape,
    filters: {
      ...common,
      'db-cluster-id': (s) => [s.source.id],
      'db-cluster-snapshot-id': (s) => [s.id, s.arn],
    },
  },
};

const create =
  (kind: DbKind): ActionHandler =>
  async ({ rt, region, params }: ActionContext) => {
    const n = NAMES[kind];
    const id = checkIdentifier(n.snapshotId, params.required(n.snapshotId), 255);
    const db = rt.store.getDb(kind, region, params.required(n.dbId));
    const tags = new Map(params.tags().map((t) => [t.Key, t.Value]));
    return { [n.noun]: n.shape(await takeSnapshot(rt, db, id, 'manual', tags)) };
  };

function selectSnapshots(kind: DbKind, { rt, region, params }: ActionContext): SnapshotRecord[] {
  const n = NAMES[kind];
  const id = params.str(n.snapshotId);
  if (id !== undefined) {
    const snapshot = rt.store.getSnapshot(kind, region, id);
    if (snapshot.region !== region) throw faults.snapshotNotFound(kind, id);
    return [snapshot];
  }
  const dbIdOrArn = params.str(n.dbId);
  const dbId = dbIdOrArn === undefined ? undefined : identifierOf(dbIdOrArn);
  // Without SnapshotType RDS lists manual and automated snapshots; shared and public ones need no account here.
  const type = params.str('SnapshotType');
  return [...rt.store.snapshots(kind, region).values()].filter(
    (s) => (dbId === undefined || s.source.id === dbId) && (type === undefined || s.type === type),
  );
}

const describe =
  (kind: DbKind): ActionHandler =>
  async (ctx: ActionContext) => {
    const n = NAMES[kind];
    const filtered = applyFilters(selectSnapshots(kind, ctx), ctx.params, n.filters);
    const { page, marker } = paginate(filtered, ctx.params);
    return { Marker: marker, [`${n.noun}s`]: xmlList(n.noun, page.map(n.shape)) };
  };

const remove =
  (kind: DbKind): ActionHandler =>
  async ({ rt, region, params }: ActionContext) => {
    const n = NAMES[kind];
    return { [n.noun]: n.shape(await deleteSnapshot(rt, kind, region, params.required(n.snapshotId))) };
  };

const copy =
  (kind: DbKind): ActionHandler =>
  async ({ rt, region, params }: ActionContext) => {
    const n = NAMES[kind];
    const target = `Target${n.snapshotId}`;
    const snapshot = await copySnapshot(rt, kind, region, {
      source: params.required(`Source${n.snapshotId}`),
      targetId: checkIdentifier(target, params.required(target), 255),
      kmsKeyId: params.str('KmsKeyId'),
      copyTags: params.bool('CopyTags') ?? false,
      tags: params.tags(),
    });
    return { [n.noun]: n.shape(snapshot) };
  };

function ownSnapshot(kind: DbKind, { rt, region, params }: ActionContext): SnapshotRecord {
  const id = params.required(NAMES[kind].snapshotId);
  const snapshot = rt.store.getSnapshot(kind, region, id);
  if (snapshot.region !== region) throw faults.snapshotNotFound(kind, id);
  return snapshot;
}

const modifyAttribute =
  (kind: DbKind): ActionHandler =>
  async (ctx: ActionContext) => {
    const snapshot = ownSnapshot(kind, ctx);
    const name = ctx.params.required('AttributeName');
    if (name !== 'restore') throw faults.invalidParameterValue(`Invalid snapshot attribute name: ${name}`);
    const add = ctx.params.strings('ValuesToAdd') ?? [];
    if (snapshot.encrypted && add.includes('all')) {
      throw faults.invalidParameterValue('Encrypted snapshots cannot be shared publicly.');
    }
    for (const account of add) snapshot.restoreAccounts.add(account);
    for (const account of ctx.params.strings('ValuesToRemove') ?? []) snapshot.restoreAccounts.delete(account);
    return { [`${NAMES[kind].noun}AttributesResult`]: snapshotAttributesShape(snapshot) };
  };

const describeAttributes =
  (kind: DbKind): ActionHandler =>
  async (ctx: ActionContext) => ({
    [`${NAMES[kind].noun}AttributesResult`]: snapshotAttributesShape(ownSnapshot(kind, ctx)),
  });

function actionsFor(kind: DbKind): Record<string, ActionHandler> {
  const noun = NAMES[kind].noun;
  return {
    [`Create${noun}`]: create(kind),
    [`Describe${noun}s`]: describe(kind),
    [`Delete${noun}`]: remove(kind),
    [`Copy${noun}`]: copy(kind),
    [`Modify${noun}Attribute`]: modifyAttribute(kind),
    [`Describe${noun}Attributes`]: describeAttributes(kind),
  };
}

export const snapshotActions = { ...actionsFor('instance'), ...actionsFor('cluster') };
