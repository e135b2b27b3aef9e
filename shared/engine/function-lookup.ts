/**
 * Binds the function registry (specs: names, arg schemas, outputs) to executors for the interpreter. Which functions
 * can execute depends on the runtime: a dry-run needs none; a run with a cluster connection gets the Kubernetes
 * executors, one with AWS clients the RDS executors.
 */
import type { FunctionLookup, PhaseCall, PhaseFunction, PhaseOutput } from '../blueprint/functions-port.js';
import { functionRegistry } from '../functions/registry.js';
import { type FunctionSpec, parseFunctionArgs } from '../functions/types.js';

export type Executor = (call: PhaseCall) => Promise<PhaseOutput | undefined>;

const NEED_TEXT: Record<string, string> = {
  kubernetes: 'a Kubernetes cluster connection',
  aws: 'AWS clients',
  location: 'a backup location',
};

export function functionLookup(executors: ReadonlyMap<string, Executor> = new Map()): FunctionLookup {
  const cache = new Map<string, PhaseFunction>();
  return {
    get(name) {
      const hit = cache.get(name);
      if (hit) return hit;
      const spec = functionRegistry.get(name);
      if (!spec) return undefined;
      const fn = toPhaseFunction(spec, executors.get(name));
      cache.set(name, fn);
      return fn;
    },
  };
}

function toPhaseFunction(spec: FunctionSpec, exec: Executor | undefined): PhaseFunction {
  const needs = spec.needs.map((n) => NEED_TEXT[n] ?? n).join(' and ');
  return {
    name: spec.name,
    outputs: spec.outputs,
    rawArgs: spec.rawArgs,
    parseArgs: (rendered) => parseFunctionArgs(spec, rendered),
    exec,
    unavailableReason: exec ? undefined : `${spec.name} needs ${needs || 'an executor'}, which this run was not given`,
  };
}
