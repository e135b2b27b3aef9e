/**
 * sprig's reflection functions (reflect.go: typeOf/typeIs/typeIsLike/kindOf/kindIs) and reflect.DeepEqual, which
 * `deepEqual`, `has`, `uniq` and `without` rely on.
 */
import {
  GoBytes,
  GoMap,
  GoPointer,
  GoSlice,
  GoStruct,
  GoTime,
  type GoValue,
  T,
  typeOf,
  typeString,
} from '../values.js';
import { kindName } from './conv.js';
import { type FuncTable, fn, str } from './define.js';

/** fmt's %T. */
export function typeName(v: GoValue): string {
  const t = typeOf(v);
  return t === null ? '<nil>' : typeString(t);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function equalLists(a: GoValue[] | null, b: GoValue[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, i) => deepEqual(x, b[i] ?? null));
}

function equalMaps(a: Map<string, GoValue> | null, b: Map<string, GoValue> | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    if (!b.has(k) || !deepEqual(v, b.get(k) ?? null)) return false;
  }
  return true;
}

function equalObjects(x: object, y: object): boolean {
  if (x instanceof GoBytes && y instanceof GoBytes) {
    if (x.bytes === null || y.bytes === null) return x.bytes === y.bytes;
    return sameBytes(x.bytes, y.bytes);
  }
  if (x instanceof GoSlice && y instanceof GoSlice) return equalLists(x.items, y.items);
  if (x instanceof GoMap && y instanceof GoMap) return equalMaps(x.entries, y.entries);
  if (x instanceof GoStruct && y instanceof GoStruct) {
    return x.type.fields.every((f) => deepEqual(x.fields.get(f.name) ?? null, y.fields.get(f.name) ?? null));
  }
  if (x instanceof GoPointer && y instanceof GoPointer) {
    if (x.target === null || y.target === null) return x.target === y.target;
    return x.target === y.target || deepEqual(x.target, y.target);
  }
  if (x instanceof GoTime && y instanceof GoTime) {
    return x.unixNanos === y.unixNanos && x.offsetSeconds === y.offsetSeconds && x.zone === y.zone;
  }
  return false;
}

/** reflect.DeepEqual on two interface values: same dynamic type and deeply equal contents. */
export function deepEqual(x: GoValue, y: GoValue): boolean {
  if (x === null || y === null) return x === y;
  if (typeName(x) !== typeName(y)) return false;
  if (typeof x !== 'object' || typeof y !== 'object') return x === y;
  return x === y || equalObjects(x, y);
}

const I = T.iface;

export const reflectFuncs: FuncTable = {
  typeOf: fn([I], T.string, ([v]) => typeName(v ?? null)),
  typeIs: fn([T.string, I], T.bool, ([t, v]) => str(t) === typeName(v ?? null)),
  typeIsLike: fn([T.string, I], T.bool, ([t, v]) => {
    const name = typeName(v ?? null);
    return str(t) === name || `*${str(t)}` === name;
  }),
  kindOf: fn([I], T.string, ([v]) => kindName(v ?? null)),
  kindIs: fn([T.string, I], T.bool, ([t, v]) => str(t) === kindName(v ?? null)),
  deepEqual: fn([I, I], T.bool, ([a, b]) => deepEqual(a ?? null, b ?? null)),
};
