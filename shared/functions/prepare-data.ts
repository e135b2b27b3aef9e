/**
 * PrepareData: run a command in a new pod that mounts PVCs (given, or every PVC of the subject workload).
 * Kanister: `pkg/function/prepare_data.go`, including `failOnError` from current upstream.
 */
import { functionArgs, goBool, goString, goStringList, goStringMap } from './arg-schemas.js';
import { podAnnotationsArg, podLabelsArg, podOverrideArg } from './pod-args.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('PrepareData', {
  namespace: goString('the namespace for the pod'),
  image: goString('a container image'),
  command: goStringList('the command to run'),
  /** PVC name → mount path. Default: every PVC of the subject, mounted at /mnt/prepare_data/<pvc>. */
  volumes: goStringMap('PVC names mapped to mount paths').optional(),
  /** Service account for the pod (Kanister spells it in lower case). */
  serviceaccount: goString('a service account name').optional(),
  podOverride: podOverrideArg(),
  podAnnotations: podAnnotationsArg(),
  podLabels: podLabelsArg(),
  /** Whether a non-zero exit of the command fails the phase (default: only its output is collected). */
  failOnError: goBool('whether a failing command fails the phase').default(false),
});

export const prepareData = {
  name: 'PrepareData',
  summary:
    "Run a command in a new pod that mounts the subject's PVCs (or the ones given); output markers become outputs.",
  args,
  outputs: [],
  markerOutputs: true,
  needs: ['kubernetes'],
  origin: 'kanister',
} as const satisfies FunctionSpec<typeof args>;
