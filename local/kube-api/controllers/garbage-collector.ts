// Garbage collector: when an object is deleted, deletes every object whose owners are now all gone
// (Deployment → ReplicaSets → Pods, Job → Pods, any custom owner). Orphaning was already handled at
// delete time by stripping owner references, so whatever still points at a deleted owner goes.

import { deleteObject } from '../deletion.js';
import type { ObjectService } from '../objects.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import { Controller } from './controller.js';

export class GarbageCollector extends Controller {
  constructor(objects: ObjectService) {
    super(objects, 'garbage-collector');
  }

  protected keysFor(event: StoreEvent): string[] {
    return event.type === 'DELETED' ? ['all'] : [];
  }

  protected initialKeys(): string[] {
    return ['all'];
  }

  protected reconcile(): void {
    const all: Array<{ key: string; object: KubeObject }> = [];
    for (const key of this.objects.store.typeKeys()) {
      for (const object of this.objects.store.list(key)) all.push({ key, object });
    }
    const alive = new Set(all.map((e) => e.object.metadata.uid));
    for (const { key, object } of all) {
      const owners = object.metadata.ownerReferences ?? [];
      if (owners.length === 0 || owners.some((o) => alive.has(o.uid)) || object.metadata.deletionTimestamp) continue;
      const type = this.objects.registry.get(key);
      const { namespace, name = '' } = object.metadata;
      if (!type || !this.objects.find(type, namespace, name)) continue;
      deleteObject(this.objects, type, namespace, name, { propagationPolicy: 'Background' });
    }
  }
}
