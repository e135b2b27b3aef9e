// Deployment controller: one ReplicaSet per pod-template hash (`<deploy>-<hash>`, label
// pod-template-hash), the current one scaled to `spec.replicas` and older ones to 0 (a "recreate"
// roll-out; surge/unavailability budgets are not modelled), plus Deployment status and conditions.

import type { ObjectService } from '../objects.js';
import { isRecord, type KubeObject, templateHash } from '../types.js';
import { condition, controllerRef, omitZero, ownedBy } from './common.js';
import { OwnerController } from './owner-controller.js';
import { deploymentSpecSchema } from './schemas.js';

const DEPLOY = 'apps/deployments';
const RS = 'apps/replicasets';
const REVISION = 'deployment.kubernetes.io/revision';

function revisionOf(object: KubeObject): number {
  return Number(object.metadata.annotations?.[REVISION] ?? 0);
}

function counter(rs: KubeObject, field: string): number {
  const value = isRecord(rs.status) ? rs.status[field] : undefined;
  return typeof value === 'number' ? value : 0;
}

function setReplicas(replicas: number): (rs: KubeObject) => void {
  return (rs) => {
    (rs.spec as Record<string, unknown>).replicas = replicas;
  };
}

function deploymentConditions(deploy: KubeObject, available: boolean, done: boolean, rsName: string): unknown[] {
  return [
    available
      ? condition(deploy.status, 'Available', true, 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
      : condition(
          deploy.status,
          'Available',
          false,
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
        ),
    done
      ? condition(
          deploy.status,
          'Progressing',
          true,
          'NewReplicaSetAvailable',
          `ReplicaSet "${rsName}" has successfully progressed.`,
        )
      : condition(deploy.status, 'Progressing', true, 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`),
  ];
}

export class DeploymentController extends OwnerController {
  constructor(objects: ObjectService) {
    super(objects, { name: 'deployment', ownerKey: DEPLOY, ownerKind: 'Deployment', childKey: RS });
  }

  protected reconcileOwner(deploy: KubeObject, namespace: string, name: string): void {
    const current = this.#ensureReplicaSet(deploy, ownedBy(this.objects, this.childType, deploy));
    for (const old of ownedBy(this.objects, this.childType, deploy)) {
      if (old.metadata.uid !== current.metadata.uid) {
        this.objects.mutate(this.childType, namespace, old.metadata.name ?? '', setReplicas(0));
      }
    }
    this.objects.mutate(this.ownerType, namespace, name, (d) => {
      d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: String(revisionOf(current)) };
    });
    const refreshed = this.objects.find(this.ownerType, namespace, name) ?? deploy;
    this.#writeStatus(refreshed, current, ownedBy(this.objects, this.childType, deploy));
  }

  #ensureReplicaSet(deploy: KubeObject, owned: KubeObject[]): KubeObject {
    const spec = deploymentSpecSchema.parse(deploy.spec);
    const hash = templateHash(spec.template);
    const existing = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    if (existing) {
      const { namespace, name } = existing.metadata;
      return this.objects.mutate(this.childType, namespace, name ?? '', setReplicas(spec.replicas)) ?? existing;
    }
    const labels = { ...spec.template.metadata?.labels, 'pod-template-hash': hash };
    const revision = Math.max(0, ...owned.map(revisionOf)) + 1;
    return this.objects.create(this.childType, deploy.metadata.namespace, {
      metadata: {
        name: `${deploy.metadata.name}-${hash}`,
        labels,
        annotations: {
          [REVISION]: String(revision),
          'deployment.kubernetes.io/desired-replicas': String(spec.replicas),
        },
        ownerReferences: [controllerRef(deploy, 'apps/v1', 'Deployment')],
      },
      spec: {
        replicas: spec.replicas,
        selector: { ...spec.selector, matchLabels: { ...spec.selector.matchLabels, 'pod-template-hash': hash } },
        template: { ...spec.template, metadata: { ...spec.template.metadata, labels } },
      },
    });
  }

  #writeStatus(deploy: KubeObject, currentRs: KubeObject, all: KubeObject[]): void {
    const current = all.find((rs) => rs.metadata.uid === currentRs.metadata.uid) ?? currentRs;
    const desired = deploymentSpecSchema.parse(deploy.spec).replicas;
    const sum = (field: string): number => all.reduce((n, rs) => n + counter(rs, field), 0);
    const available = sum('availableReplicas');
    const updated = counter(current, 'replicas');
    const done = updated === desired && available >= desired && sum('replicas') === desired;
    const status = omitZero({
      observedGeneration: deploy.metadata.generation,
      replicas: sum('replicas'),
      updatedReplicas: updated,
      readyReplicas: sum('readyReplicas'),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, desired - available),
    });
    status.conditions = deploymentConditions(deploy, available >= desired, done, current.metadata.name ?? '');
    this.objects.setStatus(this.ownerType, deploy.metadata.namespace, deploy.metadata.name ?? '', status);
  }
}
