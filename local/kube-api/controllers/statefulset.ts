// StatefulSet controller: pods `<sts>-0 … <sts>-(n-1)` with stable names, PVCs from
// volumeClaimTemplates (`<claim>-<sts>-<i>`, kept on scale-down), OrderedReady creation (each pod waits
// for the lower ordinals to be ready), scale-down from the top, and pods of an outdated template
// replaced. Status reports replicas, ready/current/updated counts and revisions.

import { deleteObject } from '../deletion.js';
import type { ObjectService } from '../objects.js';
import type { ResourceType } from '../resources.js';
import { type KubeObject, templateHash } from '../types.js';
import {
  controllerRef,
  createPodFromTemplate,
  isPodReady,
  isTerminating,
  omitZero,
  ownedBy,
  typeOf,
} from './common.js';
import { OwnerController } from './owner-controller.js';
import { statefulSetSpecSchema } from './schemas.js';

const STS = 'apps/statefulsets';
const REVISION_LABEL = 'controller-revision-hash';

type StatefulSetSpec = ReturnType<typeof statefulSetSpecSchema.parse>;

function ordinalOf(sts: string, pod: KubeObject): number {
  const name = pod.metadata.name ?? '';
  const suffix = name.slice(sts.length + 1);
  return name.startsWith(`${sts}-`) && /^\d+$/.test(suffix) ? Number(suffix) : -1;
}

export class StatefulSetController extends OwnerController {
  readonly #pvcType: ResourceType;

  constructor(objects: ObjectService) {
    super(objects, { name: 'statefulset', ownerKey: STS, ownerKind: 'StatefulSet', childKey: '/pods' });
    this.#pvcType = typeOf(objects.registry, '/persistentvolumeclaims');
  }

  protected reconcileOwner(sts: KubeObject, namespace: string, name: string): void {
    const spec = statefulSetSpecSchema.parse(sts.spec);
    const revision = `${name}-${templateHash(spec.template)}`;
    for (const pod of ownedBy(this.objects, this.childType, sts)) {
      const ordinal = ordinalOf(name, pod);
      const outdated = pod.metadata.labels?.[REVISION_LABEL] !== revision;
      if (!isTerminating(pod) && (ordinal >= spec.replicas || ordinal < 0 || outdated)) {
        deleteObject(this.objects, this.childType, namespace, pod.metadata.name ?? '');
      }
    }
    const existing = new Map(ownedBy(this.objects, this.childType, sts).map((p) => [ordinalOf(name, p), p]));
    for (let ordinal = 0; ordinal < spec.replicas; ordinal++) {
      const pod = existing.get(ordinal);
      if (!pod) this.#createPod(sts, spec, ordinal, revision);
      const ready = pod !== undefined && !isTerminating(pod) && isPodReady(pod);
      if (spec.podManagementPolicy === 'OrderedReady' && !ready) break;
    }
    this.#writeStatus(sts, revision);
  }

  #ensureClaims(sts: KubeObject, spec: StatefulSetSpec, podName: string): Record<string, unknown>[] {
    const volumes: Record<string, unknown>[] = [];
    for (const template of spec.volumeClaimTemplates ?? []) {
      const claimName = `${template.metadata.name}-${podName}`;
      if (!this.objects.find(this.#pvcType, sts.metadata.namespace, claimName)) {
        const labels = {
          ...(template.metadata.labels as Record<string, string> | undefined),
          ...spec.selector.matchLabels,
        };
        this.objects.create(this.#pvcType, sts.metadata.namespace, {
          metadata: { name: claimName, labels },
          spec: template.spec,
        });
      }
      volumes.push({ name: template.metadata.name, persistentVolumeClaim: { claimName } });
    }
    return volumes;
  }

  #createPod(sts: KubeObject, spec: StatefulSetSpec, ordinal: number, revision: string): void {
    const podName = `${sts.metadata.name}-${ordinal}`;
    const claimVolumes = this.#ensureClaims(sts, spec, podName);
    const declared = Array.isArray(spec.template.spec.volumes)
      ? (spec.template.spec.volumes as Record<string, unknown>[])
      : [];
    const claimNames = new Set(claimVolumes.map((v) => v.name));
    const volumes = [...declared.filter((v) => !claimNames.has(v.name)), ...claimVolumes];
    createPodFromTemplate(this.objects, this.objects.registry, {
      template: spec.template,
      namespace: sts.metadata.namespace ?? 'default',
      name: podName,
      labels: {
        [REVISION_LABEL]: revision,
        'statefulset.kubernetes.io/pod-name': podName,
        'apps.kubernetes.io/pod-index': String(ordinal),
      },
      owner: controllerRef(sts, 'apps/v1', 'StatefulSet'),
      specOverrides: {
        hostname: podName,
        ...(spec.serviceName ? { subdomain: spec.serviceName } : {}),
        ...(claimVolumes.length > 0 ? { volumes } : {}),
      },
    });
  }

  #writeStatus(sts: KubeObject, revision: string): void {
    const live = ownedBy(this.objects, this.childType, sts).filter((p) => !isTerminating(p));
    const ready = live.filter(isPodReady).length;
    const updated = live.filter((p) => p.metadata.labels?.[REVISION_LABEL] === revision).length;
    const status = omitZero(
      {
        observedGeneration: sts.metadata.generation,
        replicas: live.length,
        readyReplicas: ready,
        currentReplicas: updated,
        updatedReplicas: updated,
        availableReplicas: ready,
        collisionCount: 0,
      },
      ['replicas', 'availableReplicas', 'collisionCount'],
    );
    Object.assign(status, { currentRevision: revision, updateRevision: revision });
    this.objects.setStatus(this.ownerType, sts.metadata.namespace, sts.metadata.name ?? '', status);
  }
}
