// ReplicaSet controller: keeps `spec.replicas` live pods named `<rs>-<random>` owned by the ReplicaSet
// (scale-down removes unready pods first, then the newest), and reports replica counts in status.

import { deleteObject } from '../deletion.js';
import type { ObjectService } from '../objects.js';
import type { ResourceType } from '../resources.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import {
  controllerRef,
  createPodFromTemplate,
  isPodReady,
  isTerminating,
  keyFor,
  omitZero,
  ownedBy,
  ownerKeys,
  podPhase,
  splitKey,
  typeOf,
} from './common.js';
import { Controller } from './controller.js';
import { replicaSetSpecSchema } from './schemas.js';

const RS = 'apps/replicasets';

function isActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return !isTerminating(pod) && phase !== 'Succeeded' && phase !== 'Failed';
}

/** Scale-down order: pods that are not ready go first, then the most recently created. */
function byDeletionPreference(a: KubeObject, b: KubeObject): number {
  const ready = Number(isPodReady(a)) - Number(isPodReady(b));
  if (ready !== 0) return ready;
  return (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '');
}

export class ReplicaSetController extends Controller {
  readonly #rsType: ResourceType;
  readonly #podType: ResourceType;

  constructor(objects: ObjectService) {
    super(objects, 'replicaset');
    this.#rsType = typeOf(objects.registry, RS);
    this.#podType = typeOf(objects.registry, '/pods');
  }

  protected keysFor(event: StoreEvent): string[] {
    if (event.typeKey === RS && event.type !== 'DELETED') return [keyFor(event.object)];
    return event.typeKey === '/pods' ? ownerKeys(event.object, 'ReplicaSet') : [];
  }

  protected initialKeys(): string[] {
    return this.objects.list(this.#rsType, undefined).map(keyFor);
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const rs = this.objects.find(this.#rsType, namespace, name);
    if (!rs || isTerminating(rs)) return;
    const spec = replicaSetSpecSchema.parse(rs.spec);
    const active = ownedBy(this.objects, this.#podType, rs).filter(isActive);
    const missing = spec.replicas - active.length;
    for (let i = 0; i < missing; i++) {
      createPodFromTemplate(this.objects, this.objects.registry, {
        template: spec.template,
        namespace,
        generateName: `${name}-`,
        owner: controllerRef(rs, 'apps/v1', 'ReplicaSet'),
      });
    }
    for (const pod of [...active].sort(byDeletionPreference).slice(0, Math.max(0, -missing))) {
      deleteObject(this.objects, this.#podType, namespace, pod.metadata.name ?? '');
    }
    this.#writeStatus(rs);
  }

  #writeStatus(rs: KubeObject): void {
    const current = ownedBy(this.objects, this.#podType, rs).filter(isActive);
    const ready = current.filter(isPodReady).length;
    const status = omitZero(
      {
        replicas: current.length,
        fullyLabeledReplicas: current.length,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: rs.metadata.generation,
      },
      ['replicas'],
    );
    this.objects.setStatus(this.#rsType, rs.metadata.namespace, rs.metadata.name ?? '', status);
  }
}
