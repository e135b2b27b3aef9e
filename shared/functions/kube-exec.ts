/**
 * KubeExec: run a command in a container of a running pod, like `kubectl exec`.
 * Kanister: `pkg/function/kube_exec.go` (args decoded with `Arg`/`OptArg`; outputs from marker lines on stdout).
 */
import { execInPod } from '../kube/exec.js';
import { lineLogger, logSink, markerSink, redactor, requireKube, typedExec } from '../kube/phase-support.js';
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
  exec: typedExec(args, async (call, clients) => {
    const { namespace, pod, container, command } = call.args;
    const stdout = markerSink(lineLogger(call, pod, container, 'stdout'));
    await execInPod(requireKube(clients, 'KubeExec').config, {
      namespace,
      pod,
      ...(container ? { container } : {}),
      command,
      stdout: stdout.stream,
      stderr: logSink(lineLogger(call, pod, container, 'stderr')),
      signal: call.signal,
      redact: redactor(call),
    });
    return stdout.outputs();
  }),
} as const satisfies FunctionSpec<typeof args>;
