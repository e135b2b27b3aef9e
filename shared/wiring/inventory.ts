/**
 * What a policy may select in a cluster, listed through the API for the trigger: namespaces with their labels,
 * Deployments and StatefulSets with their annotations (in the policy's namespaces when it names them), and the
 * ConfigMaps it reads RDS ids from. Selection itself is pure (shared/policy/selectors.ts).
 */
import type { KubeAccess } from '../functions/ports.js';
import { kubeApis } from '../kube/api.js';
import type { ClusterInventory, ListedWorkload } from '../policy/selectors.js';
import type { InventorySource } from '../runtime/trigger.js';

interface Meta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
type List = { items?: { metadata?: Meta; data?: Record<string, string> }[] };

export function kubeInventory(access: (cluster: string) => Promise<KubeAccess>, signal: AbortSignal): InventorySource {
  return {
    async list(policy, cluster, configMaps): Promise<ClusterInventory> {
      const apis = kubeApis((await access(cluster)).config, { signal });
      const get = async (path: string) => (await apis.raw('GET', path)) as List;
      const namespaces = ((await get('/api/v1/namespaces')).items ?? []).map((n) => ({
        name: n.metadata?.name ?? '',
        labels: n.metadata?.labels ?? {},
      }));
      // Names alone bound the listing; a label selector can match any namespace.
      const sel = policy.spec.subjects.namespaces;
      const named = sel?.selector ? undefined : sel?.names;
      const scope = named && named.length > 0 ? named : namespaces.map((n) => n.name);
      const workloads: ListedWorkload[] = [];
      for (const ns of scope) {
        for (const [kind, resource] of [
          ['Deployment', 'deployments'],
          ['StatefulSet', 'statefulsets'],
        ] as const) {
          const items = (await get(`/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/${resource}`)).items ?? [];
          for (const w of items) {
            workloads.push({
              kind,
              name: w.metadata?.name ?? '',
              namespace: ns,
              annotations: w.metadata?.annotations ?? {},
            });
          }
        }
      }
      const cms = [];
      for (const cm of configMaps) {
        const path = `/api/v1/namespaces/${encodeURIComponent(cm.namespace)}/configmaps/${encodeURIComponent(cm.name)}`;
        const found = (await apis.raw('GET', path).catch(() => undefined)) as
          | { data?: Record<string, string> }
          | undefined;
        if (found) cms.push({ namespace: cm.namespace, name: cm.name, data: found.data ?? {} });
      }
      return { cluster, namespaces, workloads, configMaps: cms };
    },
  };
}
