/**
 * The contract every blueprint function file fulfils: its Kanister name, the zod schema of its rendered args
 * (the single statement of which args exist, which are required, and how each is decoded), its output keys,
 * and what it needs to run. Execution (`exec`) is added to the same files later.
 */
import type { z } from 'zod';
import type { PhaseCall, PhaseOutput } from '../blueprint/functions-port.js';
import { FunctionArgsError } from './errors.js';
import type { EdgeClients } from './ports.js';

/** What a function talks to, so callers can provide (and permit) only those clients. */
export type FunctionNeed = 'kubernetes' | 'aws' | 'location';

export interface FunctionSpec<S extends z.ZodObject = z.ZodObject> {
  /** Kanister's registry name, e.g. 'KubeExec'. */
  readonly name: string;
  /** One line for docs and `holdfast validate` messages. */
  readonly summary: string;
  /** zod schema of the RENDERED args with weak-decode coercion; required vs optional keys are read from it. */
  readonly args: S;
  /** Output keys, verbatim (`.Phases.<phase>.Output.<key>`). */
  readonly outputs: readonly string[];
  /**
   * The function also returns whatever keys the command it runs prints as Kanister output markers
   * (`###Phase-output###: {"key":"k","value":"v"}`, written by `kando output k v`), so blueprint-chosen
   * keys are valid in addition to `outputs`.
   */
  readonly markerOutputs?: true;
  /**
   * Args the interpreter must hand over UNRENDERED: Kanister skips rendering for them (`skipRenderFuncs` in
   * `pkg/phase.go`) because the function evaluates its own templates against objects it fetches.
   */
  readonly rawArgs?: readonly string[];
  readonly needs: readonly FunctionNeed[];
  readonly origin: 'kanister' | 'holdfast';
  /**
   * Executes the function. Called only when every client in `needs` is present in `clients`. Long waits go through
   * `call.run.waitFor`; every call honours `call.signal`. Returns the phase output (keys from `outputs`).
   */
  // Method syntax on purpose: a spec with specific args must still be a FunctionSpec in the registry's list.
  exec?(call: PhaseCall<z.output<S>>, clients: EdgeClients): Promise<PhaseOutput | undefined>;
}

/** A Kanister function Holdfast refuses at validation, with why and what to use instead. */
export interface RejectedFunction {
  readonly name: string;
  readonly reason: string;
  readonly alternative: string;
}

/** The typed args a spec's schema produces. */
export type FunctionArgs<F extends FunctionSpec> = z.output<F['args']>;

/** Kanister's `RequiredArgs()`: the keys that must be present (their value may still be empty). */
export function requiredArgNames(spec: FunctionSpec): string[] {
  return Object.entries(spec.args.shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([name]) => name);
}

/** Kanister's `Arguments()`: every key the function accepts. */
export function acceptedArgNames(spec: FunctionSpec): string[] {
  return Object.keys(spec.args.shape);
}

/**
 * Parses rendered args into typed values, or throws `FunctionArgsError` listing every problem as
 * `<arg path>: <message>`. A phase without `args` is the same as empty args, as in Kanister.
 */
export function parseFunctionArgs<F extends FunctionSpec>(spec: F, rendered: unknown): FunctionArgs<F> {
  const result = spec.args.safeParse(rendered ?? {});
  if (result.success) return result.data as FunctionArgs<F>;
  const problems = result.error.issues.map((issue) => {
    const path = formatArgPath(issue.path);
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  throw new FunctionArgsError(spec.name, problems, { cause: result.error });
}

/** `conditions.anyOf[0].objectReference` */
export function formatArgPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    return out === '' ? String(segment) : `${out}.${String(segment)}`;
  }, '');
}
