// The `scale` subresource (autoscaling/v1 Scale) of Deployments, StatefulSets, ReplicaSets and CRDs
// that declare one: GET, PUT, and PATCH with JSON patch or merge patch bodies.

import { BadRequestError, ConflictError, MethodNotAllowedError, UnknownResourceError } from '../errors.js';
import { applyPatch, patchTypeOf } from '../patch.js';
import type { ResourceType, ScalePaths } from '../resources.js';
import { labelSelectorObjectSchema, selectorString } from '../selectors.js';
import { getPath, isRecord, type KubeObject, setPath } from '../types.js';
import { readJson, sendJson } from './io.js';
import type { ApiCall } from './rest.js';

function path(p: string): string {
  return p.replace(/^\./, '');
}

function selectorOf(type: ResourceType, paths: ScalePaths, object: KubeObject): string {
  if (!type.builtin) {
    const selector = paths.labelSelectorPath ? getPath(object, path(paths.labelSelectorPath)) : undefined;
    return typeof selector === 'string' ? selector : '';
  }
  const parsed = labelSelectorObjectSchema.safeParse(getPath(object, 'spec.selector'));
  return parsed.success ? selectorString(parsed.data) : '';
}

function toScale(type: ResourceType, paths: ScalePaths, object: KubeObject): KubeObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  const specReplicas = getPath(object, path(paths.specReplicasPath));
  const statusReplicas = getPath(object, path(paths.statusReplicasPath));
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: typeof specReplicas === 'number' ? specReplicas : 0 },
    status: {
      replicas: typeof statusReplicas === 'number' ? statusReplicas : 0,
      selector: selectorOf(type, paths, object),
    },
  };
}

function replicasFrom(scale: unknown): number {
  const replicas = isRecord(scale) && isRecord(scale.spec) ? scale.spec.replicas : undefined;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw new BadRequestError(`Scale.spec.replicas must be a non-negative integer, got ${JSON.stringify(replicas)}`);
  }
  return replicas;
}

function expectedVersion(scale: unknown): string | undefined {
  const rv = isRecord(scale) && isRecord(scale.metadata) ? scale.metadata.resourceVersion : undefined;
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

export async function handleScale(call: ApiCall): Promise<void> {
  const { objects, target, req, res } = call;
  const { type, namespace } = target;
  const name = target.name ?? '';
  const paths = type.scale;
  if (!paths) throw new UnknownResourceError();
  const current = objects.get(type, namespace, name);
  const scale = toScale(type, paths, current);
  let desired: unknown;
  switch (req.method) {
    case 'GET':
      sendJson(res, 200, scale);
      return;
    case 'PUT':
      desired = await readJson(req);
      break;
    case 'PATCH': {
      const patchType = patchTypeOf(req.headers['content-type']);
      desired = applyPatch(patchType === 'apply' ? 'merge' : patchType, scale, await readJson(req));
      break;
    }
    default:
      throw new MethodNotAllowedError();
  }
  const replicas = replicasFrom(desired);
  const rv = expectedVersion(desired);
  if (rv !== undefined && rv !== current.metadata.resourceVersion) {
    throw new ConflictError({ group: type.group, plural: type.plural }, name);
  }
  const next = objects.present(type, current, target.version);
  setPath(next, path(paths.specReplicasPath), replicas);
  const updated = objects.update(type, namespace, name, next, { version: target.version });
  sendJson(res, 200, toScale(type, paths, updated));
}
