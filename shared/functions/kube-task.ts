/**
 * KubeTask: run a command in a new pod from an image, wait for it to finish, collect its output markers.
 * Kanister: `pkg/function/kube_task.go` as released with the example blueprints (v0.117). Later upstream
 * code adds `volumes` and `snapshotVolumes` (a 2026 backup-CSI-driver feature); they are not accepted yet.
 */
import { functionArgs, goString, goStringList } from './arg-schemas.js';
import { podAnnotationsArg, podLabelsArg, podOverrideArg } from './pod-args.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('KubeTask', {
  image: goString('a container image'),
  command: goStringList('the command to run'),
  /** Default in Kanister: the controller's own namespace. */
  namespace: goString('the namespace for the pod').optional(),
  podOverride: podOverrideArg(),
  podAnnotations: podAnnotationsArg(),
  podLabels: podLabelsArg(),
});

export const kubeTask = {
  name: 'KubeTask',
  summary: 'Run a command in a new pod from an image and wait for it to complete; output markers become outputs.',
  args,
  outputs: [],
  markerOutputs: true,
  needs: ['kubernetes'],
  origin: 'kanister',
} as const satisfies FunctionSpec<typeof args>;
