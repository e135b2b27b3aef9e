// Namespace lifecycle: the built-in namespaces exist at start; deleting a namespace marks it
// Terminating, deletes everything in it (pods stop gracefully), then removes it.

import { deleteObject } from '../deletion.js';
import type { ObjectService } from '../objects.js';
import type { ResourceType } from '../resources.js';
import type { StoreEvent } from '../store.js';
import { keyFor, typeOf } from './common.js';
import { Controller } from './controller.js';

const NAMESPACES = '/namespaces';
const BUILT_IN = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export class NamespaceController extends Controller {
  readonly #nsType: ResourceType;

  constructor(objects: ObjectService) {
    super(objects, 'namespace');
    this.#nsType = typeOf(objects.registry, NAMESPACES);
    for (const name of BUILT_IN) {
      if (!objects.find(this.#nsType, undefined, name)) objects.create(this.#nsType, undefined, { metadata: { name } });
    }
    // A namespace with content stays (Terminating) until this controller has emptied it.
    objects.holders.set(NAMESPACES, (ns) => this.#contents(ns.metadata.name ?? '').length > 0);
  }

  protected keysFor(event: StoreEvent): string[] {
    if (event.typeKey === NAMESPACES && event.type !== 'DELETED') return [keyFor(event.object)];
    const namespace = event.object.metadata.namespace;
    return event.type === 'DELETED' && namespace ? [`/${namespace}`] : [];
  }

  protected initialKeys(): string[] {
    return this.objects
      .list(this.#nsType, undefined)
      .filter((ns) => ns.metadata.deletionTimestamp)
      .map(keyFor);
  }

  protected reconcile(key: string): void {
    const name = key.slice(key.indexOf('/') + 1);
    const ns = this.objects.find(this.#nsType, undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    this.objects.setStatus(this.#nsType, undefined, name, { phase: 'Terminating' });
    for (const item of this.#contents(name)) {
      const current = this.objects.find(item.type, name, item.name);
      if (current && !current.metadata.deletionTimestamp) deleteObject(this.objects, item.type, name, item.name);
    }
    this.objects.finishDeletion(this.#nsType, undefined, name);
  }

  #contents(namespace: string): Array<{ type: ResourceType; name: string }> {
    return this.objects.registry
      .all()
      .filter((t) => t.namespaced)
      .flatMap((type) => this.objects.list(type, namespace).map((o) => ({ type, name: o.metadata.name ?? '' })));
  }
}
