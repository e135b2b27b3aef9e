/**
 * Applies manifests written by CaptureManifests: into the same or another namespace (only `metadata.namespace` and
 * the Namespace's own name change), in dependency order, create-or-replace. One object failing does not stop the
 * others; the failures are reported together at the end, as `kubectl apply -f` does.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import type { Logger, RunContext } from '../../blueprint/run-context.js';
import { ApiRequestError, apiJson, isAlreadyExists, isNotFound } from '../proxy.js';
import type { Manifest } from './clean.js';
import { collectionPath, discoverResourceTypes, groupOf, objectPath, type ResourceType, typesOf } from './discovery.js';

/** A manifests object that is not a list of Kubernetes objects. */
export class ManifestsFormatError extends Error {
  override readonly name = 'ManifestsFormatError';
}

/** Some objects could not be applied; the others were. */
export class ApplyManifestsError extends Error {
  override readonly name = 'ApplyManifestsError';
  constructor(
    readonly failures: readonly string[],
    readonly applied: number,
  ) {
    super(`${failures.length} object(s) could not be applied (${applied} were):\n  ${failures.join('\n  ')}`);
  }
}

/**
 * `<group>/<kind>` in the order they are applied: what others refer to comes first (the namespace, CRDs before
 * their instances, quotas and limit ranges before the pods they govern, identities, then secrets, config and
 * storage the workloads mount, services), then workloads; every other kind follows, in captured order.
 */
export const APPLY_ORDER: readonly string[] = [
  '/Namespace',
  'apiextensions.k8s.io/CustomResourceDefinition',
  '/ResourceQuota',
  '/LimitRange',
  '/ServiceAccount',
  'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/RoleBinding',
  '/Secret',
  '/ConfigMap',
  '/PersistentVolumeClaim',
  '/Service',
  'apps/Deployment',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'apps/ReplicaSet',
  '/ReplicationController',
  'batch/Job',
  'batch/CronJob',
  '/Pod',
];

/** Kinds whose spec cannot change after creation: an existing object is left as it is rather than replaced. */
const KEEP_EXISTING = new Set(['/PersistentVolumeClaim', '/Pod', 'batch/Job']);

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const NAMESPACE_GONE_TIMEOUT_SECONDS = 10 * 60;
const CRD_SERVED_TIMEOUT_SECONDS = 5 * 60;

export function parseManifests(text: string, source: string): Manifest[] {
  return parseAllDocuments(text, { version: '1.1' }).flatMap((doc, index) => {
    if (doc.errors.length > 0)
      throw new ManifestsFormatError(`${source}: document ${index + 1}: ${doc.errors[0]?.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return [];
    const m = value as Partial<Manifest>;
    if (typeof m.apiVersion !== 'string' || typeof m.kind !== 'string' || typeof m.metadata?.name !== 'string') {
      throw new ManifestsFormatError(
        `${source}: document ${index + 1} is not a Kubernetes object (apiVersion, kind, metadata.name)`,
      );
    }
    return [m as Manifest];
  });
}

const keyOf = (m: Manifest) => `${groupOf(m.apiVersion)}/${m.kind}`;

/** Sorted copies, moved to `target`: `metadata.namespace` of namespaced objects and the Namespace's name. */
export function planApply(manifests: readonly Manifest[], source: string, target: string): Manifest[] {
  const rank = (m: Manifest) => {
    const at = APPLY_ORDER.indexOf(keyOf(m));
    return at === -1 ? APPLY_ORDER.length : at;
  };
  return manifests
    .map((m, index) => ({ m: retarget(m, source, target), index }))
    .sort((a, b) => rank(a.m) - rank(b.m) || a.index - b.index)
    .map(({ m }) => m);
}

function retarget(manifest: Manifest, source: string, target: string): Manifest {
  const copy = structuredClone(manifest);
  if (keyOf(copy) === '/Namespace') {
    if (copy.metadata.name === source) copy.metadata.name = target;
  } else if (copy.metadata.namespace !== undefined) {
    copy.metadata.namespace = target;
  }
  return copy;
}

export interface ApplyOptions {
  readonly targetNamespace: string;
  readonly signal: AbortSignal;
  readonly run: RunContext;
  readonly log: Logger;
}

/** Applies `planned` (from `planApply`); returns how many objects are now in place. */
export async function applyPlanned(config: KubeConfig, planned: readonly Manifest[], options: ApplyOptions) {
  const { signal } = options;
  const namespaceDoc = planned.find((m) => keyOf(m) === '/Namespace' && m.metadata.name === options.targetNamespace);
  await ensureNamespace(config, namespaceDoc ?? bareNamespace(options.targetNamespace), options);
  let applied = namespaceDoc ? 1 : 0;
  const failures: string[] = [];
  const crds = planned.filter((m) => keyOf(m) === 'apiextensions.k8s.io/CustomResourceDefinition');
  for (const crd of crds) {
    await installCrd(config, crd, options);
    applied++;
  }
  const types = index((await discoverResourceTypes(config, signal)).types);
  for (const manifest of planned) {
    if (manifest === namespaceDoc || crds.includes(manifest)) continue;
    const what = `${manifest.kind} ${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`;
    try {
      const type = types.get(`${manifest.apiVersion}/${manifest.kind}`);
      if (!type)
        throw new Error(`this cluster serves no ${manifest.apiVersion} ${manifest.kind} (is its CRD installed?)`);
      const outcome = await createOrReplace(config, type, manifest, signal);
      options.log.info(`manifest ${outcome}`, { kind: manifest.kind, name: manifest.metadata.name });
      applied++;
    } catch (error) {
      if (signal.aborted) throw error;
      failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length > 0) throw new ApplyManifestsError(failures, applied);
  return applied;
}

const bareNamespace = (name: string): Manifest => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

/** Creates the namespace, first waiting out the deletion of a namespace of that name still terminating. */
async function ensureNamespace(config: KubeConfig, manifest: Manifest, options: ApplyOptions): Promise<void> {
  const { signal } = options;
  const path = `/api/v1/namespaces/${encodeURIComponent(manifest.metadata.name)}`;
  const phase = async () => {
    signal.throwIfAborted();
    try {
      return (
        (await apiJson<{ status?: { phase?: string } }>(config, 'GET', path, { signal })).status?.phase ?? 'Active'
      );
    } catch (error) {
      if (isNotFound(error)) return 'Gone';
      // A role scoped to the namespace may not read the Namespace object itself: then it exists, or the
      // creation below says why not.
      if (isForbidden(error)) return 'Unknown';
      throw error;
    }
  };
  if ((await phase()) === 'Terminating') {
    options.log.info('waiting for the namespace being deleted to go', { namespace: manifest.metadata.name });
    const key = { kind: 'Namespace', id: manifest.metadata.name };
    await options.run.waitFor(key, {
      timeoutSeconds: NAMESPACE_GONE_TIMEOUT_SECONDS,
      poll: async () => (await phase()) === 'Gone',
      signal,
    });
  }
  if ((await createIfAbsent(config, '/api/v1/namespaces', manifest, signal)) === 'forbidden') {
    options.log.warn('not allowed to create the namespace; applying into it as it is', {
      namespace: manifest.metadata.name,
    });
  }
}

/**
 * Creates a cluster-scoped object unless it exists: an existing one (another app's CRD, the namespace) is left
 * alone, since replacing it could downgrade what others rely on. 'forbidden' when this identity may not create
 * it (a namespace-scoped role): the caller decides whether what exists is enough.
 */
async function createIfAbsent(config: KubeConfig, collection: string, manifest: Manifest, signal: AbortSignal) {
  try {
    await apiJson(config, 'POST', collection, { body: manifest, signal });
    return 'created';
  } catch (error) {
    if (isAlreadyExists(error)) return 'exists';
    if (isForbidden(error)) return 'forbidden';
    throw error;
  }
}

const isForbidden = (error: unknown) => error instanceof ApiRequestError && error.code === 403;

/** Installs a CRD (or finds it installed) and waits until its resource is served. */
async function installCrd(config: KubeConfig, crd: Manifest, options: ApplyOptions): Promise<void> {
  const created = await createIfAbsent(config, CRDS, crd, options.signal);
  if (created === 'forbidden' && !(await isServed(config, crd, options.signal))) {
    throw new Error(
      `CustomResourceDefinition ${crd.metadata.name} is not installed and this identity may not install it`,
    );
  }
  await waitUntilServed(config, crd, options);
}

/** Waits until discovery serves the CRD's resource, so its instances can be created. */
async function waitUntilServed(config: KubeConfig, crd: Manifest, options: ApplyOptions): Promise<void> {
  const key = { kind: 'CustomResourceDefinition', id: crd.metadata.name };
  const poll = () => {
    options.signal.throwIfAborted();
    return isServed(config, crd, options.signal);
  };
  await options.run.waitFor(key, { timeoutSeconds: CRD_SERVED_TIMEOUT_SECONDS, poll, signal: options.signal });
}

async function isServed(config: KubeConfig, crd: Manifest, signal: AbortSignal): Promise<boolean> {
  const spec = (crd.spec ?? {}) as {
    group?: string;
    names?: { plural?: string };
    versions?: { name?: string; served?: boolean }[];
  };
  const version = spec.versions?.find((v) => v.served !== false)?.name;
  if (!spec.group || !version || !spec.names?.plural) return true;
  const types = await typesOf(config, `${spec.group}/${version}`, signal).catch((error: unknown) => {
    if (error instanceof ApiRequestError && (error.code === 404 || error.code === 503)) return [];
    throw error;
  });
  return types.some((t) => t.resource === spec.names?.plural);
}

function index(types: readonly ResourceType[]): Map<string, ResourceType> {
  return new Map(types.map((t) => [`${t.apiVersion}/${t.kind}`, t]));
}

/** Optimistic-lock conflicts (a controller updated the object between read and write) are retried this often. */
const CONFLICT_ATTEMPTS = 3;

async function createOrReplace(
  config: KubeConfig,
  type: ResourceType,
  manifest: Manifest,
  signal: AbortSignal,
): Promise<'created' | 'replaced' | 'left as it was'> {
  const namespace = type.namespaced ? manifest.metadata.namespace : undefined;
  try {
    await apiJson(config, 'POST', collectionPath(type, namespace), { body: manifest, signal });
    return 'created';
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  if (!type.namespaced || KEEP_EXISTING.has(keyOf(manifest))) return 'left as it was';
  const path = objectPath(type, manifest.metadata.name, namespace);
  for (let attempt = 1; ; attempt++) {
    const current = await apiJson<Manifest>(config, 'GET', path, { signal });
    const next = withAllocated(manifest, current);
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    try {
      await apiJson(config, 'PUT', path, { body: next, signal });
      return 'replaced';
    } catch (error) {
      const conflict = error instanceof ApiRequestError && error.code === 409 && error.reason === 'Conflict';
      if (!conflict || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}

/**
 * The manifest with the values the cluster allocated to the existing object where the manifest has none (the
 * cleaning removed them): a Service's cluster IPs and node ports cannot change on update.
 */
function withAllocated(manifest: Manifest, current: Manifest): Manifest {
  const next = structuredClone(manifest);
  if (keyOf(next) !== '/Service') return next;
  type Port = { name?: string; port?: number; protocol?: string; nodePort?: number };
  type ServiceSpec = { clusterIP?: string; clusterIPs?: string[]; healthCheckNodePort?: number; ports?: Port[] };
  const spec = (next.spec ?? {}) as ServiceSpec;
  const old = (current.spec ?? {}) as ServiceSpec;
  spec.clusterIP ??= old.clusterIP;
  spec.clusterIPs ??= old.clusterIPs;
  spec.healthCheckNodePort ??= old.healthCheckNodePort;
  for (const port of spec.ports ?? []) {
    const same = old.ports?.find((p) => p.port === port.port && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'));
    port.nodePort ??= same?.nodePort;
  }
  next.spec = spec;
  return next;
}
