// Admission: per-type defaulting and validation run on every create and update, before storage.
// Returns the causes of a 422 Invalid; may throw BadRequestError for undecodable bodies.

import type { StatusCause } from '../errors.js';
import type { ResourceType } from '../resources.js';
import { keyOf } from '../resources.js';
import type { KubeObject } from '../types.js';
import type { AdmissionContext } from './context.js';
import {
  admitConfigMap,
  admitNamespace,
  admitPersistentVolumeClaim,
  admitPod,
  admitSecret,
  admitService,
} from './core.js';
import { type NameRule, validateMetadata } from './metadata.js';
import { admitDaemonSet, admitDeployment, admitJob, admitReplicaSet, admitStatefulSet } from './workloads.js';

export type { AdmissionContext } from './context.js';

type Admitter = (object: KubeObject, ctx: AdmissionContext) => StatusCause[];

const ADMITTERS: Record<string, Admitter> = {
  '/pods': admitPod,
  '/services': admitService,
  '/secrets': admitSecret,
  '/configmaps': admitConfigMap,
  '/namespaces': admitNamespace,
  '/persistentvolumeclaims': admitPersistentVolumeClaim,
  'apps/deployments': admitDeployment,
  'apps/statefulsets': admitStatefulSet,
  'apps/replicasets': admitReplicaSet,
  'apps/daemonsets': admitDaemonSet,
  'batch/jobs': admitJob,
};

/** Namespaces and Services must be DNS labels; everything else a DNS subdomain. */
const LABEL_NAMED = new Set(['/namespaces', '/services']);

/** Extra per-type admission (CRDs) registered by their controllers. */
export type AdmissionHook = Admitter;

export function admit(
  type: ResourceType,
  object: KubeObject,
  ctx: AdmissionContext,
  hooks: ReadonlyMap<string, AdmissionHook>,
): StatusCause[] {
  const key = keyOf(type);
  const rule: NameRule = LABEL_NAMED.has(key) ? 'label' : 'subdomain';
  const causes = validateMetadata(object, rule);
  const admitter = ADMITTERS[key] ?? hooks.get(key);
  if (admitter) causes.push(...admitter(object, ctx));
  return causes;
}
