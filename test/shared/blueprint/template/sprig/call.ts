/** Test helper: calls a sprig function directly with Go values, as the executor would after conversion. */
import type { TemplateFunc } from '../../../../../shared/blueprint/template/funcs.js';
import { sprigFuncs } from '../../../../../shared/blueprint/template/sprig/index.js';
import { GoMap, GoSlice, type GoType, type GoValue, T } from '../../../../../shared/blueprint/template/values.js';

export function func(name: string): TemplateFunc {
  const f = sprigFuncs.get(name);
  if (f === undefined) throw new Error(`sprig function ${name} is not defined`);
  return f;
}

export function call(name: string, ...args: GoValue[]): GoValue {
  return func(name).call(args);
}

/** The error text a call fails with (a Go error result or panic). */
export function failure(name: string, ...args: GoValue[]): string {
  try {
    call(name, ...args);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${name} did not fail`);
}

export const dict = (o: Record<string, GoValue>, elem: GoType = T.iface): GoMap =>
  new GoMap(elem, new Map(Object.entries(o)));
export const list = (...items: GoValue[]): GoSlice => new GoSlice(T.iface, items);
export const strs = (...items: string[]): GoSlice => new GoSlice(T.string, items);

export function items(v: GoValue): GoValue[] | null {
  if (!(v instanceof GoSlice)) throw new Error('not a slice');
  return v.items;
}

export function entries(v: GoValue): Record<string, GoValue> {
  if (!(v instanceof GoMap)) throw new Error('not a map');
  return Object.fromEntries(v.entries ?? []);
}
