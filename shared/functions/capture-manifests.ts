/**
 * CaptureManifests (Holdfast): write a namespace's resources to the location as one manifest document (what
 * ApplyManifests restores), with cluster-managed fields stripped.
 */
import { functionArgs, goBool, goString, goStringList, locationPath } from './arg-schemas.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('CaptureManifests', {
  namespace: goString('the namespace to capture'),
  path: locationPath('where to store the manifests'),
  /** Only these kinds (e.g. Deployment, ConfigMap; case-insensitive). Default: every namespaced kind. */
  includeKinds: goStringList('kinds to capture').optional(),
  /** Kinds to leave out (case-insensitive). */
  excludeKinds: goStringList('kinds to leave out').optional(),
  /** Capture Secrets too (the location is encrypted with the location's KMS key). */
  includeSecrets: goBool('whether to capture Secrets').default(true),
}).superRefine((value, ctx) => {
  const excluded = new Set((value.excludeKinds ?? []).map((k) => k.toLowerCase()));
  const both = (value.includeKinds ?? []).filter((k) => excluded.has(k.toLowerCase()));
  if (both.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['excludeKinds'], message: `${both.join(', ')} both included and excluded` });
  }
  if (!value.includeSecrets && value.includeKinds?.some((k) => k.toLowerCase() === 'secret')) {
    ctx.addIssue({ code: 'custom', path: ['includeSecrets'], message: 'is false but includeKinds lists Secret' });
  }
});

export const captureManifests = {
  name: 'CaptureManifests',
  summary: "Write a namespace's resources to the location as manifests (restored by ApplyManifests).",
  args,
  outputs: ['path', 'sha256', 'count'],
  needs: ['kubernetes', 'location'],
  origin: 'holdfast',
} as const satisfies FunctionSpec<typeof args>;
