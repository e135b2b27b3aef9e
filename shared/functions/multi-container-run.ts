/**
 * MultiContainerRun: a pod with a background container and an output container sharing an emptyDir volume
 * (plus an optional init container); the output container's markers become outputs.
 * Kanister: `pkg/function/multi_container_run.go` (formerly KubeTaskParallel).
 */
import { redactor, requireKube, shapePod, typedExec } from '../kube/phase-support.js';
import { runTaskPod, taskPodName } from '../kube/task-pod.js';
import { functionArgs, goString, goStringList, quantity } from './arg-schemas.js';
import { podAnnotationsArg, podLabelsArg, podOverrideArg } from './pod-args.js';
import type { FunctionSpec } from './types.js';

const OUTPUT = 'output';

const args = functionArgs('MultiContainerRun', {
  /** Default in Kanister: the controller's own namespace. */
  namespace: goString('the namespace for the pod').optional(),
  initImage: goString('the init container image').optional(),
  initCommand: goStringList('the init container command').optional(),
  backgroundImage: goString('the background container image'),
  backgroundCommand: goStringList('the background container command'),
  outputImage: goString('the output container image'),
  outputCommand: goStringList('the output container command'),
  /** emptyDir medium: "" (node disk) or "Memory". */
  sharedVolumeMedium: goString('the shared volume medium').optional(),
  /** Default: no limit; an empty string also means no limit. */
  sharedVolumeSizeLimit: quantity('the shared volume size limit', { allowEmpty: true }).optional(),
  sharedVolumeDir: goString('the shared volume mount path').default('/tmp/'),
  podOverride: podOverrideArg(),
  podLabels: podLabelsArg(),
  podAnnotations: podAnnotationsArg(),
});

export const multiContainerRun = {
  name: 'MultiContainerRun',
  summary: 'Run background and output containers side by side on a shared volume; output markers become outputs.',
  args,
  outputs: [],
  markerOutputs: true,
  needs: ['kubernetes'],
  origin: 'kanister',
  exec: typedExec(args, async (call, clients) => {
    const access = requireKube(clients, 'MultiContainerRun');
    const a = call.args;
    const volumeMounts = [{ name: 'shared', mountPath: a.sharedVolumeDir }];
    const base = {
      restartPolicy: 'Never',
      volumes: [
        {
          name: 'shared',
          emptyDir: {
            ...(a.sharedVolumeMedium ? { medium: a.sharedVolumeMedium } : {}),
            ...(a.sharedVolumeSizeLimit ? { sizeLimit: a.sharedVolumeSizeLimit } : {}),
          },
        },
      ],
      ...(a.initImage
        ? { initContainers: [{ name: 'init', image: a.initImage, command: a.initCommand, volumeMounts }] }
        : {}),
      containers: [
        { name: OUTPUT, image: a.outputImage, command: a.outputCommand, volumeMounts },
        { name: 'background', image: a.backgroundImage, command: a.backgroundCommand, volumeMounts },
      ],
    };
    const pod = shapePod(call, base, a, OUTPUT);
    const result = await runTaskPod(access.config, {
      namespace: a.namespace || access.defaultNamespace,
      name: taskPodName('kanister-job-', call.run.runId, call.action, call.phase),
      ...pod,
      annotations: { ...pod.annotations, 'kubectl.kubernetes.io/default-container': OUTPUT },
      logContainer: OUTPUT,
      waitForCompletion: true,
      signal: call.signal,
      log: call.log,
      redact: redactor(call),
    });
    return result.outputs;
  }),
} as const satisfies FunctionSpec<typeof args>;
