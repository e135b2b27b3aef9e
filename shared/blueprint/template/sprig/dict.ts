/**
 * sprig v2.22.0 dict functions (dict.go). Dicts are Go maps: `set`, `unset`, `merge` and `mergeOverwrite` change
 * the map they are given (templates observe that), `merge*` follow imdario/mergo's map rules, and `deepCopy`
 * follows mitchellh/copystructure.
 */
import { GoBytes, GoMap, GoPointer, GoSlice, GoStruct, type GoValue, T } from '../values.js';
import { strval } from './conv.js';
import { type FuncTable, fn, goError, str, T_DICT, T_IFACES, T_STRINGS } from './define.js';

const I = T.iface;

function entriesOf(v: GoValue | undefined): Map<string, GoValue> | null {
  return v instanceof GoMap ? v.entries : null;
}

const newDict = (m: Map<string, GoValue>): GoMap => new GoMap(I, m);

function dict(args: GoValue[]): GoMap {
  const m = new Map<string, GoValue>();
  for (let i = 0; i < args.length; i += 2)
    m.set(strval(args[i] ?? null), i + 1 < args.length ? (args[i + 1] ?? null) : '');
  return newDict(m);
}

/** mergo's isEmptyValue on an interface element: nil, or an empty/zero dynamic value. */
function isEmpty(v: GoValue | undefined): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v === '';
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'number') return v === 0;
  if (v instanceof GoMap) return (v.entries?.size ?? 0) === 0;
  if (v instanceof GoSlice) return (v.items?.length ?? 0) === 0;
  if (v instanceof GoBytes) return (v.bytes?.length ?? 0) === 0;
  if (v instanceof GoPointer) return v.target === null;
  return false;
}

/** mergo deepMerge for two maps (the map[string]interface{} branch, recursing into nested maps). */
function mergeMaps(dst: Map<string, GoValue>, src: Map<string, GoValue>, overwrite: boolean): void {
  for (const [key, srcEl] of src) {
    if (srcEl === null) {
      if (overwrite) dst.set(key, null);
      continue;
    }
    const dstEl = dst.get(key);
    const nested = srcEl instanceof GoMap;
    const isSlice = srcEl instanceof GoSlice || srcEl instanceof GoBytes;
    if (nested && dstEl instanceof GoMap && dstEl.entries !== null && srcEl.entries !== null) {
      mergeMaps(dstEl.entries, srcEl.entries, overwrite);
    }
    if (isSlice && (overwrite || dst.size === 0)) dst.set(key, srcEl);
    if (dstEl !== undefined && !isEmpty(dstEl) && (nested || isSlice)) continue;
    if (overwrite || dstEl === undefined || isEmpty(dstEl)) dst.set(key, srcEl);
  }
}

/** mergo.Merge(&dst, src) per source; a nil dst gets a fresh map (sprig's own copy of the map header). */
function merge(args: GoValue[], overwrite: boolean): GoValue {
  const [dst, ...srcs] = args;
  if (!(dst instanceof GoMap)) return dst ?? null;
  let result = dst;
  for (const s of srcs) {
    const src = entriesOf(s);
    if (src === null) continue;
    if (result.entries === null) result = new GoMap(result.elem, new Map());
    mergeMaps(result.entries ?? new Map(), src, overwrite);
  }
  return result;
}

/** copystructure.Copy: a deep copy of maps, slices, structs and pointers. */
export function deepCopy(v: GoValue): GoValue {
  if (v instanceof GoMap) {
    return new GoMap(v.elem, v.entries && new Map([...v.entries].map(([k, x]) => [k, deepCopy(x)])));
  }
  if (v instanceof GoSlice) return new GoSlice(v.elem, v.items?.map(deepCopy) ?? null);
  if (v instanceof GoBytes) return new GoBytes(v.bytes && Uint8Array.from(v.bytes));
  if (v instanceof GoStruct) return new GoStruct(v.type, new Map([...v.fields].map(([k, x]) => [k, deepCopy(x)])));
  if (v instanceof GoPointer) return new GoPointer(v.elem, v.target === null ? null : deepCopy(v.target));
  return v;
}

export const dictFuncs: FuncTable = {
  dict: fn([], T_DICT, dict, I),
  set: fn([T_DICT, T.string, I], T_DICT, ([d, k, v]) => {
    const m = entriesOf(d);
    if (m === null) goError('assignment to entry in nil map');
    m.set(str(k), v ?? null);
    return d ?? null;
  }),
  unset: fn([T_DICT, T.string], T_DICT, ([d, k]) => {
    entriesOf(d)?.delete(str(k));
    return d ?? null;
  }),
  hasKey: fn([T_DICT, T.string], T.bool, ([d, k]) => entriesOf(d)?.has(str(k)) ?? false),
  pluck: fn(
    [T.string],
    T_IFACES,
    ([k, ...ds]) =>
      new GoSlice(
        I,
        ds.flatMap((d) => (entriesOf(d)?.has(str(k)) ? [entriesOf(d)?.get(str(k)) ?? null] : [])),
      ),
    T_DICT,
  ),
  keys: fn(
    [],
    T_STRINGS,
    (ds) =>
      new GoSlice(
        T.string,
        ds.flatMap((d) => [...(entriesOf(d)?.keys() ?? [])]),
      ),
    T_DICT,
  ),
  pick: fn(
    [T_DICT],
    T_DICT,
    ([d, ...ks]) => {
      const m = entriesOf(d);
      return newDict(new Map(ks.map(str).flatMap((k) => (m?.has(k) ? [[k, m.get(k) ?? null] as const] : []))));
    },
    T.string,
  ),
  omit: fn(
    [T_DICT],
    T_DICT,
    ([d, ...ks]) => {
      const drop = new Set(ks.map(str));
      return newDict(new Map([...(entriesOf(d) ?? [])].filter(([k]) => !drop.has(k))));
    },
    T.string,
  ),
  merge: fn([T_DICT], I, (args) => merge(args, false), T_DICT),
  mergeOverwrite: fn([T_DICT], I, (args) => merge(args, true), T_DICT),
  values: fn([T_DICT], T_IFACES, ([d]) => new GoSlice(I, [...(entriesOf(d)?.values() ?? [])])),
  deepCopy: fn([I], I, ([v]) =>
    // copystructure asks reflect for the type of its nil result.
    v === null || v === undefined ? goError('reflect: call of reflect.Value.Type on zero Value') : deepCopy(v),
  ),
};
