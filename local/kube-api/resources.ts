// The resource types this server serves: the built-in table and the registry that CRDs add to.
// Discovery, routing and storage all key off `ResourceType`.

export interface ScalePaths {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface ResourceType {
  group: string;
  /** Served versions; the first is preferred. */
  versions: string[];
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  /** Subresources with the verbs they accept, e.g. `{ log: ['get'] }`. */
  subresources: Record<string, string[]>;
  /** Dotted field paths accepted by fieldSelector, beyond metadata.name/metadata.namespace. */
  fieldSelectors: string[];
  builtin: boolean;
  scale?: ScalePaths;
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function typeKey(group: string, plural: string): string {
  return `${group}/${plural}`;
}

export function keyOf(type: ResourceType): string {
  return typeKey(type.group, type.plural);
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export function preferredApiVersion(type: ResourceType): string {
  return apiVersionOf(type.group, type.versions[0] ?? 'v1');
}

const PROXY_VERBS = ['create', 'delete', 'get', 'patch', 'update'];
const STATUS = { status: ['get', 'patch', 'update'] };
const REPLICA_SCALE: ScalePaths = {
  specReplicasPath: 'spec.replicas',
  statusReplicasPath: 'status.replicas',
  labelSelectorPath: 'status.selector',
};

type Row = [group: string, version: string, plural: string, kind: string, namespaced: boolean, shortNames: string[]];

const ROWS: Row[] = [
  ['', 'v1', 'namespaces', 'Namespace', false, ['ns']],
  ['', 'v1', 'nodes', 'Node', false, ['no']],
  ['', 'v1', 'persistentvolumes', 'PersistentVolume', false, ['pv']],
  ['', 'v1', 'pods', 'Pod', true, ['po']],
  ['', 'v1', 'services', 'Service', true, ['svc']],
  ['', 'v1', 'configmaps', 'ConfigMap', true, ['cm']],
  ['', 'v1', 'secrets', 'Secret', true, []],
  ['', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc']],
  ['', 'v1', 'events', 'Event', true, ['ev']],
  ['', 'v1', 'serviceaccounts', 'ServiceAccount', true, ['sa']],
  ['', 'v1', 'endpoints', 'Endpoints', true, ['ep']],
  ['apps', 'v1', 'deployments', 'Deployment', true, ['deploy']],
  ['apps', 'v1', 'statefulsets', 'StatefulSet', true, ['sts']],
  ['apps', 'v1', 'replicasets', 'ReplicaSet', true, ['rs']],
  ['apps', 'v1', 'daemonsets', 'DaemonSet', true, ['ds']],
  ['batch', 'v1', 'jobs', 'Job', true, []],
  ['batch', 'v1', 'cronjobs', 'CronJob', true, ['cj']],
  ['storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false, ['sc']],
  ['apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false, ['crd', 'crds']],
];

const EXTRA: Record<string, Partial<ResourceType>> = {
  '/namespaces': { subresources: { ...STATUS, finalize: ['update'] }, fieldSelectors: ['status.phase'] },
  '/nodes': { subresources: { ...STATUS, proxy: ['get'] }, fieldSelectors: ['spec.unschedulable'] },
  '/persistentvolumes': { subresources: STATUS },
  '/pods': {
    subresources: { ...STATUS, log: ['get'], exec: ['create', 'get'], proxy: PROXY_VERBS },
    fieldSelectors: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'status.phase',
      'status.podIP',
    ],
  },
  '/services': { subresources: { ...STATUS, proxy: PROXY_VERBS } },
  '/secrets': { fieldSelectors: ['type'] },
  '/persistentvolumeclaims': { subresources: STATUS },
  '/events': {
    fieldSelectors: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.fieldPath',
      'reason',
      'type',
    ],
  },
  'apps/deployments': { subresources: { ...STATUS, scale: ['get', 'patch', 'update'] }, scale: REPLICA_SCALE },
  'apps/statefulsets': { subresources: { ...STATUS, scale: ['get', 'patch', 'update'] }, scale: REPLICA_SCALE },
  'apps/replicasets': {
    subresources: { ...STATUS, scale: ['get', 'patch', 'update'] },
    scale: REPLICA_SCALE,
    fieldSelectors: ['status.replicas'],
  },
  'apps/daemonsets': { subresources: STATUS },
  'batch/jobs': { subresources: STATUS, fieldSelectors: ['status.successful'] },
  'batch/cronjobs': { subresources: STATUS },
  'apiextensions.k8s.io/customresourcedefinitions': { subresources: STATUS },
};

function builtinTypes(): ResourceType[] {
  return ROWS.map(([group, version, plural, kind, namespaced, shortNames]) => ({
    group,
    versions: [version],
    plural,
    singular: kind.toLowerCase(),
    kind,
    namespaced,
    shortNames,
    subresources: {},
    fieldSelectors: [],
    builtin: true,
    ...EXTRA[typeKey(group, plural)],
  }));
}

/** Every served type, built-in or CRD-defined, addressable by (group, plural) or (group, kind). */
export class ResourceRegistry {
  readonly #types = new Map<string, ResourceType>();

  constructor() {
    for (const type of builtinTypes()) this.#types.set(keyOf(type), type);
  }

  all(): ResourceType[] {
    return [...this.#types.values()];
  }

  get(key: string): ResourceType | undefined {
    return this.#types.get(key);
  }

  /** The type served at /apis/{group}/{version}/{plural}, if that version is served. */
  resolve(group: string, version: string, plural: string): ResourceType | undefined {
    const type = this.#types.get(typeKey(group, plural));
    return type?.versions.includes(version) ? type : undefined;
  }

  byKind(group: string, kind: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.kind === kind);
  }

  /** Adds or replaces a CRD-defined type; built-in types cannot be shadowed. */
  register(type: ResourceType): void {
    const existing = this.#types.get(keyOf(type));
    if (existing?.builtin) return;
    this.#types.set(keyOf(type), type);
  }

  unregister(key: string): void {
    if (this.#types.get(key)?.builtin === false) this.#types.delete(key);
  }

  /** Group name → served versions (preferred first), in a stable order. */
  groups(): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const type of this.all()) {
      if (type.group === '') continue;
      const versions = groups.get(type.group) ?? [];
      for (const version of type.versions) if (!versions.includes(version)) versions.push(version);
      groups.set(type.group, versions);
    }
    return groups;
  }
}
