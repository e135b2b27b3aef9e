// Shared controller helpers: keys, owner references, pod readiness, status conditions, and pod
// creation from a template.

import type { ObjectService } from '../objects.js';
import type { ResourceRegistry, ResourceType } from '../resources.js';
import { isRecord, type KubeObject, nowTimestamp, type OwnerReference } from '../types.js';

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export function keyFor(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

export function controllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The controlling owner of `object` if it is of `kind`. */
export function controllerOf(object: KubeObject, kind: string): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((r) => r.controller === true && r.kind === kind);
}

export function ownedBy(objects: ObjectService, type: ResourceType, owner: KubeObject): KubeObject[] {
  const uid = owner.metadata.uid;
  return objects
    .list(type, owner.metadata.namespace)
    .filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === uid && r.controller === true));
}

export function isTerminating(object: KubeObject): boolean {
  return object.metadata.deletionTimestamp !== undefined;
}

export function podPhase(pod: KubeObject): string | undefined {
  return isRecord(pod.status) && typeof pod.status.phase === 'string' ? pod.status.phase : undefined;
}

export function isPodReady(pod: KubeObject): boolean {
  if (!isRecord(pod.status) || !Array.isArray(pod.status.conditions)) return false;
  return pod.status.conditions.some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True');
}

export interface PodTemplateInput {
  template: Record<string, unknown>;
  namespace: string;
  name?: string;
  generateName?: string;
  labels?: Record<string, string>;
  owner: OwnerReference;
  specOverrides?: Record<string, unknown>;
}

/** Creates a pod from a workload's pod template through the normal admission path. */
export function createPodFromTemplate(
  objects: ObjectService,
  registry: ResourceRegistry,
  input: PodTemplateInput,
): KubeObject {
  const podType = registry.get('/pods') as ResourceType;
  const meta = isRecord(input.template.metadata) ? input.template.metadata : {};
  const templateLabels = isRecord(meta.labels) ? (meta.labels as Record<string, string>) : {};
  const spec = isRecord(input.template.spec) ? input.template.spec : {};
  const body = {
    metadata: {
      ...(input.name ? { name: input.name } : { generateName: input.generateName }),
      namespace: input.namespace,
      labels: { ...templateLabels, ...input.labels },
      ...(isRecord(meta.annotations) ? { annotations: meta.annotations } : {}),
      ownerReferences: [input.owner],
    },
    spec: { ...structuredClone(spec), ...input.specOverrides },
  };
  return objects.create(podType, input.namespace, body);
}

export function typeOf(registry: ResourceRegistry, key: string): ResourceType {
  const type = registry.get(key);
  if (!type) throw new Error(`resource type ${key} is not registered`);
  return type;
}

export interface Condition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastUpdateTime?: string;
  lastTransitionTime: string;
}

/** A status condition that keeps its lastTransitionTime while its status does not change. */
export function condition(previous: unknown, type: string, ok: boolean, reason: string, message: string): Condition {
  const status = ok ? 'True' : 'False';
  const list = isRecord(previous) && Array.isArray(previous.conditions) ? previous.conditions : [];
  const before = list.find((c): c is Condition => isRecord(c) && c.type === type);
  const now = nowTimestamp();
  const same = before?.status === status;
  return {
    type,
    status,
    reason,
    message,
    ...(type === 'Available' || type === 'Progressing'
      ? { lastUpdateTime: same && before?.reason === reason ? (before.lastUpdateTime ?? now) : now }
      : {}),
    lastTransitionTime: same ? before.lastTransitionTime : now,
  };
}

/** Drops zero counters, as the API server's `omitempty` does for workload status fields. */
export function omitZero(status: Record<string, unknown>, keep: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(status)) {
    if (value === 0 && !keep.includes(key)) continue;
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** `namespace/name` of the controlling owner of an event's object when the owner is of `kind`. */
export function ownerKeys(object: KubeObject, kind: string): string[] {
  const owner = controllerOf(object, kind);
  return owner ? [`${object.metadata.namespace ?? ''}/${owner.name}`] : [];
}
