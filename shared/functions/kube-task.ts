/**
 * KubeTask: run a command in a new pod from an image, wait for it to finish, collect its output markers.
 * Kanister: `pkg/function/kube_task.go` as released with the example blueprints (v0.117). Later upstream
 * code adds `volumes` and `snapshotVolumes` (a 2026 backup-CSI-driver feature); they are not accepted yet.
 */
import { redactor, requireKube, shapePod, typedExec } from '../kube/phase-support.js';
import { runTaskPod, taskPodName } from '../kube/task-pod.js';
import { functionArgs, goString, goStringList } from './arg-schemas.js';
import { podAnnotationsArg, podLabelsArg, podOverrideArg } from './pod-args.js';
import type { FunctionSpec } from './types.js';

/** Kanister's `kube.DefaultContainerName`. */
const CONTAINER = 'container';

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
  exec: typedExec(args, async (call, clients) => {
    const access = requireKube(clients, 'KubeTask');
    const { image, command } = call.args;
    const base = {
      containers: [{ name: CONTAINER, image, command, imagePullPolicy: 'IfNotPresent' }],
      restartPolicy: 'Never',
    };
    const pod = shapePod(call, base, call.args, CONTAINER);
    const result = await runTaskPod(access.config, {
      namespace: call.args.namespace || access.defaultNamespace,
      name: taskPodName('kanister-job-', call.run.runId, call.action, call.phase),
      ...pod,
      logContainer: CONTAINER,
      waitForCompletion: true,
      signal: call.signal,
      log: call.log,
      redact: redactor(call),
    });
    return result.outputs;
  }),
} as const satisfies FunctionSpec<typeof args>;
