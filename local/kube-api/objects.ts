// Kubernetes object semantics over the raw store: create (generateName, uid, timestamps), update with
// resourceVersion preconditions and status subresources, patch, and list with selectors. Deletion
// lives in `deletion.ts`. Both the REST layer and the controllers go through this service.

import { randomUUID } from 'node:crypto';
import { type AdmissionHook, admit } from './admission/index.js';
import {
  AlreadyExistsError,
  BadRequestError,
  ConflictError,
  InvalidError,
  KubeApiError,
  NotFoundError,
} from './errors.js';
import { applyPatch, type PatchType } from './patch.js';
import { apiVersionOf, keyOf, preferredApiVersion, type ResourceRegistry, type ResourceType } from './resources.js';
import { type FieldSelector, type LabelSelector, matchesFields, matchesLabels } from './selectors.js';
import type { ObjectStore } from './store.js';
import { clone, deepEqual, isRecord, type KubeObject, nowTimestamp, randomSuffix } from './types.js';

export interface WriteOptions {
  dryRun?: boolean;
  /** Version the client addressed; new objects are stored with it. */
  version?: string;
}

export interface UpdateOptions extends WriteOptions {
  subresource?: 'status';
}

export interface ListOptions {
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
}

const NAMESPACES = '/namespaces';

function refOf(type: ResourceType): { group: string; plural: string } {
  return { group: type.group, plural: type.plural };
}

/** Everything but metadata and status: a change here bumps metadata.generation. */
function specPart(object: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = object;
  return rest;
}

export class ObjectService {
  readonly admissionHooks = new Map<string, AdmissionHook>();
  /** Types whose objects stay "terminating" while something still runs (pods, namespaces). */
  readonly holders = new Map<string, (object: KubeObject) => boolean>();

  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
  ) {}

  /** A clone of the object as served at `version` (apiVersion and kind filled in). */
  present(type: ResourceType, object: KubeObject, version?: string): KubeObject {
    const { apiVersion, kind: _kind, ...rest } = clone(object);
    return {
      apiVersion: version ? apiVersionOf(type.group, version) : (apiVersion ?? preferredApiVersion(type)),
      kind: type.kind,
      ...rest,
    };
  }

  find(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(keyOf(type), type.namespaced ? namespace : undefined, name);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const found = this.find(type, namespace, name);
    if (!found) throw new NotFoundError(refOf(type), name);
    return found;
  }

  list(type: ResourceType, namespace: string | undefined, options: ListOptions = {}): KubeObject[] {
    return this.store
      .list(keyOf(type), type.namespaced ? namespace : undefined)
      .filter(
        (o) =>
          matchesLabels(o.metadata.labels, options.labelSelector ?? []) &&
          matchesFields(o, options.fieldSelector ?? []),
      );
  }

  create(type: ResourceType, namespace: string | undefined, body: unknown, options: WriteOptions = {}): KubeObject {
    const object = this.#decode(type, body, options.version);
    this.#placeInNamespace(type, object, namespace);
    const meta = object.metadata;
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    meta.uid = randomUUID();
    meta.creationTimestamp = nowTimestamp();
    meta.generation = 1;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    this.#admit(type, object, undefined);
    if (this.find(type, meta.namespace, meta.name ?? '')) throw new AlreadyExistsError(refOf(type), meta.name ?? '');
    if (options.dryRun) return object;
    return this.store.insert(keyOf(type), object);
  }

  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: UpdateOptions = {},
  ): KubeObject {
    const existing = this.get(type, namespace, name);
    const incoming = this.#decode(type, body, options.version);
    if (incoming.metadata.name !== undefined && incoming.metadata.name !== name) {
      throw new BadRequestError(
        `the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const expected = incoming.metadata.resourceVersion;
    if (expected !== undefined && expected !== '' && expected !== existing.metadata.resourceVersion) {
      throw new ConflictError(refOf(type), name);
    }
    const next = this.#merged(type, existing, incoming, options.subresource);
    this.#admit(type, next, existing);
    if (options.dryRun) return next;
    const stored = this.store.replace(keyOf(type), next);
    return this.#finalizeIfReleased(type, stored) ?? stored;
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    body: unknown,
    options: UpdateOptions = {},
  ): KubeObject {
    const existing = this.get(type, namespace, name);
    const base = this.present(type, existing, options.version);
    const patched = applyPatch(patchType, base, body);
    if (!isRecord(patched) || !isRecord(patched.metadata))
      throw new BadRequestError('patch removed the object metadata');
    const patchedObject = patched as KubeObject;
    const requested = patchedObject.metadata.resourceVersion;
    if (requested !== undefined && requested !== existing.metadata.resourceVersion) {
      throw new ConflictError(refOf(type), name);
    }
    return this.update(type, namespace, name, patchedObject, options);
  }

  /** Read-modify-write used by controllers; skips the write when nothing changed. */
  mutate(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    change: (object: KubeObject) => void,
  ): KubeObject | undefined {
    const existing = this.find(type, namespace, name);
    if (!existing) return undefined;
    const next = clone(existing);
    change(next);
    if (deepEqual(next, existing)) return existing;
    return this.update(type, namespace, name, next);
  }

  /** Writes a new status (controllers, kubelet) unless it is unchanged. */
  setStatus(type: ResourceType, namespace: string | undefined, name: string, status: unknown): KubeObject | undefined {
    const existing = this.find(type, namespace, name);
    if (!existing || deepEqual(existing.status, status)) return existing;
    return this.store.replace(keyOf(type), { ...existing, status: clone(status) });
  }

  /** Removes an object whose deletion was pending once nothing holds it any more. */
  #finalizeIfReleased(type: ResourceType, object: KubeObject): KubeObject | undefined {
    if (!object.metadata.deletionTimestamp || (object.metadata.finalizers ?? []).length > 0) return undefined;
    if (this.holders.get(keyOf(type))?.(object)) return undefined;
    return this.store.remove(keyOf(type), object.metadata.namespace, object.metadata.name ?? '');
  }

  finishDeletion(type: ResourceType, namespace: string | undefined, name: string): void {
    const object = this.find(type, namespace, name);
    if (object) this.#finalizeIfReleased(type, object);
  }

  #decode(type: ResourceType, body: unknown, version: string | undefined): KubeObject {
    if (!isRecord(body)) throw new BadRequestError('the request body must be a JSON object');
    const expected = version ? apiVersionOf(type.group, version) : preferredApiVersion(type);
    if (body.apiVersion !== undefined && body.apiVersion !== expected && body.apiVersion !== '') {
      throw new BadRequestError(
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected})`,
      );
    }
    if (body.kind !== undefined && body.kind !== '' && body.kind !== type.kind) {
      throw new BadRequestError(
        `${String(body.kind)} in version "${expected}" cannot be handled as a ${type.kind}: kind mismatch`,
      );
    }
    if (body.metadata !== undefined && !isRecord(body.metadata))
      throw new BadRequestError('metadata must be an object');
    const object = clone(body) as KubeObject;
    object.metadata = isRecord(body.metadata) ? (clone(body.metadata) as KubeObject['metadata']) : {};
    object.apiVersion = expected;
    object.kind = type.kind;
    return object;
  }

  #placeInNamespace(type: ResourceType, object: KubeObject, namespace: string | undefined): void {
    if (!type.namespaced) {
      delete object.metadata.namespace;
      return;
    }
    const given = object.metadata.namespace;
    if (given !== undefined && given !== '' && namespace !== undefined && given !== namespace) {
      throw new BadRequestError(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const target = namespace ?? given ?? 'default';
    object.metadata.namespace = target;
    const ns = this.store.get(NAMESPACES, undefined, target);
    if (!ns) throw new NotFoundError({ group: '', plural: 'namespaces' }, target);
    if (ns.metadata.deletionTimestamp) {
      throw new KubeApiError(
        403,
        'Forbidden',
        `${type.plural} "${object.metadata.name ?? ''}" is forbidden: unable to create new content in namespace ${target} because it is being terminated`,
      );
    }
  }

  #merged(
    type: ResourceType,
    existing: KubeObject,
    incoming: KubeObject,
    subresource: 'status' | undefined,
  ): KubeObject {
    if (subresource === 'status') return { ...existing, status: incoming.status };
    const keep = existing.metadata;
    const next: KubeObject = {
      ...incoming,
      metadata: {
        ...incoming.metadata,
        name: keep.name,
        namespace: keep.namespace,
        uid: keep.uid,
        creationTimestamp: keep.creationTimestamp,
        generation: keep.generation,
        ...(keep.deletionTimestamp ? { deletionTimestamp: keep.deletionTimestamp } : {}),
        ...(keep.deletionGracePeriodSeconds !== undefined
          ? { deletionGracePeriodSeconds: keep.deletionGracePeriodSeconds }
          : {}),
      },
    };
    if (!keep.namespace) delete next.metadata.namespace;
    delete next.metadata.resourceVersion;
    if (type.subresources.status && existing.status !== undefined) next.status = existing.status;
    if (!deepEqual(specPart(next), specPart(existing))) next.metadata.generation = (keep.generation ?? 1) + 1;
    return next;
  }

  #admit(type: ResourceType, object: KubeObject, old: KubeObject | undefined): void {
    const causes = admit(
      type,
      object,
      {
        operation: old ? 'update' : 'create',
        ...(old ? { old } : {}),
        clusterIpInUse: (ip) => this.store.list('/services').some((s) => isRecord(s.spec) && s.spec.clusterIP === ip),
      },
      this.admissionHooks,
    );
    if (causes.length > 0)
      throw new InvalidError(type.kind, object.metadata.name ?? object.metadata.generateName ?? '', type.group, causes);
  }
}
