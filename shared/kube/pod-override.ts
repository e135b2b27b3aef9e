/**
 * `podOverride` merging as Kanister does it (`kube.CreateAndMergeJSONPatch` / `patchDefaultPodSpecs`): a Kubernetes
 * strategic merge patch of the pod spec. Maps merge recursively (null deletes a key); lists that Kubernetes merges
 * by key (containers by name, env by name, ports by containerPort, volumeMounts by mountPath, volumes by name, …)
 * merge item by item, keeping the original order and appending new items; every other list is replaced.
 * Not supported: `$patch`, `$retainKeys` and `$setElementOrder` directives (a `$`-key is refused).
 */
import { KubeError } from './errors.js';

interface ListRule {
  readonly key: string;
  readonly item?: Fields;
}
type Fields = Readonly<Record<string, ListRule>>;

const CONTAINER: Fields = {
  env: { key: 'name' },
  ports: { key: 'containerPort' },
  volumeMounts: { key: 'mountPath' },
  volumeDevices: { key: 'devicePath' },
  resizePolicy: { key: 'resourceName' },
};

/** `patchMergeKey`s of core/v1 PodSpec (k8s.io/api/core/v1/types.go). */
const POD_SPEC: Fields = {
  containers: { key: 'name', item: CONTAINER },
  initContainers: { key: 'name', item: CONTAINER },
  ephemeralContainers: { key: 'name', item: CONTAINER },
  volumes: { key: 'name' },
  imagePullSecrets: { key: 'name' },
  hostAliases: { key: 'ip' },
  resourceClaims: { key: 'name' },
  topologySpreadConstraints: { key: 'topologyKey' },
};

type Json = Record<string, unknown>;

const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Applies `patch` to a pod spec (both JSON). */
export function mergePodSpec(spec: Json, patch: Json | undefined): Json {
  return patch ? mergeMap(spec, patch, POD_SPEC) : spec;
}

/** Merges two overrides (the ActionSet's, then the blueprint's), as Kanister's `GetPodSpecOverride`. */
export function mergeOverrides(first: Json | undefined, second: Json | undefined): Json | undefined {
  if (!first) return second;
  if (!second) return first;
  return mergeMap(first, second, POD_SPEC);
}

function mergeMap(original: Json, patch: Json, fields: Fields): Json {
  const out: Json = { ...original };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) throw new KubeError(`podOverride: the strategic merge directive ${key} is not supported`);
    const current = out[key];
    const rule = fields[key];
    if (value === null) delete out[key];
    else if (rule && Array.isArray(value) && Array.isArray(current)) out[key] = mergeList(current, value, rule);
    else if (isMap(value) && isMap(current)) out[key] = mergeMap(current, value, {});
    else out[key] = value;
  }
  return out;
}

function mergeList(original: unknown[], patch: unknown[], rule: ListRule): unknown[] {
  const out = [...original];
  for (const item of patch) {
    const index = isMap(item) ? out.findIndex((o) => isMap(o) && o[rule.key] === item[rule.key]) : -1;
    if (index >= 0) out[index] = mergeMap(out[index] as Json, item as Json, rule.item ?? {});
    else out.push(item);
  }
  return out;
}
