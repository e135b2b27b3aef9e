/**
 * KubeExecAll: run the same command in every listed container of every listed pod, in parallel.
 * Kanister: `pkg/function/kube_exec_all.go`; `pods` and `containers` are single strings split on whitespace
 * (`strings.Fields`), so a YAML list is refused there as here.
 */
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
} as const satisfies FunctionSpec<typeof args>;
