/** Test helpers: parse rendered args with a spec and return either the typed args or the problem lines. */
import { FunctionArgsError } from '../../../shared/functions/errors.js';
import { type FunctionArgs, type FunctionSpec, parseFunctionArgs } from '../../../shared/functions/types.js';

export function problemsOf(spec: FunctionSpec, args: unknown): readonly string[] {
  try {
    parseFunctionArgs(spec, args);
    return [];
  } catch (error) {
    if (error instanceof FunctionArgsError) return error.problems;
    throw error;
  }
}

export function parsed<F extends FunctionSpec>(spec: F, args: unknown): FunctionArgs<F> {
  return parseFunctionArgs(spec, args);
}
