// Binds every PersistentVolumeClaim at once to a new PersistentVolume `pvc-<uid>` (as a dynamic
// provisioner would), and deletes that volume with its claim. No storage is actually provisioned.

import type { ObjectService } from '../objects.js';
import type { ResourceType } from '../resources.js';
import type { StoreEvent } from '../store.js';
import { isRecord, type KubeObject } from '../types.js';
import { isTerminating, keyFor, splitKey, typeOf } from './common.js';
import { Controller } from './controller.js';

const PVC = '/persistentvolumeclaims';
const PV = '/persistentvolumes';
export const LOCAL_CSI_DRIVER = 'local.csi.holdfast.io';

function claimSpec(pvc: KubeObject): Record<string, unknown> {
  return isRecord(pvc.spec) ? pvc.spec : {};
}

function requestedStorage(pvc: KubeObject): string {
  const resources = claimSpec(pvc).resources;
  const requests = isRecord(resources) && isRecord(resources.requests) ? resources.requests : {};
  return String(requests.storage ?? '1Gi');
}

export class PvcBinder extends Controller {
  readonly #pvcType: ResourceType;
  readonly #pvType: ResourceType;

  constructor(objects: ObjectService) {
    super(objects, 'pvc-binder');
    this.#pvcType = typeOf(objects.registry, PVC);
    this.#pvType = typeOf(objects.registry, PV);
  }

  protected keysFor(event: StoreEvent): string[] {
    if (event.typeKey !== PVC) return [];
    // A deleted claim is queued by uid: its volume goes with it.
    return event.type === 'DELETED' ? [`!deleted/${event.object.metadata.uid}`] : [keyFor(event.object)];
  }

  protected initialKeys(): string[] {
    return this.objects.list(this.#pvcType, undefined).map(keyFor);
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    if (namespace === '!deleted') {
      this.#release(name);
      return;
    }
    const pvc = this.objects.find(this.#pvcType, namespace, name);
    if (!pvc || isTerminating(pvc) || (isRecord(pvc.status) && pvc.status.phase === 'Bound')) return;
    const spec = claimSpec(pvc);
    const volumeName =
      typeof spec.volumeName === 'string' && spec.volumeName ? spec.volumeName : `pvc-${pvc.metadata.uid}`;
    if (!this.objects.find(this.#pvType, undefined, volumeName)) this.#provision(pvc, volumeName);
    this.objects.mutate(this.#pvcType, namespace, name, (claim) => {
      claim.spec = { ...claimSpec(claim), volumeName };
      claim.metadata.annotations = { ...claim.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes' };
    });
    const capacity = { storage: requestedStorage(pvc) };
    this.objects.setStatus(this.#pvcType, namespace, name, { phase: 'Bound', accessModes: spec.accessModes, capacity });
  }

  #provision(pvc: KubeObject, volumeName: string): void {
    const spec = claimSpec(pvc);
    const { namespace, name, uid } = pvc.metadata;
    this.objects.create(this.#pvType, undefined, {
      metadata: { name: volumeName, annotations: { 'pv.kubernetes.io/provisioned-by': LOCAL_CSI_DRIVER } },
      spec: {
        capacity: { storage: requestedStorage(pvc) },
        accessModes: spec.accessModes,
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: spec.storageClassName,
        volumeMode: spec.volumeMode ?? 'Filesystem',
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name, uid },
        csi: { driver: LOCAL_CSI_DRIVER, volumeHandle: volumeName },
      },
    });
    this.objects.setStatus(this.#pvType, undefined, volumeName, { phase: 'Bound' });
  }

  #release(claimUid: string): void {
    for (const pv of this.objects.list(this.#pvType, undefined)) {
      const spec = isRecord(pv.spec) ? pv.spec : {};
      const ref = isRecord(spec.claimRef) ? spec.claimRef : {};
      if (ref.uid === claimUid && spec.persistentVolumeReclaimPolicy === 'Delete') {
        this.objects.store.remove(PV, undefined, pv.metadata.name ?? '');
      }
    }
  }
}
