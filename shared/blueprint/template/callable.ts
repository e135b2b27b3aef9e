/**
 * How the executor sees a function: Go's parameter types (a builtin's `reflect.Value` parameters receive values
 * untouched), whether it is a builtin (and/or short-circuit only then), and a call over executor values.
 */
import { type FuncMap, type TemplateFunc, TemplateFuncError } from './funcs.js';
import { elemRV, INVALID, type RV, rv } from './rv.js';
import type { GoType, GoValue } from './values.js';
import { zeroValue } from './values.js';

/** A `reflect.Value` parameter (Go's builtins take their arguments this way). */
export const REFLECT: { readonly kind: 'reflect' } = { kind: 'reflect' };
export type ParamType = GoType | typeof REFLECT;

/** What a call failed with: Go's `err.Error()` (or panic text). The executor prefixes `error calling NAME: `. */
export class CallError extends Error {}

export interface Callable {
  readonly params: readonly ParamType[];
  readonly variadic: ParamType | null;
  readonly builtin: boolean;
  call(args: RV[]): RV;
}

/** Builtin TemplateFunc objects → their executor implementation. */
export const builtinCallables = new WeakMap<TemplateFunc, Callable>();

const wrapped = new WeakMap<TemplateFunc, Callable>();

function argValue(x: RV): GoValue {
  return x.t === null || x.t.kind === 'complex' ? null : (x.v as GoValue);
}

function argType(x: RV): GoType | null {
  if (x.t === null || x.t.kind === 'complex') return null;
  return x.t.kind === 'interface' ? (x.dt ?? null) : x.t;
}

/** The executor view of a FuncMap entry (sprig or a builtin put in the map). */
export function toCallable(f: TemplateFunc): Callable {
  const b = builtinCallables.get(f);
  if (b !== undefined) return b;
  let c = wrapped.get(f);
  if (c === undefined) {
    c = {
      params: f.params,
      variadic: f.variadic ?? null,
      builtin: false,
      call(args: RV[]): RV {
        let result: GoValue;
        try {
          const values = args.map(argValue);
          result = f.callWithTypes === undefined ? f.call(values) : f.callWithTypes(values, args.map(argType));
        } catch (e) {
          if (e instanceof TemplateFuncError || e instanceof Error) throw new CallError(e.message);
          throw new CallError(String(e));
        }
        if (f.result.kind === 'interface') return elemRV(f.result, result ?? null, null);
        return rv(f.result, result === null ? zeroValue(f.result) : result);
      },
    };
    wrapped.set(f, c);
  }
  return c;
}

/** Go's findFunction: the template's functions first, then the builtins. */
export function findFunction(name: string, funcs: FuncMap, builtins: FuncMap): Callable | null {
  const f = funcs.get(name) ?? builtins.get(name);
  return f === undefined ? null : toCallable(f);
}

export { INVALID };
