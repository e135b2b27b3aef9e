// DELETE semantics: preconditions, graceful deletion (deletionTimestamp while a holder such as the
// kubelet or the namespace controller still has work, or finalizers remain), orphaning of dependents,
// and deletecollection. Cascading to dependents is the garbage collector's job (controllers/).

import { ConflictError } from './errors.js';
import type { ObjectService } from './objects.js';
import { keyOf, type ResourceType } from './resources.js';
import { isRecord, type KubeObject, nowTimestamp, type ObjectMeta } from './types.js';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions {
  dryRun?: boolean;
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteOutcome {
  object: KubeObject;
  /** False while the object is still terminating (graceful deletion or finalizers). */
  removed: boolean;
}

function checkPreconditions(type: ResourceType, existing: KubeObject, options: DeleteOptions): void {
  const { uid, resourceVersion } = options.preconditions ?? {};
  const name = existing.metadata.name ?? '';
  const ref = { group: type.group, plural: type.plural };
  if (uid && uid !== existing.metadata.uid) {
    throw new ConflictError(
      ref,
      name,
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${existing.metadata.uid}`,
    );
  }
  if (resourceVersion && resourceVersion !== existing.metadata.resourceVersion) {
    throw new ConflictError(
      ref,
      name,
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
    );
  }
}

/** Drops owner references to `uid` from every object, so the garbage collector leaves them alone. */
function orphanDependents(objects: ObjectService, uid: string | undefined): void {
  if (!uid) return;
  for (const key of objects.store.typeKeys()) {
    for (const object of objects.store.list(key)) {
      const refs = object.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === uid)) continue;
      const remaining = refs.filter((r) => r.uid !== uid);
      const metadata: ObjectMeta = { ...object.metadata, ownerReferences: remaining };
      if (remaining.length === 0) delete metadata.ownerReferences;
      objects.store.replace(key, { ...object, metadata });
    }
  }
}

function defaultGrace(type: ResourceType, object: KubeObject): number {
  if (type.plural !== 'pods' || type.group !== '') return 0;
  const spec = isRecord(object.spec) ? object.spec : {};
  return typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 30;
}

export function deleteObject(
  objects: ObjectService,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions = {},
): DeleteOutcome {
  const existing = objects.get(type, namespace, name);
  checkPreconditions(type, existing, options);
  if (options.dryRun) return { object: existing, removed: false };
  if (options.propagationPolicy === 'Orphan') orphanDependents(objects, existing.metadata.uid);
  const key = keyOf(type);
  const grace = options.gracePeriodSeconds ?? defaultGrace(type, existing);
  const meta = existing.metadata;
  if (meta.deletionTimestamp) {
    if (grace >= (meta.deletionGracePeriodSeconds ?? Number.POSITIVE_INFINITY))
      return { object: existing, removed: false };
    const shortened = objects.store.replace(key, {
      ...existing,
      metadata: { ...meta, deletionGracePeriodSeconds: grace },
    });
    return { object: shortened, removed: false };
  }
  const held = (meta.finalizers ?? []).length > 0 || objects.holders.get(key)?.(existing) === true;
  if (!held) {
    const removed = objects.store.remove(key, meta.namespace, name);
    return { object: removed ?? existing, removed: true };
  }
  const marked = {
    ...existing,
    metadata: { ...meta, deletionTimestamp: nowTimestamp(), deletionGracePeriodSeconds: grace },
  };
  return { object: objects.store.replace(key, marked), removed: false };
}

export function deleteCollection(
  objects: ObjectService,
  type: ResourceType,
  namespace: string | undefined,
  selected: KubeObject[],
  options: DeleteOptions,
): KubeObject[] {
  const out: KubeObject[] = [];
  for (const object of selected) {
    const name = object.metadata.name ?? '';
    if (!objects.find(type, namespace ?? object.metadata.namespace, name)) continue;
    out.push(deleteObject(objects, type, object.metadata.namespace, name, options).object);
  }
  return out;
}
