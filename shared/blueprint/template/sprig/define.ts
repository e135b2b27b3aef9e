/**
 * Small helpers for declaring sprig functions with their Go signatures, and for raising the errors Go would.
 *
 * A Go panic inside a template function surfaces as `error calling <name>: <panic text>`, so panics and returned
 * errors are both thrown as `TemplateFuncError` carrying Go's exact text.
 */
import { type TemplateFunc, TemplateFuncError } from '../funcs.js';
import { type GoType, type GoValue, T } from '../values.js';

export type FuncTable = Readonly<Record<string, TemplateFunc>>;

/** Declares a Go function `func(params...) result`, optionally variadic (`...variadic`). */
export function fn(
  params: readonly GoType[],
  result: GoType,
  call: (args: GoValue[]) => GoValue,
  variadic?: GoType,
): TemplateFunc {
  return variadic === undefined ? { params, result, call } : { params, variadic, result, call };
}

/** Throws Go's error (or panic) text. */
export function goError(message: string): never {
  throw new TemplateFuncError(message);
}

/** The panic of calling a method on a nil interface, e.g. `reflect.TypeOf(nil).Kind()`. */
export function nilDeref(): never {
  return goError('runtime error: invalid memory address or nil pointer dereference');
}

export const T_INT = T.int;
export const T_INT64 = T.int64;
/** `uint32` has no spelling in the value model; `uint` is the nearest (only derivePassword declares it). */
export const T_UINT32: GoType = { kind: 'int', name: 'uint' };
export const T_STRINGS = T.slice(T.string);
export const T_IFACES = T.slice(T.iface);
export const T_STRMAP = T.map(T.string);
export const T_DICT = T.map(T.iface);

/** Narrowing accessors for arguments the executor has already converted to the declared Go type. */
export function str(v: GoValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

export function int(v: GoValue | undefined): bigint {
  return typeof v === 'bigint' ? v : 0n;
}

/** A Go `int` argument as a JS number (only for sizes and counts; they fit easily). */
export function intNum(v: GoValue | undefined): number {
  return Number(int(v));
}

export function bool(v: GoValue | undefined): boolean {
  return v === true;
}
