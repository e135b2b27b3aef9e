/**
 * KubeOps: create a Kubernetes object from a YAML spec, or delete one by reference; returns the object's
 * reference either way. Kanister: `pkg/function/kubeops.go` (`operation` is compared exactly, and the
 * spec / reference checks below are the ones it makes before touching the cluster).
 */
import { kubeApis } from '../kube/api.js';
import { createFromSpec, deleteByReference } from '../kube/kube-ops.js';
import { requireKube, typedExec } from '../kube/phase-support.js';
import { functionArgs, goEnum, goString } from './arg-schemas.js';
import { objectReferenceArg, objectReferenceOutputs } from './object-reference.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('KubeOps', {
  operation: goEnum('the operation', ['create', 'delete']),
  /** YAML of the object to create (operation create). */
  spec: goString('the YAML spec of the object to create').optional(),
  /** Namespace to create in, or to delete from when the reference has none. */
  namespace: goString('a namespace').default('default'),
  /** The object to delete (operation delete): apiVersion, group, resource, name, namespace. */
  objectReference: objectReferenceArg('the object to delete').optional(),
}).superRefine((value, ctx) => {
  if (value.operation === 'create' && !value.spec) {
    ctx.addIssue({ code: 'custom', path: ['spec'], message: 'operation create needs the YAML of the object in spec' });
  }
  if (value.operation === 'delete') {
    const ref = value.objectReference;
    const missing = (['name', 'apiVersion', 'resource'] as const).filter((field) => !ref?.[field]);
    if (missing.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['objectReference'],
        message: `operation delete needs objectReference with ${missing.join(', ')}`,
      });
    }
  }
});

export const kubeOps = {
  name: 'KubeOps',
  summary: 'Create a Kubernetes object from a YAML spec, or delete one by reference; returns its reference.',
  args,
  outputs: objectReferenceOutputs,
  needs: ['kubernetes'],
  origin: 'kanister',
  exec: typedExec(args, async (call, clients) => {
    const apis = kubeApis(requireKube(clients, 'KubeOps').config, { signal: call.signal });
    const { operation, spec, namespace, objectReference } = call.args;
    if (operation === 'create') return createFromSpec(apis, spec ?? '', namespace);
    const ref = objectReference ?? { apiVersion: '', group: '', resource: '', kind: '', name: '', namespace: '' };
    await deleteByReference(apis, ref, namespace);
    // Kanister returns the reference it was given (json: an empty namespace is omitted).
    const { namespace: refNamespace, ...rest } = ref;
    return { ...rest, ...(refNamespace ? { namespace: refNamespace } : {}) };
  }),
} as const satisfies FunctionSpec<typeof args>;
