/**
 * ApplyManifests (Holdfast): apply manifests written by CaptureManifests, in dependency order (namespaces,
 * CRDs, config and secrets, storage, then workloads), optionally into another namespace.
 */
import { functionArgs, goString, locationPath } from './arg-schemas.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('ApplyManifests', {
  /** A CaptureManifests `path` output. */
  path: locationPath('the manifests to apply'),
  /** The namespace the manifests were captured from. */
  namespace: goString('the source namespace'),
  /** Default: the source namespace. */
  targetNamespace: goString('the namespace to restore into').optional(),
});

export const applyManifests = {
  name: 'ApplyManifests',
  summary: 'Apply captured manifests back in dependency order, optionally into another namespace.',
  args,
  outputs: ['count'],
  needs: ['kubernetes', 'location'],
  origin: 'holdfast',
} as const satisfies FunctionSpec<typeof args>;
