/**
 * The resource types a cluster serves, read from its discovery documents (`/api/v1`, `/apis`, each group's
 * preferred version), and the REST paths of their objects. Subresources (`pods/log`, `deployments/scale`) are not
 * types of their own and are left out.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { apiJson } from '../proxy.js';

export interface ResourceType {
  /** `v1`, `apps/v1`, … */
  readonly apiVersion: string;
  /** '' for the core group. */
  readonly group: string;
  /** The plural resource name, e.g. `deployments`. */
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

interface ApiResourceList {
  readonly resources?: readonly {
    readonly name: string;
    readonly kind: string;
    readonly namespaced: boolean;
    readonly verbs?: readonly string[];
  }[];
}
interface ApiGroupList {
  readonly groups?: readonly {
    readonly name: string;
    readonly preferredVersion?: { readonly groupVersion: string };
    readonly versions?: readonly { readonly groupVersion: string }[];
  }[];
}

/** A group whose discovery failed (an aggregated API that is down): its types are unknown, the rest still are. */
export interface DiscoveryGap {
  readonly groupVersion: string;
  readonly error: string;
}

export async function discoverResourceTypes(
  config: KubeConfig,
  signal: AbortSignal,
): Promise<{ types: ResourceType[]; gaps: DiscoveryGap[] }> {
  const groups = await apiJson<ApiGroupList>(config, 'GET', '/apis', { signal });
  const groupVersions = ['v1'];
  for (const group of groups.groups ?? []) {
    const preferred = group.preferredVersion?.groupVersion ?? group.versions?.[0]?.groupVersion;
    if (preferred) groupVersions.push(preferred);
  }
  const gaps: DiscoveryGap[] = [];
  const lists = await Promise.all(
    groupVersions.map((gv) =>
      typesOf(config, gv, signal).catch((error: unknown) => {
        // Like kubectl: one broken aggregated API must not hide every other type. The caller reports the gap.
        if (signal.aborted || gv === 'v1') throw error;
        gaps.push({ groupVersion: gv, error: error instanceof Error ? error.message : String(error) });
        return [];
      }),
    ),
  );
  return { types: lists.flat(), gaps };
}

/** The types of one group version (also used to see whether a new CRD is served yet). */
export async function typesOf(config: KubeConfig, groupVersion: string, signal: AbortSignal): Promise<ResourceType[]> {
  const path = groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`;
  const list = await apiJson<ApiResourceList>(config, 'GET', path, { signal });
  const group = groupVersion.includes('/') ? (groupVersion.split('/')[0] ?? '') : '';
  return (list.resources ?? [])
    .filter((r) => !r.name.includes('/'))
    .map((r) => ({
      apiVersion: groupVersion,
      group,
      resource: r.name,
      kind: r.kind,
      namespaced: r.namespaced,
      verbs: r.verbs ?? [],
    }));
}

/** The group of an `apiVersion` ('' for `v1`). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
}

/** `/api/v1/namespaces/<ns>/<resource>` or `/apis/<group>/<version>/…`; cluster-scoped types ignore `namespace`. */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const base = type.apiVersion === 'v1' ? '/api/v1' : `/apis/${type.apiVersion}`;
  const scope = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${scope}/${type.resource}`;
}

export function objectPath(type: ResourceType, name: string, namespace?: string): string {
  return `${collectionPath(type, namespace)}/${encodeURIComponent(name)}`;
}
