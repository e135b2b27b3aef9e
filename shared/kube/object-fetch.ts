/**
 * Objects read as the API returns them (unstructured JSON, Secret data still base64): the `ObjectResolver` the
 * interpreter uses for a phase's `objects:` (Secrets and ConfigMaps), and any object by Kanister's
 * `ObjectReference` (`apiVersion`, `group`, `resource`, `kind`, `name`, `namespace`) for `.Object`, Wait and
 * KubeOps. Kinds are mapped to resources through API discovery, like client-go's REST mapper.
 */
import type { KubeDataObject, ObjectResolver } from '../blueprint/functions-port.js';
import type { KubeAccess } from '../functions/ports.js';
import { type KubeApis, kubeApis, kubeCall } from './api.js';
import { KubeError } from './errors.js';

export interface ObjectRef {
  /** `v1`, `apps/v1`, or a version with `group` given separately (Kanister's Wait/KubeOps references). */
  readonly apiVersion?: string;
  readonly group?: string;
  /** The plural resource (`deployments`); found by discovery from `kind` when absent. */
  readonly resource?: string;
  readonly kind?: string;
  readonly name: string;
  readonly namespace?: string;
}

export type Unstructured = Record<string, unknown>;

/** The API versions Kanister's ActionSet kinds default to when the reference names none. */
const DEFAULT_API_VERSION: Readonly<Record<string, string>> = {
  deployment: 'apps/v1',
  statefulset: 'apps/v1',
  daemonset: 'apps/v1',
  replicaset: 'apps/v1',
  deploymentconfig: 'apps.openshift.io/v1',
  job: 'batch/v1',
  cronjob: 'batch/v1',
  volumesnapshot: 'snapshot.storage.k8s.io/v1',
};

export function kubeObjectResolver(access: KubeAccess): ObjectResolver {
  const get = async (kind: 'secrets' | 'configmaps', namespace: string, name: string, signal: AbortSignal) => {
    const apis = kubeApis(access.config, { signal });
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/${kind}/${encodeURIComponent(name)}`;
    const what = `get ${kind === 'secrets' ? 'secret' : 'configmap'} ${namespace}/${name}`;
    return (await kubeCall(what, { signal, idempotent: true }, () => apis.raw('GET', path))) as KubeDataObject;
  };
  return {
    secret: (namespace, name, signal) => get('secrets', namespace, name, signal),
    configMap: (namespace, name, signal) => get('configmaps', namespace, name, signal),
  };
}

/** `group/version` of a reference (the core group is just the version). */
export function groupVersion(ref: ObjectRef): string {
  const version = ref.apiVersion || (ref.kind ? DEFAULT_API_VERSION[ref.kind.toLowerCase()] : undefined) || 'v1';
  if (version.includes('/') || !ref.group) return version;
  return `${ref.group}/${version}`;
}

function apiRoot(gv: string): string {
  return gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
}

export interface ResourceInfo {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** The resource serving `kind` in `gv`, from the API server's discovery document. */
export async function resourceFor(apis: KubeApis, gv: string, kind: string): Promise<ResourceInfo> {
  const list = (await kubeCall(`discover resources of ${gv}`, { signal: apis.signal, idempotent: true }, () =>
    apis.raw('GET', apiRoot(gv)),
  )) as { resources?: ResourceInfo[] };
  const found = (list.resources ?? []).find((r) => r.kind === kind && !r.name.includes('/'));
  if (!found) throw new KubeError(`the API server serves no kind ${kind} in ${gv}`);
  return found;
}

/** The API path of a referenced object. */
export async function objectPath(apis: KubeApis, ref: ObjectRef): Promise<string> {
  const gv = groupVersion(ref);
  let resource = ref.resource;
  if (!resource) {
    if (!ref.kind) throw new KubeError(`object reference ${ref.name} names neither a resource nor a kind`);
    resource = (await resourceFor(apis, gv, ref.kind)).name;
  }
  const scope = ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
  return `${apiRoot(gv)}${scope}/${resource}/${encodeURIComponent(ref.name)}`;
}

export function describeRef(ref: ObjectRef): string {
  const what = ref.resource ?? ref.kind ?? 'object';
  return `${what} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** Reads any object as unstructured JSON (for `.Object` and Wait conditions). */
export async function fetchObject(apis: KubeApis, ref: ObjectRef): Promise<Unstructured> {
  const path = await objectPath(apis, ref);
  return (await kubeCall(`get ${describeRef(ref)}`, { signal: apis.signal, idempotent: true }, () =>
    apis.raw('GET', path),
  )) as Unstructured;
}
