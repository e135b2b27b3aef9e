/**
 * Kanister's `crv1alpha1.ObjectReference` as args carry it (KubeOps `objectReference`, Wait/WaitV2
 * `conditions[].objectReference`): decoded as a Go struct, so keys match field names case-insensitively.
 */
import { goStruct } from './arg-schemas.js';
import { decodeString } from './weak-decode.js';

export const objectReferenceFields = {
  apiVersion: decodeString,
  group: decodeString,
  resource: decodeString,
  kind: decodeString,
  name: decodeString,
  namespace: decodeString,
} as const;

/** A Kubernetes object reference: apiVersion, group, resource, kind, name, namespace (all strings). */
export const objectReferenceArg = (what: string) => goStruct(what, objectReferenceFields);

/** The keys a KubeOps run returns: the created/deleted object's reference (`json.Marshal` of ObjectReference). */
export const objectReferenceOutputs = ['apiVersion', 'group', 'resource', 'kind', 'name', 'namespace'] as const;
