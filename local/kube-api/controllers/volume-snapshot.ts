// CSI snapshot controller stand-in (snapshot.storage.k8s.io/v1): a VolumeSnapshot of a bound PVC gets
// `status.creationTime` after `creationDelayMs` (the point in time is taken), then `readyToUse: true`
// with a bound VolumeSnapshotContent and `restoreSize` after a further `readyDelayMs` (the upload).
// Pre-provisioned snapshots bind to their content at once. Deleting a snapshot deletes its content
// unless the deletion policy is Retain.

import type { ObjectService } from '../objects.js';
import type { ResourceType } from '../resources.js';
import type { StoreEvent } from '../store.js';
import { isRecord, type KubeObject, nowTimestamp } from '../types.js';
import { isTerminating, keyFor, splitKey, typeOf } from './common.js';
import { Controller } from './controller.js';
import { LOCAL_CSI_DRIVER } from './pvc-binder.js';

export interface SnapshotDelays {
  creationDelayMs: number;
  readyDelayMs: number;
}

const VS = 'snapshot.storage.k8s.io/volumesnapshots';
const VSC = 'snapshot.storage.k8s.io/volumesnapshotcontents';
const VSCLASS = 'snapshot.storage.k8s.io/volumesnapshotclasses';
const UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
};

/** Bytes of a Kubernetes quantity such as `2Gi` or `500M`; 0 when it cannot be read. */
export function quantityToBytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)([kMGTP]i?|Ki)?$/.exec(quantity.trim());
  if (!match) return 0;
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1));
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export class VolumeSnapshotController extends Controller {
  readonly #vsType: ResourceType;
  readonly #vscType: ResourceType;
  readonly #pvcType: ResourceType;
  // Millisecond clocks: creationTimestamp and creationTime only keep seconds.
  readonly #firstSeen = new Map<string, number>();
  readonly #takenAt = new Map<string, number>();

  constructor(
    objects: ObjectService,
    private readonly delays: SnapshotDelays,
  ) {
    super(objects, 'volume-snapshot');
    this.#vsType = typeOf(objects.registry, VS);
    this.#vscType = typeOf(objects.registry, VSC);
    this.#pvcType = typeOf(objects.registry, '/persistentvolumeclaims');
  }

  protected keysFor(event: StoreEvent): string[] {
    if (event.typeKey !== VS) return [];
    return event.type === 'DELETED' ? [`!deleted/${event.object.metadata.uid}`] : [keyFor(event.object)];
  }

  protected initialKeys(): string[] {
    return this.objects.list(this.#vsType, undefined).map(keyFor);
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    if (namespace === '!deleted') {
      this.#removeContent(name);
      return;
    }
    const vs = this.objects.find(this.#vsType, namespace, name);
    if (!vs || isTerminating(vs)) return;
    const source = record(record(vs.spec).source);
    const status = record(vs.status);
    if (status.readyToUse === true) return;
    if (typeof source.volumeSnapshotContentName === 'string') {
      this.#bindPreProvisioned(vs, source.volumeSnapshotContentName, key);
    } else if (typeof status.creationTime === 'string') {
      this.#markReady(vs, key);
    } else if (typeof source.persistentVolumeClaimName === 'string') {
      this.#takeSnapshot(vs, source.persistentVolumeClaimName, key);
    }
  }

  #snapshotClass(vs: KubeObject): KubeObject | undefined {
    const type = this.objects.registry.get(VSCLASS);
    if (!type) return undefined;
    const named = record(vs.spec).volumeSnapshotClassName;
    const all = this.objects.list(type, undefined);
    if (typeof named === 'string') return all.find((c) => c.metadata.name === named);
    return all.find((c) => c.metadata.annotations?.['snapshot.storage.kubernetes.io/is-default-class'] === 'true');
  }

  #fail(vs: KubeObject, message: string, key: string): void {
    const status = { ...record(vs.status), readyToUse: false, error: { message, time: nowTimestamp() } };
    this.objects.setStatus(this.#vsType, vs.metadata.namespace, vs.metadata.name ?? '', status);
    this.queue.add(key, 1000);
  }

  #takeSnapshot(vs: KubeObject, pvcName: string, key: string): void {
    const namespace = vs.metadata.namespace ?? 'default';
    const pvc = this.objects.find(this.#pvcType, namespace, pvcName);
    if (!pvc) {
      const why = `persistentvolumeclaim \\"${pvcName}\\" not found`;
      this.#fail(vs, `failed to get input parameters to create snapshot ${vs.metadata.name}: "${why}"`, key);
      return;
    }
    const uid = vs.metadata.uid ?? '';
    const seen = this.#firstSeen.get(uid) ?? Date.now();
    this.#firstSeen.set(uid, seen);
    const due = seen + this.delays.creationDelayMs - Date.now();
    if (due > 0) {
      this.queue.add(key, due);
      return;
    }
    const contentName = `snapcontent-${uid}`;
    if (!this.objects.find(this.#vscType, undefined, contentName)) this.#createContent(vs, pvc, contentName);
    const capacity = record(record(pvc.status).capacity).storage;
    const requested = record(record(record(pvc.spec).resources).requests).storage;
    this.#takenAt.set(uid, Date.now());
    this.objects.setStatus(this.#vsType, namespace, vs.metadata.name ?? '', {
      boundVolumeSnapshotContentName: contentName,
      creationTime: nowTimestamp(),
      readyToUse: false,
      restoreSize: String(capacity ?? requested ?? '1Gi'),
    });
    this.queue.add(key, this.delays.readyDelayMs);
  }

  #createContent(vs: KubeObject, pvc: KubeObject, contentName: string): void {
    const cls = this.#snapshotClass(vs);
    const { name, namespace, uid } = vs.metadata;
    this.objects.create(this.#vscType, undefined, {
      metadata: { name: contentName },
      spec: {
        deletionPolicy: cls?.deletionPolicy ?? 'Delete',
        driver: cls?.driver ?? LOCAL_CSI_DRIVER,
        source: { volumeHandle: record(pvc.spec).volumeName ?? `pvc-${pvc.metadata.uid}` },
        volumeSnapshotClassName: cls?.metadata.name,
        volumeSnapshotRef: { apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', name, namespace, uid },
      },
    });
  }

  #markReady(vs: KubeObject, key: string): void {
    const status = record(vs.status);
    const created = this.#takenAt.get(vs.metadata.uid ?? '') ?? Date.parse(String(status.creationTime));
    const due = created + this.delays.readyDelayMs - Date.now();
    if (due > 0) {
      this.queue.add(key, due);
      return;
    }
    this.objects.setStatus(this.#vscType, undefined, String(status.boundVolumeSnapshotContentName ?? ''), {
      creationTime: created * 1_000_000,
      readyToUse: true,
      restoreSize: quantityToBytes(String(status.restoreSize ?? '0')),
      snapshotHandle: `snapshot-${vs.metadata.uid}`,
    });
    this.objects.setStatus(this.#vsType, vs.metadata.namespace, vs.metadata.name ?? '', {
      ...status,
      readyToUse: true,
    });
  }

  #bindPreProvisioned(vs: KubeObject, contentName: string, key: string): void {
    const content = this.objects.find(this.#vscType, undefined, contentName);
    if (!content) {
      this.#fail(vs, `volumesnapshotcontent "${contentName}" not found`, key);
      return;
    }
    const size = record(content.status).restoreSize;
    this.objects.setStatus(this.#vsType, vs.metadata.namespace, vs.metadata.name ?? '', {
      boundVolumeSnapshotContentName: contentName,
      creationTime: nowTimestamp(),
      readyToUse: true,
      restoreSize: String(typeof size === 'number' ? size : 0),
    });
  }

  #removeContent(snapshotUid: string): void {
    for (const content of this.objects.list(this.#vscType, undefined)) {
      const spec = record(content.spec);
      if (record(spec.volumeSnapshotRef).uid === snapshotUid && spec.deletionPolicy !== 'Retain') {
        this.objects.store.remove(VSC, undefined, content.metadata.name ?? '');
      }
    }
  }
}
