/**
 * Scaling a Deployment, StatefulSet or DeploymentConfig as Kanister's ScaleWorkload does (`pkg/kube/workload.go`):
 * read the current replica count, write the new one, then optionally wait until the workload is ready by
 * Kanister's rules (all replicas ready/available, observed generation current, exactly that many Running pods
 * of the current controller, none other). Holdfast adds: the write is retried on a 409 conflict (read again,
 * write again), and the wait is bounded.
 */
import type { V1Deployment, V1StatefulSet } from '@kubernetes/client-node';
import { type KubeApis, kubeCall, sleep } from './api.js';
import { KubeApiError, ScaleError } from './errors.js';
import { type WorkloadKind, workloadPods } from './pods.js';

export interface ScaleRequest {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly waitForReady: boolean;
  /** Bound on the readiness wait. Default 15 min. */
  readonly readyTimeoutMs?: number;
}

const READY_TIMEOUT_MS = 15 * 60_000;
const CONFLICT_ATTEMPTS = 5;

/** Scales and returns the replica count the workload had before. */
export async function scaleWorkload(apis: KubeApis, req: ScaleRequest): Promise<number> {
  const original = await setReplicas(apis, req);
  if (req.waitForReady) await waitReady(apis, req);
  return original;
}

type Workload = { metadata?: { resourceVersion?: string }; spec?: { replicas?: number } };

function workloadPath(req: ScaleRequest): string {
  const ns = encodeURIComponent(req.namespace);
  const name = encodeURIComponent(req.name);
  if (req.kind === 'Deployment') return `/apis/apps/v1/namespaces/${ns}/deployments/${name}`;
  if (req.kind === 'StatefulSet') return `/apis/apps/v1/namespaces/${ns}/statefulsets/${name}`;
  return `/apis/apps.openshift.io/v1/namespaces/${ns}/deploymentconfigs/${name}`;
}

/** Read-modify-write guarded by resourceVersion, so a conflicting writer is never overwritten. */
async function setReplicas(apis: KubeApis, req: ScaleRequest): Promise<number> {
  const what = `${req.kind} ${req.namespace}/${req.name}`;
  const path = workloadPath(req);
  const policy = { signal: apis.signal, idempotent: true };
  for (let attempt = 1; ; attempt++) {
    const current = (await kubeCall(`get ${what}`, policy, () => apis.raw('GET', path))) as Workload;
    // A DeploymentConfig without replicas has 0; apps/v1 workloads default to 1.
    const original = current.spec?.replicas ?? (req.kind === 'DeploymentConfig' ? 0 : 1);
    const updated = { ...current, spec: { ...current.spec, replicas: req.replicas } };
    try {
      await kubeCall(`update ${what}`, policy, () => apis.raw('PUT', path, { body: updated }));
      return original;
    } catch (error) {
      const conflict = error instanceof KubeApiError && error.status === 409;
      if (!conflict || attempt >= CONFLICT_ATTEMPTS) throw error;
      await sleep(100 * attempt, apis.signal);
    }
  }
}

async function waitReady(apis: KubeApis, req: ScaleRequest): Promise<void> {
  const timeoutMs = req.readyTimeoutMs ?? READY_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let status = 'not checked yet';
  for (let interval = 250; ; interval = Math.min(interval * 2, 2000)) {
    try {
      status = await readiness(apis, req);
    } catch (error) {
      // A workload that is briefly missing is waited for, as Kanister does; other errors end the wait.
      if (!(error instanceof KubeApiError && error.notFound)) throw error;
      status = 'not found';
    }
    if (status === '') return;
    if (Date.now() >= deadline) {
      throw new ScaleError(
        `${req.kind} ${req.namespace}/${req.name} was not ready within ${Math.round(timeoutMs / 1000)}s: ${status}`,
      );
    }
    await sleep(interval, apis.signal);
  }
}

/** Kanister's readiness checks; returns '' when ready, otherwise why not (its wording). */
async function readiness(apis: KubeApis, req: ScaleRequest): Promise<string> {
  const workload = (await kubeCall(
    `get ${req.kind} ${req.namespace}/${req.name}`,
    {
      signal: apis.signal,
      idempotent: true,
    },
    () => apis.raw('GET', workloadPath(req)),
  )) as V1Deployment;
  const want = workload.spec?.replicas ?? 1;
  if (req.kind === 'StatefulSet') {
    const ready = (workload as V1StatefulSet).status?.readyReplicas ?? 0;
    if (ready !== want) return `Specified ${want} replicas and only ${ready} are ready`;
  } else {
    const d = workload.status as V1Deployment['status'];
    if ((d?.replicas ?? 0) !== want) return `Specified ${want} replicas and only have ${d?.replicas ?? 0}`;
    if ((d?.updatedReplicas ?? 0) !== want) {
      return `Specified ${want} replicas and only have ${d?.updatedReplicas ?? 0} updated replicas`;
    }
    if ((d?.availableReplicas ?? 0) !== want) {
      return `Specified ${want} replicas and only have ${d?.availableReplicas ?? 0} available replicas`;
    }
    const generation = workload.metadata?.generation ?? 0;
    if ((d?.observedGeneration ?? 0) < generation) {
      return `Need generation of at least ${generation} and observed ${d?.observedGeneration ?? 0}`;
    }
  }
  const pods = await workloadPods(apis, req.kind, req.namespace, req.name);
  if (pods.running.length !== want) return `Specified ${want} replicas and only ${pods.running.length} are running`;
  if (req.kind !== 'StatefulSet' && pods.notRunning.length > 0) {
    return `${pods.running.length} out of ${pods.running.length + pods.notRunning.length} pods are running`;
  }
  return '';
}
