/**
 * PrepareData: run a command in a new pod that mounts PVCs (given, or every PVC of the subject workload).
 * Kanister: `pkg/function/prepare_data.go`, including `failOnError` from current upstream.
 */
import { kubeApis } from '../kube/api.js';
import { redactor, requireKube, shapePod, typedExec } from '../kube/phase-support.js';
import { claimMounts, subjectVolumes } from '../kube/pvc-volumes.js';
import { runTaskPod, taskPodName } from '../kube/task-pod.js';
import { functionArgs, goBool, goString, goStringList, goStringMap } from './arg-schemas.js';
import { podAnnotationsArg, podLabelsArg, podOverrideArg } from './pod-args.js';
import type { FunctionSpec } from './types.js';

const CONTAINER = 'container';

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
  exec: typedExec(args, async (call, clients) => {
    const access = requireKube(clients, 'PrepareData');
    const a = call.args;
    const given = a.volumes && Object.keys(a.volumes).length > 0 ? a.volumes : subjectVolumes(call.params);
    const mounts = await claimMounts(kubeApis(access.config, { signal: call.signal }), a.namespace, given);
    const base = {
      containers: [
        {
          name: CONTAINER,
          image: a.image,
          command: a.command,
          imagePullPolicy: 'IfNotPresent',
          volumeMounts: mounts.volumeMounts,
        },
      ],
      restartPolicy: 'Never',
      volumes: mounts.volumes,
      ...(a.serviceaccount ? { serviceAccountName: a.serviceaccount } : {}),
    };
    const result = await runTaskPod(access.config, {
      namespace: a.namespace,
      name: taskPodName('prepare-data-job-', call.run.runId, call.action, call.phase),
      ...shapePod(call, base, a, CONTAINER),
      logContainer: CONTAINER,
      // Kanister only reads the log; failOnError (current upstream) also fails the phase on a failed pod.
      waitForCompletion: a.failOnError,
      signal: call.signal,
      log: call.log,
      redact: redactor(call),
    });
    return result.outputs;
  }),
} as const satisfies FunctionSpec<typeof args>;
