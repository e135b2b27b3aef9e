/**
 * Template parameters for a run's subject read from the cluster: `.Object` (unstructured) and, for a workload,
 * `.Deployment` / `.StatefulSet` / `.DeploymentConfig` with its running pods, as Kanister's `param.New` builds them.
 */
import { type ObjectParams, objectParams } from '../blueprint/object-params.js';
import type { KubeAccess } from '../functions/ports.js';
import { kubeApis } from './api.js';
import { fetchObject, type ObjectRef } from './object-fetch.js';
import { runningPods, type WorkloadKind } from './pods.js';

const WORKLOADS: Readonly<Record<string, WorkloadKind>> = {
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  deploymentconfig: 'DeploymentConfig',
};

export async function subjectParams(access: KubeAccess, ref: ObjectRef, signal: AbortSignal): Promise<ObjectParams> {
  const apis = kubeApis(access.config, { signal });
  const object = await fetchObject(apis, ref);
  const kind = WORKLOADS[String(object.kind ?? ref.kind ?? '').toLowerCase()];
  const pods = kind ? await runningPods(apis, kind, ref.namespace ?? '', ref.name) : undefined;
  return objectParams(object, pods);
}
