/**
 * ScaleWorkload: scale a Deployment, StatefulSet or DeploymentConfig and (by default) wait until it settles.
 * Kanister: `pkg/function/scale_workload.go`. `replicas` is not weak-decoded there: integers are taken as they
 * are and strings go through `strconv.Atoi` (base 10 only), anything else is refused. `namespace`, `name` and
 * `kind` default to the action's subject when it is a workload; otherwise all three must be given (checked
 * at run time, where the subject is known).
 */
import type { z } from 'zod';
import type { PhaseCall } from '../blueprint/functions-port.js';
import { kubeApis } from '../kube/api.js';
import { KubeError } from '../kube/errors.js';
import { requireKube, typedExec } from '../kube/phase-support.js';
import type { WorkloadKind } from '../kube/pods.js';
import { scaleWorkload as scale } from '../kube/scale.js';
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

const KINDS: Readonly<Record<string, WorkloadKind>> = {
  statefulset: 'StatefulSet',
  deployment: 'Deployment',
  deploymentconfig: 'DeploymentConfig',
};

type Args = z.output<typeof args>;

/** Kanister's `setArgs`: the subject workload is the default, each of namespace/name/kind can override it. */
function target(call: PhaseCall<Args>): { kind: WorkloadKind; namespace: string; name: string } {
  const p = call.params as Record<string, { Name?: string; Namespace?: string } | null | undefined>;
  const [defaultKind, subject] = p.StatefulSet
    ? (['statefulset', p.StatefulSet] as const)
    : p.Deployment
      ? (['deployment', p.Deployment] as const)
      : p.DeploymentConfig
        ? (['deploymentconfig', p.DeploymentConfig] as const)
        : [undefined, undefined];
  const { namespace, name, kind } = call.args;
  if (!subject && (namespace === undefined || name === undefined || kind === undefined)) {
    throw new KubeError('Workload information not available via defaults or namespace/name/kind parameters');
  }
  const chosen = KINDS[(kind ?? defaultKind ?? '').toLowerCase()];
  if (!chosen) throw new KubeError(`Workload type not supported ${kind ?? ''}`);
  return { kind: chosen, namespace: namespace ?? subject?.Namespace ?? '', name: name ?? subject?.Name ?? '' };
}

export const scaleWorkload = {
  name: 'ScaleWorkload',
  summary: 'Scale a Deployment, StatefulSet or DeploymentConfig to a replica count and wait for it to settle.',
  args,
  outputs: ['originalReplicaCount'],
  needs: ['kubernetes'],
  origin: 'kanister',
  exec: typedExec(args, async (call, clients) => {
    const access = requireKube(clients, 'ScaleWorkload');
    const original = await scale(kubeApis(access.config, { signal: call.signal }), {
      ...target(call),
      replicas: call.args.replicas,
      waitForReady: call.args.waitForReady,
    });
    return { originalReplicaCount: original };
  }),
} as const satisfies FunctionSpec<typeof args>;
