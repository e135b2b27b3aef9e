/**
 * Tagging by ARN for every resource kind this server keeps: AddTagsToResource, ListTagsForResource,
 * RemoveTagsFromResource.
 */
import { type DbKind, faults } from '../errors.js';
import { parseArn } from '../model.js';
import type { Runtime } from '../runtime.js';
import { xmlList } from '../xml.js';
import type { ActionContext, ActionTable } from './action.js';

const DB_TYPES: Readonly<Record<string, DbKind>> = { db: 'instance', cluster: 'cluster' };
const SNAPSHOT_TYPES: Readonly<Record<string, DbKind>> = { snapshot: 'instance', 'cluster-snapshot': 'cluster' };

function tagsOf(rt: Runtime, resourceName: string): Map<string, string> {
  const arn = parseArn(resourceName);
  if (arn === undefined) throw faults.invalidParameterValue(`Invalid resource name: ${resourceName}`);
  const dbKind = DB_TYPES[arn.type];
  if (dbKind !== undefined) return rt.store.getDb(dbKind, arn.region, resourceName).tags;
  const snapshotKind = SNAPSHOT_TYPES[arn.type];
  if (snapshotKind !== undefined) return rt.store.getSnapshot(snapshotKind, arn.region, resourceName).tags;
  throw faults.invalidParameterValue(`Unsupported resource type in ${resourceName}`);
}

async function addTagsToResource({ rt, params }: ActionContext) {
  const tags = tagsOf(rt, params.required('ResourceName'));
  for (const tag of params.tags()) tags.set(tag.Key, tag.Value);
  return undefined;
}

async function removeTagsFromResource({ rt, params }: ActionContext) {
  const tags = tagsOf(rt, params.required('ResourceName'));
  for (const key of params.strings('TagKeys') ?? []) tags.delete(key);
  return undefined;
}

async function listTagsForResource({ rt, params }: ActionContext) {
  const tags = tagsOf(rt, params.required('ResourceName'));
  return {
    TagList: xmlList(
      'Tag',
      [...tags].map(([Key, Value]) => ({ Key, Value })),
    ),
  };
}

export const tagActions: ActionTable = {
  AddTagsToResource: addTagsToResource,
  RemoveTagsFromResource: removeTagsFromResource,
  ListTagsForResource: listTagsForResource,
};
