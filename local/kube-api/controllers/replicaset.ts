// ReplicaSet controller: keeps `spec.replicas` live pods named `<rs>-<random>` owned by the ReplicaSet
// (scale-down removes unready pods first, then the newest), and reports replica counts in status.

import { deleteObject } from '../deletion.js';
import type { ObjectService } from '../objects.js';
import type { KubeObject } from '../types.js';
import {
  controllerRef,
  createPodFromTemplate,
  isPodReady,
  isTerminating,
  omitZero,
  ownedBy,
  podPhase,
} from './common.js';
import { OwnerController } from './owner-controller.js';
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

export class ReplicaSetController extends OwnerController {
  constructor(objects: ObjectService) {
    super(objects, { name: 'replicaset', ownerKey: RS, ownerKind: 'ReplicaSet', childKey: '/pods' });
  }

  protected reconcileOwner(rs: KubeObject, namespace: string, name: string): void {
    const spec = replicaSetSpecSchema.parse(rs.spec);
    const active = ownedBy(this.objects, this.childType, rs).filter(isActive);
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
      deleteObject(this.objects, this.childType, namespace, pod.metadata.name ?? '');
    }
    this.#writeStatus(rs);
  }

  #writeStatus(rs: KubeObject): void {
    const current = ownedBy(this.objects, this.childType, rs).filter(isActive);
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
    this.objects.setStatus(this.ownerType, rs.metadata.namespace, rs.metadata.name ?? '', status);
  }
}
