/**
 * What CaptureManifests keeps of a namespace, and how each object is cleaned so that applying it recreates the
 * same object in this or another cluster: no status, none of the fields the API server or a controller fills in,
 * nothing a controller recreates on its own. Each rule says why.
 */
import type { ResourceType } from './discovery.js';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: ManifestMetadata;
  [field: string]: unknown;
}

export interface ManifestMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { kind?: string; name?: string; controller?: boolean }[];
  [field: string]: unknown;
}

/** Resource types never captured (`<group>/<resource>`, '' for core), with why. */
export const SKIPPED_TYPES: Readonly<Record<string, string>> = {
  '/events': 'a history written by the cluster, not configuration; the restored objects get their own',
  'events.k8s.io/events': 'the same Events as core/v1 events',
  '/endpoints': "derived from each Service's selector and ready pods by the endpoints controller",
  'discovery.k8s.io/endpointslices': "derived from each Service's selector by the EndpointSlice controller",
  'apps/controllerrevisions': 'the revision history StatefulSet and DaemonSet controllers keep for themselves',
  'coordination.k8s.io/leases': 'leader-election and heartbeat state: a restored lease would name a holder long gone',
  'snapshot.storage.k8s.io/volumesnapshots':
    'applying one takes a NEW snapshot of the current PVC; snapshots are restore-point artifacts (CreateCSISnapshot)',
};

/** Why a type is not captured, or undefined when it is. Types that cannot be listed and created are not either. */
export function skippedTypeReason(type: ResourceType): string | undefined {
  const known = SKIPPED_TYPES[`${type.group}/${type.resource}`];
  if (known) return known;
  if (!type.verbs.includes('list') || !type.verbs.includes('create')) return 'cannot be listed and re-created';
  return undefined;
}

/** Why one object is not captured, or undefined when it is. */
export function skippedObjectReason(object: Manifest): string | undefined {
  const owner = object.metadata.ownerReferences?.find((ref) => ref.controller === true);
  if (owner) {
    // A Deployment's ReplicaSets and their pods, a StatefulSet's pods, a CronJob's Jobs, an operator's objects:
    // the owner recreates them, and a copy applied after a restore would be an orphan (owner UIDs change).
    return `recreated by its controller ${owner.kind ?? ''} ${owner.name ?? ''}`.trim();
  }
  if (object.kind === 'ConfigMap' && object.apiVersion === 'v1' && object.metadata.name === 'kube-root-ca.crt') {
    return "published into every namespace by the cluster (the cluster's own CA)";
  }
  return undefined;
}

/** Metadata the API server sets on every object. */
const SERVER_METADATA = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'generation',
  'selfLink',
  // Only non-controller references are left (controller-owned objects are skipped); they point at owner UIDs that
  // will not exist after a restore, and the garbage collector deletes objects whose owners are all gone.
  'ownerReferences',
];

/** Annotations controllers write (binding state, rollout revision, scheduling decisions). */
const CONTROLLER_ANNOTATIONS = [
  'deployment.kubernetes.io/revision',
  'pv.kubernetes.io/bind-completed',
  'pv.kubernetes.io/bound-by-controller',
  'volume.beta.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/selected-node',
];

/** A copy of `object` without status and server- or controller-set fields. */
export function cleanManifest(object: Manifest): Manifest {
  const copy = structuredClone(object);
  const kindRule = KIND_RULES[`${groupOf(copy.apiVersion)}/${copy.kind}`];
  // Kind rules first: some read fields (the uid) that the generic cleaning removes.
  kindRule?.(copy);
  delete copy.status;
  for (const key of SERVER_METADATA) delete copy.metadata[key];
  const annotations = copy.metadata.annotations;
  if (annotations) {
    for (const key of CONTROLLER_ANNOTATIONS) delete annotations[key];
    if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
  }
  return copy;
}

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '');

const KIND_RULES: Readonly<Record<string, (object: Manifest) => void>> = {
  '/Namespace': (namespace) => {
    // The API server sets this label to the namespace's name; it must follow a restore into another name.
    const labels = namespace.metadata.labels;
    if (labels) delete labels['kubernetes.io/metadata.name'];
    if (labels && Object.keys(labels).length === 0) delete namespace.metadata.labels;
  },
  '/Service': (service) => {
    const spec = isJson(service.spec) ? service.spec : {};
    // Allocated by the API server. A headless Service's `None` is the user's choice and stays.
    if (spec.clusterIP !== 'None') {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    // Allocated node ports would collide with the original Service when restored into another namespace.
    delete spec.healthCheckNodePort;
    for (const port of Array.isArray(spec.ports) ? spec.ports : []) if (isJson(port)) delete port.nodePort;
  },
  '/PersistentVolumeClaim': (claim) => {
    const spec = isJson(claim.spec) ? claim.spec : {};
    // A claim bound by the controller to a volume provisioned for it (named `pvc-<claim uid>`) gets a new volume on
    // restore; keeping the name would bind to, or wait forever for, the original volume. Claims pre-bound by the
    // user to a named volume keep it.
    const boundByController = claim.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'] === 'yes';
    if (boundByController || spec.volumeName === `pvc-${String(claim.metadata.uid)}`) delete spec.volumeName;
  },
  '/Pod': (pod) => {
    // The scheduler's choice: the node may not exist where the pod is restored.
    if (isJson(pod.spec)) delete pod.spec.nodeName;
  },
  'batch/Job': (job) => {
    // Without manualSelector the selector and these template labels are generated from the Job's uid: a restored
    // Job must get new ones, and the API server rejects a Job that carries the old ones.
    const spec = isJson(job.spec) ? job.spec : {};
    if (spec.manualSelector === true) return;
    delete spec.selector;
    const template = isJson(spec.template) ? spec.template : {};
    const labels = isJson(template.metadata) && isJson(template.metadata.labels) ? template.metadata.labels : {};
    delete labels['controller-uid'];
    delete labels['batch.kubernetes.io/controller-uid'];
  },
  '/Secret': (secret) => {
    // Tokens are minted by the cluster for its service account; the token controller fills the restored Secret.
    if (secret.type === 'kubernetes.io/service-account-token') delete secret.data;
  },
};
