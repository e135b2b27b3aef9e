/**
 * Runs one registered blueprint function outside a blueprint — a policy run's own captures, restores and deletions —
 * so they share every behaviour (Kanister semantics, idempotent names, waits, redaction) with blueprint phases.
 */
import type { PhaseOutput } from '../blueprint/functions-port.js';
import { Redactor } from '../blueprint/redact.js';
import type { RunContext } from '../blueprint/run-context.js';
import type { EdgeClients } from '../functions/ports.js';
import { functionRegistry } from '../functions/registry.js';
import { parseFunctionArgs } from '../functions/types.js';

export class FunctionUnavailableError extends Error {
  override readonly name = 'FunctionUnavailableError';
}

export async function invokeFunction(
  rc: RunContext,
  clients: EdgeClients,
  call: { func: string; phase: string; args: Record<string, unknown>; options?: Record<string, string> },
): Promise<PhaseOutput> {
  const spec = functionRegistry.get(call.func);
  if (!spec?.exec) throw new FunctionUnavailableError(`${call.func} cannot run here`);
  const args = parseFunctionArgs(spec, call.args);
  const output = await rc.scope(
    call.phase,
    (run) =>
      spec.exec?.(
        {
          args,
          action: 'holdfast',
          phase: call.phase,
          params: { Options: call.options ?? {} },
          run,
          signal: run.signal,
          log: run.log,
          redactor: new Redactor(),
        },
        clients,
      ) ?? Promise.resolve(undefined),
  );
  return output ?? {};
}
