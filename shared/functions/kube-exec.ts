/**
 * KubeExec: run a command in a container of a running pod, like `kubectl exec`.
 * Kanister: `pkg/function/kube_exec.go` (args decoded with `Arg`/`OptArg`; outputs from marker lines on stdout).
 */
import { functionArgs, goString, goStringList } from './arg-schemas.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('KubeExec', {
  namespace: goString('the namespace of the pod'),
  pod: goString('a pod name'),
  /** Default: the pod's first container. */
  container: goString('a container name').optional(),
  command: goStringList('the command to run'),
});

export const kubeExec = {
  name: 'KubeExec',
  summary: 'Run a command in a container of a running pod (kubectl exec); stdout output markers become outputs.',
  args,
  outputs: [],
  markerOutputs: true,
  needs: ['kubernetes'],
  origin: 'kanister',
} as const satisfies FunctionSpec<typeof args>;
