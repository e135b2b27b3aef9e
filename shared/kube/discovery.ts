/**
 * Workloads bound to a blueprint the way Kasten binds them: the annotation `kanister.kasten.io/blueprint: <name>`
 * on a Deployment or StatefulSet, looked up in the given namespaces (all namespaces when none are given).
 */
import type { V1ObjectMeta } from '@kubernetes/client-node';
import type { KubeAccess } from '../functions/ports.js';
import { type KubeApis, kubeApis, kubeCall } from './api.js';
import type { WorkloadKind } from './pods.js';

export const BLUEPRINT_ANNOTATION = 'kanister.kasten.io/blueprint';

export interface AnnotatedWorkload {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  readonly blueprint: string;
}

export async function annotatedWorkloads(
  access: KubeAccess,
  namespaces: readonly string[],
  signal: AbortSignal,
): Promise<AnnotatedWorkload[]> {
  const apis = kubeApis(access.config, { signal });
  const scopes = namespaces.length > 0 ? [...new Set(namespaces)] : [undefined];
  const found: AnnotatedWorkload[] = [];
  for (const namespace of scopes) {
    const [deployments, statefulSets] = await Promise.all([
      listMeta(apis, 'deployments', namespace),
      listMeta(apis, 'statefulsets', namespace),
    ]);
    found.push(...bound('Deployment', deployments), ...bound('StatefulSet', statefulSets));
  }
  return found.sort((a, b) => `${a.namespace}/${a.kind}/${a.name}`.localeCompare(`${b.namespace}/${b.kind}/${b.name}`));
}

async function listMeta(apis: KubeApis, resource: 'deployments' | 'statefulsets', namespace: string | undefined) {
  const policy = { signal: apis.signal, idempotent: true };
  const where = namespace ? `in ${namespace}` : 'in all namespaces';
  const list = await kubeCall(`list ${resource} ${where}`, policy, () => {
    if (resource === 'deployments') {
      return namespace
        ? apis.apps.listNamespacedDeployment({ namespace })
        : apis.apps.listDeploymentForAllNamespaces({});
    }
    return namespace
      ? apis.apps.listNamespacedStatefulSet({ namespace })
      : apis.apps.listStatefulSetForAllNamespaces({});
  });
  return list.items.map((item) => item.metadata);
}

function bound(kind: WorkloadKind, metas: (V1ObjectMeta | undefined)[]): AnnotatedWorkload[] {
  return metas.flatMap((meta) => {
    const blueprint = meta?.annotations?.[BLUEPRINT_ANNOTATION];
    return blueprint && meta?.name
      ? [{ kind, namespace: meta.namespace ?? '', name: meta.name, blueprint: blueprint.trim() }]
      : [];
  });
}
