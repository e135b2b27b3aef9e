/**
 * The pods of a workload as Kanister fills `.Deployment` / `.StatefulSet` / `.DeploymentConfig` (`pkg/param`,
 * `pkg/kube/workload.go`): only Running pods directly owned by the workload's current controller (a StatefulSet
 * itself; for a Deployment its ReplicaSet of the current revision; for a DeploymentConfig its latest
 * ReplicationController), each with its container names in status order and its PVCs mapped to mount paths.
 */
import type { V1ObjectMeta, V1Pod, V1PodSpec } from '@kubernetes/client-node';
import type { RunningPod } from '../blueprint/object-params.js';
import { type KubeApis, kubeCall } from './api.js';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DeploymentConfig';

const REVISION = 'deployment.kubernetes.io/revision';
const DC_VERSION = 'openshift.io/deployment-config.latest-version';

export interface WorkloadPods {
  readonly running: V1Pod[];
  readonly notRunning: V1Pod[];
  /** Volume name → PVC name, for mount paths. */
  readonly volumeClaims: (pod: V1Pod) => Record<string, string>;
}

/** Running pods of a workload as template parameters expect them. */
export async function runningPods(
  apis: KubeApis,
  kind: WorkloadKind,
  namespace: string,
  name: string,
): Promise<RunningPod[]> {
  const pods = await workloadPods(apis, kind, namespace, name);
  return pods.running.map((pod) => toRunningPod(pod, pods.volumeClaims(pod)));
}

export function toRunningPod(pod: V1Pod, volumeClaims: Record<string, string>): RunningPod {
  const pvcs: Record<string, string> = {};
  for (const container of pod.spec?.containers ?? []) {
    for (const mount of container.volumeMounts ?? []) {
      const claim = volumeClaims[mount.name];
      if (claim) pvcs[claim] = mount.mountPath;
    }
  }
  return {
    name: pod.metadata?.name ?? '',
    containers: (pod.status?.containerStatuses ?? []).map((c) => c.name),
    pvcs,
  };
}

export async function workloadPods(
  apis: KubeApis,
  kind: WorkloadKind,
  namespace: string,
  name: string,
): Promise<WorkloadPods> {
  const policy = { signal: apis.signal, idempotent: true };
  if (kind === 'StatefulSet') {
    const sts = await kubeCall(`get statefulset ${namespace}/${name}`, policy, () =>
      apis.apps.readNamespacedStatefulSet({ namespace, name }),
    );
    const templateClaims = (pod: V1Pod) =>
      Object.fromEntries(
        (sts.spec?.volumeClaimTemplates ?? []).map((t) => [
          t.metadata?.name,
          `${t.metadata?.name}-${pod.metadata?.name}`,
        ]),
      );
    const split = await ownedPods(apis, namespace, sts.metadata?.uid, sts.spec?.selector?.matchLabels);
    return { ...split, volumeClaims: (pod) => ({ ...templateClaims(pod), ...claimVolumes(sts.spec?.template.spec) }) };
  }
  if (kind === 'Deployment') {
    const deployment = await kubeCall(`get deployment ${namespace}/${name}`, policy, () =>
      apis.apps.readNamespacedDeployment({ namespace, name }),
    );
    const replicaSets = await kubeCall(`list replicasets in ${namespace}`, policy, () =>
      apis.apps.listNamespacedReplicaSet({ namespace }),
    );
    const revision = deployment.metadata?.annotations?.[REVISION];
    const current = replicaSets.items.find(
      (rs) => soleOwner(rs.metadata) === deployment.metadata?.uid && rs.metadata?.annotations?.[REVISION] === revision,
    );
    const split = current
      ? await ownedPods(apis, namespace, current.metadata?.uid, deployment.spec?.selector?.matchLabels)
      : { running: [], notRunning: [] };
    return { ...split, volumeClaims: () => claimVolumes(deployment.spec?.template.spec) };
  }
  return deploymentConfigPods(apis, namespace, name);
}

async function deploymentConfigPods(apis: KubeApis, namespace: string, name: string): Promise<WorkloadPods> {
  const policy = { signal: apis.signal, idempotent: true };
  const path = `/apis/apps.openshift.io/v1/namespaces/${namespace}/deploymentconfigs/${name}`;
  const dc = (await kubeCall(`get deploymentconfig ${namespace}/${name}`, policy, () => apis.raw('GET', path))) as {
    metadata?: V1ObjectMeta;
    spec?: { template?: { spec?: V1PodSpec } };
    status?: { latestVersion?: number };
  };
  const controllers = await kubeCall(`list replicationcontrollers in ${namespace}`, policy, () =>
    apis.core.listNamespacedReplicationController({ namespace }),
  );
  const version = String(dc.status?.latestVersion ?? 0);
  const current = controllers.items.find(
    (rc) => soleOwner(rc.metadata) === dc.metadata?.uid && rc.metadata?.annotations?.[DC_VERSION] === version,
  );
  const split = current ? await ownedPods(apis, namespace, current.metadata?.uid) : { running: [], notRunning: [] };
  return { ...split, volumeClaims: () => claimVolumes(dc.spec?.template?.spec) };
}

/** The uid of an object's owner when it has exactly one (Kanister ignores objects with several). */
function soleOwner(meta: V1ObjectMeta | undefined): string | undefined {
  const owners = meta?.ownerReferences ?? [];
  return owners.length === 1 ? owners[0]?.uid : undefined;
}

async function ownedPods(
  apis: KubeApis,
  namespace: string,
  ownerUid: string | undefined,
  matchLabels?: Record<string, string>,
): Promise<{ running: V1Pod[]; notRunning: V1Pod[] }> {
  // The selector only narrows the listing; ownership decides, as in Kanister.
  const labelSelector = Object.entries(matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const pods = await kubeCall(`list pods in ${namespace}`, { signal: apis.signal, idempotent: true }, () =>
    apis.core.listNamespacedPod({ namespace, ...(labelSelector ? { labelSelector } : {}) }),
  );
  const owned = pods.items.filter((pod) => ownerUid !== undefined && soleOwner(pod.metadata) === ownerUid);
  return {
    running: owned.filter((pod) => pod.status?.phase === 'Running'),
    notRunning: owned.filter((pod) => pod.status?.phase !== 'Running'),
  };
}

function claimVolumes(spec: V1PodSpec | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const volume of spec?.volumes ?? []) {
    if (volume.persistentVolumeClaim) out[volume.name] = volume.persistentVolumeClaim.claimName;
  }
  return out;
}
