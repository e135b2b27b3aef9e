/**
 * KubeOps' two operations (Kanister `pkg/kube/kubectl.go`): create every object of a YAML spec (kubectl's
 * builder: the object's own namespace wins over the given one) and report the last as an ObjectReference with
 * the resource found by discovery; delete an object by group/version/resource and wait until it is gone.
 */
import { parseAllDocuments } from 'yaml';
import { type KubeApis, kubeCall, sleep } from './api.js';
import { KubeApiError, KubeError } from './errors.js';
import { groupVersion, type ObjectRef, resourceFor } from './object-fetch.js';

/** Kanister's `crv1alpha1.ObjectReference` as KubeOps outputs it (json: namespace omitted when empty). */
export type ObjectReferenceOutput = Record<string, string>;

type Manifest = { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };

export async function createFromSpec(apis: KubeApis, spec: string, namespace: string): Promise<ObjectReferenceOutput> {
  const docs = parseAllDocuments(spec);
  const objects = docs.map((doc) => doc.toJS() as Manifest | null).filter((o): o is Manifest => o !== null);
  if (objects.length === 0) throw new KubeError('spec holds no object to create');
  let created: ObjectReferenceOutput | undefined;
  for (const object of objects) created = await createOne(apis, object, namespace);
  return created as ObjectReferenceOutput;
}

async function createOne(apis: KubeApis, object: Manifest, namespace: string): Promise<ObjectReferenceOutput> {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const kind = typeof object.kind === 'string' ? object.kind : '';
  if (!apiVersion || !kind) throw new KubeError('every object in spec needs apiVersion and kind');
  const resource = await resourceFor(apis, apiVersion, kind);
  const ns =
    typeof object.metadata?.namespace === 'string' && object.metadata.namespace ? object.metadata.namespace : namespace;
  const root = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const path = `${root}${resource.namespaced ? `/namespaces/${encodeURIComponent(ns)}` : ''}/${resource.name}`;
  const body = resource.namespaced ? { ...object, metadata: { ...object.metadata, namespace: ns } } : object;
  const created = (await kubeCall(`create ${kind} in ${ns}`, { signal: apis.signal, idempotent: false }, () =>
    apis.raw('POST', path, { body, query: { fieldManager: 'kanister-create' } }),
  )) as Manifest;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const createdNs = typeof created.metadata?.namespace === 'string' ? created.metadata.namespace : '';
  return {
    apiVersion: version ?? '',
    group: group ?? '',
    resource: resource.name,
    kind: '',
    name: String(created.metadata?.name ?? ''),
    ...(createdNs ? { namespace: createdNs } : {}),
  };
}

/** Deletes by reference in `ref.namespace`, else `namespace`, and waits until the object is gone. */
export async function deleteByReference(apis: KubeApis, ref: ObjectRef, namespace: string): Promise<void> {
  const ns = ref.namespace || namespace || 'default';
  const gv = groupVersion({ apiVersion: ref.apiVersion, group: ref.group, name: ref.name });
  const root = gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
  const path = `${root}/namespaces/${encodeURIComponent(ns)}/${ref.resource}/${encodeURIComponent(ref.name)}`;
  const what = `${ref.resource} ${ns}/${ref.name}`;
  const policy = { signal: apis.signal, idempotent: true };
  await kubeCall(`delete ${what}`, policy, () => apis.raw('DELETE', path));
  for (let interval = 200; ; interval = Math.min(interval * 2, 2000)) {
    try {
      await kubeCall(`get ${what}`, policy, () => apis.raw('GET', path));
    } catch (error) {
      if (error instanceof KubeApiError && error.notFound) return;
      throw error;
    }
    await sleep(interval, apis.signal);
  }
}
