/**
 * ScaleWorkload: scale a Deployment, StatefulSet or DeploymentConfig and (by default) wait until it settles.
 * Kanister: `pkg/function/scale_workload.go`. `replicas` is not weak-decoded there: integers are taken as they
 * are and strings go through `strconv.Atoi` (base 10 only), anything else is refused. `namespace`, `name` and
 * `kind` default to the action's subject when it is a workload; otherwise all three must be given (checked
 * at run time, where the subject is known).
 */
import { functionArgs, goArg, goBool, goEnum, goString } from './arg-schemas.js';
import { parseGoAtoi } from './go-strconv.js';
import type { FunctionSpec } from './types.js';
import { describeValue, WeakDecodeError } from './weak-decode.js';

const INT32_MAX = 2 ** 31 - 1;

function decodeReplicas(value: unknown): number {
  let n: number | bigint;
  if (typeof value === 'number' && Number.isInteger(value)) n = value;
  else if (typeof value === 'bigint') n = value;
  else if (typeof value === 'string') {
    const parsed = parseGoAtoi(value);
    if (!parsed.ok) throw new WeakDecodeError(`${JSON.stringify(value)} is not an integer`);
    n = parsed.value;
  } else throw new WeakDecodeError(`expected a replica count (integer), got ${describeValue(value)}`);
  if (n < 0) throw new WeakDecodeError(`${n} is negative; give a replica count of 0 or more`);
  if (n > INT32_MAX) throw new WeakDecodeError(`${n} is more replicas than Kubernetes allows (${INT32_MAX})`);
  return Number(n);
}

const args = functionArgs('ScaleWorkload', {
  replicas: goArg('a replica count (integer)', decodeReplicas),
  namespace: goString('the namespace of the workload').optional(),
  name: goString('the workload name').optional(),
  /** Compared case-insensitively, as Kanister does. */
  kind: goEnum('the workload kind', ['deployment', 'statefulset', 'deploymentconfig'], { ignoreCase: true }).optional(),
  waitForReady: goBool('whether to wait for the workload to be ready').default(true),
});

export const scaleWorkload = {
  name: 'ScaleWorkload',
  summary: 'Scale a Deployment, StatefulSet or DeploymentConfig to a replica count and wait for it to settle.',
  args,
  outputs: ['originalReplicaCount'],
  needs: ['kubernetes'],
  origin: 'kanister',
} as const satisfies FunctionSpec<typeof args>;
