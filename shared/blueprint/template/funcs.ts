/**
 * The contract between the template executor and the functions it calls (builtins and sprig).
 *
 * A function is described by its Go signature because Go's call rules depend on it: untyped constants convert to
 * the parameter type (`7` to a float64 parameter becomes 7.0, to a string parameter it is an error), a nil argument
 * to a non-interface parameter is an error, and a value must be assignable to the parameter type
 * ("wrong type for value; expected string; got int").
 */
import type { GoType, GoValue } from './values.js';

export interface TemplateFunc {
  /** Fixed parameters, in order. */
  readonly params: readonly GoType[];
  /** Element type of a trailing `...T` parameter, if the function is variadic. */
  readonly variadic?: GoType;
  /** Go's declared result type; exec uses it for the type of a nil result. */
  readonly result: GoType;
  /**
   * Called with arguments already converted to the parameter types.
   * A Go `error` result or a panic is signalled by throwing `TemplateFuncError` with Go's error text;
   * the executor reports it as `error calling <name>: <text>`.
   */
  readonly call: (args: GoValue[]) => GoValue;
  /**
   * Optional (engine extension): when present the executor calls this instead of `call`, adding each argument's Go
   * type: the parameter's type, or for an `interface{}` parameter the dynamic type of the value it holds (`int64`
   * for a JSON integer in `.Object`, `v1alpha1.LocationType`, `map[string]string`…); `null` for a nil interface.
   * `typeOf`, `kindOf` and error texts that name a type need it, because a `bigint` does not say `int` or `int64`.
   */
  readonly callWithTypes?: (args: GoValue[], types: (GoType | null)[]) => GoValue;
}

export type FuncMap = ReadonlyMap<string, TemplateFunc>;

/** What a Go function returned as its error (or panicked with). `message` is Go's `err.Error()`. */
export class TemplateFuncError extends Error {
  override readonly name = 'TemplateFuncError';
}
