// The shape shared by the workload controllers: one owner kind (Deployment, ReplicaSet, Job,
// StatefulSet) reconciled whenever it changes or one of the children it controls (ReplicaSets or
// Pods) does. Subclasses only say what to do with a live owner.

import type { ObjectService } from '../objects.js';
import type { ResourceType } from '../resources.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import { isTerminating, keyFor, ownerKeys, splitKey, typeOf } from './common.js';
import { Controller } from './controller.js';

export interface OwnerKinds {
  /** Controller name, for logs. */
  name: string;
  /** Registry key and kind of the owner, e.g. `apps/replicasets` and `ReplicaSet`. */
  ownerKey: string;
  ownerKind: string;
  /** Registry key of the children it controls, e.g. `/pods`. */
  childKey: string;
}

export abstract class OwnerController extends Controller {
  protected readonly ownerType: ResourceType;
  protected readonly childType: ResourceType;
  readonly #kinds: OwnerKinds;

  constructor(objects: ObjectService, kinds: OwnerKinds) {
    super(objects, kinds.name);
    this.#kinds = kinds;
    this.ownerType = typeOf(objects.registry, kinds.ownerKey);
    this.childType = typeOf(objects.registry, kinds.childKey);
  }

  protected keysFor(event: StoreEvent): string[] {
    if (event.typeKey === this.#kinds.ownerKey && event.type !== 'DELETED') return [keyFor(event.object)];
    return event.typeKey === this.#kinds.childKey ? ownerKeys(event.object, this.#kinds.ownerKind) : [];
  }

  protected initialKeys(): string[] {
    return this.objects.list(this.ownerType, undefined).map(keyFor);
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const owner = this.objects.find(this.ownerType, namespace, name);
    if (owner && !isTerminating(owner)) this.reconcileOwner(owner, namespace, name);
  }

  /** Brings the children and status of a live (not terminating) owner in line with its spec. */
  protected abstract reconcileOwner(owner: KubeObject, namespace: string, name: string): void;
}
