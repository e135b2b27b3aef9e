/**
 * Binds the function registry (specs with their executions) to the clients a runtime has. A function whose
 * needs are not all met cannot execute here and says which client is missing; dry-runs need none.
 */
import type { FunctionLookup, PhaseFunction } from '../blueprint/functions-port.js';
import type { EdgeClients } from '../functions/ports.js';
import { functionRegistry } from '../functions/registry.js';
import { type FunctionNeed, type FunctionSpec, parseFunctionArgs } from '../functions/types.js';

const NEED: Record<FunctionNeed, { text: string; present: (c: EdgeClients) => boolean }> = {
  kubernetes: { text: 'a Kubernetes cluster connection', present: (c) => c.kube !== undefined },
  aws: { text: 'AWS clients', present: (c) => c.rds !== undefined },
  location: { text: 'a backup location', present: (c) => c.location !== undefined },
};

export function functionLookup(clients: EdgeClients = {}): FunctionLookup {
  const cache = new Map<string, PhaseFunction>();
  return {
    get(name) {
      const hit = cache.get(name);
      if (hit) return hit;
      const spec = functionRegistry.get(name);
      if (!spec) return undefined;
      const fn = toPhaseFunction(spec, clients);
      cache.set(name, fn);
      return fn;
    },
  };
}

function toPhaseFunction(spec: FunctionSpec, clients: EdgeClients): PhaseFunction {
  const missing = spec.needs.filter((n) => !NEED[n].present(clients)).map((n) => NEED[n].text);
  const base = { name: spec.name, outputs: spec.outputs, rawArgs: spec.rawArgs };
  const parseArgs = (rendered: Record<string, unknown>) => parseFunctionArgs(spec, rendered);
  if (!spec.exec) return { ...base, parseArgs, unavailableReason: `${spec.name} has no execution in this build` };
  if (missing.length > 0) {
    return {
      ...base,
      parseArgs,
      unavailableReason: `${spec.name} needs ${missing.join(' and ')}, which this run was not given`,
    };
  }
  return { ...base, parseArgs, exec: (call) => spec.exec?.(call as never, clients) ?? Promise.resolve(undefined) };
}
