/**
 * The PVCs a policy's CSI capture snapshots: those mounted by the workload's running pods, narrowed by the policy's
 * PVC label selector when it has one.
 */
import type { KubeAccess } from '../functions/ports.js';
import { kubeApis } from '../kube/api.js';
import { runningPods, type WorkloadKind } from '../kube/pods.js';
import type { LabelSelector } from '../policy/schema.js';
import { matchesLabelSelector } from '../policy/selectors.js';

const WORKLOADS: Readonly<Record<string, WorkloadKind>> = {
  Deployment: 'Deployment',
  StatefulSet: 'StatefulSet',
  DeploymentConfig: 'DeploymentConfig',
};

export async function workloadPvcs(
  kube: KubeAccess,
  subject: { kind: string; namespace: string; name: string },
  selector: LabelSelector | undefined,
  signal: AbortSignal,
): Promise<string[]> {
  const apis = kubeApis(kube.config, { signal });
  const kind = WORKLOADS[subject.kind];
  const ns = subject.namespace;
  const mounted = new Set<string>();
  if (kind) {
    for (const pod of await runningPods(apis, kind, ns, subject.name))
      for (const pvc of Object.keys(pod.pvcs)) mounted.add(pvc);
  }
  const list = (await apis.raw('GET', `/api/v1/namespaces/${encodeURIComponent(ns)}/persistentvolumeclaims`)) as {
    items?: { metadata?: { name?: string; labels?: Record<string, string> } }[];
  };
  return (list.items ?? [])
    .filter((p) => (kind ? mounted.has(p.metadata?.name ?? '') : true))
    .filter((p) => !selector || matchesLabelSelector(selector, p.metadata?.labels ?? {}))
    .map((p) => p.metadata?.name ?? '')
    .filter((n) => n !== '')
    .sort();
}
