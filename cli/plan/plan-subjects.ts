/**
 * Which subject a policy dry-run plans, found without a cluster: the object files stand in for the cluster's
 * listing (namespaces, annotated workloads, the ConfigMaps RDS ids are read from), and a subject named without an
 * object file is assumed from the policy; then the run planned for it, exactly as the trigger plans runs.
 */
import type { Policy } from '../../shared/policy/schema.js';
import {
  BLUEPRINT_ANNOTATION,
  type ClusterInventory,
  type ListedWorkload,
  type Subject,
} from '../../shared/policy/selectors.js';
import type { PlannedRun } from '../../shared/runtime/plan-runs.js';
import { subjectId } from '../../shared/runtime/run-input.js';

export type Manifest = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };

export class PlanError extends Error {
  override readonly name = 'PlanError';
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DeploymentConfig']);

/** What the object files list, seen as one cluster's inventory (applied to each of the policy's clusters). */
export function inventoryFromObjects(policy: Policy, objects: readonly Manifest[]): ClusterInventory[] {
  const namespaces = new Map<string, Record<string, string>>();
  for (const o of objects) {
    if (o.kind === 'Namespace')
      namespaces.set(o.metadata.name, (o.metadata as { labels?: Record<string, string> }).labels ?? {});
    else if (o.metadata.namespace && !namespaces.has(o.metadata.namespace)) namespaces.set(o.metadata.namespace, {});
  }
  const workloads: ListedWorkload[] = objects
    .filter((o) => WORKLOADS.has(o.kind))
    .map((o) => ({
      kind: o.kind as ListedWorkload['kind'],
      name: o.metadata.name,
      namespace: o.metadata.namespace ?? 'default',
      annotations: (o.metadata as { annotations?: Record<string, string> }).annotations ?? {},
    }));
  const configMaps = objects
    .filter((o) => o.kind === 'ConfigMap')
    .map((o) => ({
      namespace: o.metadata.namespace ?? 'default',
      name: o.metadata.name,
      data: (o.data ?? {}) as Record<string, string>,
    }));
  return policy.spec.subjects.clusters.map((c) => ({
    cluster: c.name,
    namespaces: [...namespaces].map(([name, labels]) => ({ name, labels })),
    workloads,
    configMaps,
  }));
}

/**
 * A workload named by `--subject` without an object file: one replica, bound to the policy's hooks blueprint if the
 * policy names one (a policy selecting by annotation cannot select it otherwise: pass the object file then).
 */
export function syntheticObject(policy: Policy, id: string): { object: Manifest; note: string } | undefined {
  const [, namespace = '', kind = '', name = ''] = id.split('/');
  if (!WORKLOADS.has(kind) || !name) return undefined;
  const bound = policy.spec.hooks?.blueprint;
  const object: Manifest = {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace, ...(bound ? { annotations: { [BLUEPRINT_ANNOTATION]: bound } } : {}) },
    spec: { replicas: 1 },
  };
  const note = `no object file for ${id}: assumed one replica${bound ? ` bound to blueprint ${bound}` : ''}`;
  return { object, note };
}

export function pickRun(runs: readonly PlannedRun[], subjects: readonly Subject[], wanted?: string): PlannedRun {
  if (runs.length === 0) {
    throw new PlanError('the policy selects nothing among these objects: pass the workload manifests with --object');
  }
  if (!wanted) return runs[0] as PlannedRun;
  const direct = runs.find((r) => subjectId(r.input.subject) === wanted);
  // A database the policy captures inside an app's run is planned as that run.
  const db = subjects.find((s) => s.id === wanted && s.rds);
  const joined = db && runs.find((r) => r.input.capture.rds.some((t) => t.id === db.rds?.identifier));
  const found = direct ?? joined;
  if (!found) {
    throw new PlanError(
      `the policy does not select ${wanted}; it selects: ${subjects.map((s) => s.id).join(', ') || 'nothing'}`,
    );
  }
  return found;
}

export function syntheticFor(run: PlannedRun): Manifest {
  const s = run.input.subject;
  return { apiVersion: 'v1', kind: s.kind, metadata: { name: s.name, namespace: s.namespace }, spec: { replicas: 1 } };
}
