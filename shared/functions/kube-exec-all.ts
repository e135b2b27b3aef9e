/**
 * KubeExecAll: run the same command in every listed container of every listed pod, in parallel.
 * Kanister: `pkg/function/kube_exec_all.go`; `pods` and `containers` are single strings split on whitespace
 * (`strings.Fields`), so a YAML list is refused there as here.
 */
import { KubeError } from '../kube/errors.js';
import { execInPod } from '../kube/exec.js';
import { lineLogger, logSink, markerSink, redactor, requireKube, typedExec } from '../kube/phase-support.js';
import { functionArgs, goArg, goString, goStringList } from './arg-schemas.js';
import type { FunctionSpec } from './types.js';
import { decodeString } from './weak-decode.js';

/** A Go string holding space-separated names, returned already split. */
const fields = (what: string) =>
  goArg(`${what} (one string, space-separated)`, (value) =>
    decodeString(value)
      .split(/\s+/)
      .filter((s) => s !== ''),
  );

const args = functionArgs('KubeExecAll', {
  namespace: goString('the namespace of the pods'),
  pods: fields('pod names'),
  containers: fields('container names'),
  command: goStringList('the command to run'),
});

export const kubeExecAll = {
  name: 'KubeExecAll',
  summary: 'Run a command in every listed container of every listed pod, in parallel; output markers become outputs.',
  args,
  outputs: [],
  markerOutputs: true,
  needs: ['kubernetes'],
  origin: 'kanister',
  exec: typedExec(args, async (call, clients) => {
    const { config } = requireKube(clients, 'KubeExecAll');
    const { namespace, pods, containers, command } = call.args;
    // Kanister concatenates every stdout and parses the lot: with a key printed twice, the last finisher wins.
    const outputs: Record<string, string> = {};
    const runs = pods.flatMap((pod) =>
      containers.map(async (container) => {
        const stdout = markerSink(lineLogger(call, pod, container, 'stdout'));
        await execInPod(config, {
          namespace,
          pod,
          container,
          command,
          stdout: stdout.stream,
          stderr: logSink(lineLogger(call, pod, container, 'stderr')),
          signal: call.signal,
          redact: redactor(call),
        });
        Object.assign(outputs, stdout.outputs());
      }),
    );
    const failures = (await Promise.allSettled(runs)).flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    if (failures.length > 0)
      throw new KubeError(failures.map((e) => (e as Error).message).join('\n'), { cause: failures[0] });
    return outputs;
  }),
} as const satisfies FunctionSpec<typeof args>;
