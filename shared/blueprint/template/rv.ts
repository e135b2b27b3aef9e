/**
 * The executor's `reflect.Value`: a value with its static Go type. Go's behaviour depends on that type, not only on
 * the dynamic value: an element of a `map[string]interface{}` is an *interface* whose field access errors say
 * `interface {}`, a missing key of a `map[string]string` indexes to `""` but of a `map[string]interface{}` to nil.
 */
import type { FmtArg } from './fmt.js';
import {
  dynamicIntType,
  dynamicTypeOf,
  type GoBytes,
  type GoMap,
  GoPointer,
  type GoSlice,
  GoStruct,
  type GoType,
  type GoValue,
  type StructField,
  type StructType,
  T,
  typeString,
  zeroValue,
} from './values.js';

/** A complex constant (`1i`): only template literals produce one. */
export class Complex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}

export const COMPLEX: { readonly kind: 'complex' } = { kind: 'complex' };
export type RType = GoType | typeof COMPLEX;

export interface RV {
  /** Static type; null is Go's zero (invalid) reflect.Value. */
  readonly t: RType | null;
  readonly v: GoValue | Complex;
  /** For interface-typed values: the dynamic type of `v` (null for a nil interface). */
  readonly dt?: GoType | null;
}

export const INVALID: RV = Object.freeze({ t: null, v: null });
export const IFACE: GoType = T.iface;

export function rv(t: GoType, v: GoValue): RV {
  return { t, v };
}

/** An interface-typed value holding `v` (integers of type `intName`). */
export function ifaceRV(v: GoValue, intName: Parameters<typeof dynamicTypeOf>[1] = 'int'): RV {
  return { t: IFACE, v, dt: dynamicTypeOf(v, intName) };
}

/** A value of static type `t` taken out of `container` (an interface element keeps its dynamic type). */
export function elemRV(t: GoType, v: GoValue, container: GoMap | GoSlice | null): RV {
  if (t.kind === 'interface') return ifaceRV(v, container === null ? 'int' : dynamicIntType(container));
  return { t, v };
}

export function typeName(t: RType): string {
  return t.kind === 'complex' ? 'complex128' : typeString(t);
}

export function isInterface(x: RV): boolean {
  return x.t !== null && x.t.kind === 'interface';
}

/** reflect.Value.Elem of an interface value. */
export function ifaceElem(x: RV): RV {
  if (x.v === null || x.dt === undefined || x.dt === null) return INVALID;
  return { t: x.dt, v: x.v };
}

/** Go's indirectInterface: the concrete value inside an interface, or invalid for a nil interface. */
export function indirectInterface(x: RV): RV {
  return isInterface(x) ? ifaceElem(x) : x;
}

/** Go's indirect: through pointers and interfaces; `isNil` with the nil pointer/interface itself. */
export function indirect(x: RV): { v: RV; isNil: boolean } {
  for (;;) {
    if (x.t === null) return { v: x, isNil: false };
    if (x.t.kind === 'interface') {
      if (x.v === null) return { v: x, isNil: true };
      x = ifaceElem(x);
    } else if (x.t.kind === 'ptr') {
      const p = x.v as GoPointer;
      if (p.target === null) return { v: x, isNil: true };
      x = { t: x.t.elem, v: p.target };
    } else return { v: x, isNil: false };
  }
}

/** Go's isTrue; every kind in our model has a truth value. */
export function isTrue(x: RV): boolean {
  if (x.t === null) return false;
  const v = x.v;
  switch (x.t.kind) {
    case 'string':
      return (v as string).length > 0;
    case 'bool':
      return v as boolean;
    case 'int':
      return (v as bigint) !== 0n;
    case 'float64':
      return (v as number) !== 0;
    case 'complex':
      return (v as Complex).re !== 0 || (v as Complex).im !== 0;
    case 'bytes':
      return ((v as GoBytes).bytes?.length ?? 0) > 0;
    case 'slice':
      return ((v as GoSlice).items?.length ?? 0) > 0;
    case 'map':
      return ((v as GoMap).entries?.size ?? 0) > 0;
    case 'ptr':
      return (v as GoPointer).target !== null;
    case 'interface':
      return v !== null;
    default:
      return true; // struct, time
  }
}

/** Go's `truth` builtin helper: isTrue of the value inside an interface. */
export function truth(x: RV): boolean {
  return isTrue(indirectInterface(x));
}

/** reflect.Type.FieldByName: breadth-first through embedded structs; ambiguity at one depth means not found. */
export function fieldByName(st: StructType, name: string): StructField[] | null {
  let level: { type: StructType; path: StructField[] }[] = [{ type: st, path: [] }];
  const seen = new Set<string>();
  while (level.length > 0) {
    const found: StructField[][] = [];
    const next: { type: StructType; path: StructField[] }[] = [];
    for (const { type, path } of level) {
      if (seen.has(type.name)) continue;
      seen.add(type.name);
      for (const f of type.fields) {
        if (f.name === name) found.push([...path, f]);
        else if (f.embedded) {
          const ft = f.type.kind === 'ptr' ? f.type.elem : f.type;
          if (ft.kind === 'struct') next.push({ type: ft.struct, path: [...path, f] });
        }
      }
    }
    if (found.length === 1) return found[0] as StructField[];
    if (found.length > 1) return null;
    level = next;
  }
  return null;
}

/** The field at `path` of struct value `s`. */
export function fieldByPath(s: GoStruct, path: StructField[]): RV {
  let cur: GoValue = s;
  let field: StructField | undefined;
  for (field of path) {
    let holder: GoValue = cur;
    if (holder instanceof GoPointer) holder = holder.target;
    const fv: GoValue | undefined = holder instanceof GoStruct ? holder.fields.get(field.name) : undefined;
    cur = fv === undefined ? zeroValue(field.type) : fv;
  }
  const f = field as StructField;
  return elemRV(f.type, cur, null);
}

/** Length of a string (UTF-8 bytes), slice, bytes or map value; null if it has none. */
export function lenOf(x: RV, utf8Length: (s: string) => number): number | null {
  if (x.t === null) return null;
  switch (x.t.kind) {
    case 'string':
      return utf8Length(x.v as string);
    case 'bytes':
      return (x.v as GoBytes).bytes?.length ?? 0;
    case 'slice':
      return (x.v as GoSlice).items?.length ?? 0;
    case 'map':
      return (x.v as GoMap).entries?.size ?? 0;
    default:
      return null;
  }
}

/** The value as fmt sees it: an interface prints as its dynamic value. */
export function toFmtArg(x: RV): FmtArg {
  if (x.t === null) return { v: null, t: null };
  if (x.t.kind === 'interface') return { v: x.v as GoValue, t: x.dt ?? null };
  if (x.t.kind === 'complex') return { v: null, t: null };
  return { v: x.v as GoValue, t: x.t };
}

/** Whether values of this type can be compared with == (Go's Type.Comparable). */
export function comparable(t: RType): boolean {
  switch (t.kind) {
    case 'slice':
    case 'map':
    case 'bytes':
      return false;
    case 'struct':
      return t.struct.fields.every((f) => comparable(f.type));
    default:
      return true;
  }
}

/** Go's == on two values of the same comparable type. */
export function equalValues(a: GoValue, b: GoValue): boolean {
  if (a === b) return true;
  if (a instanceof GoPointer && b instanceof GoPointer) return a.target === null && b.target === null;
  if (a instanceof GoStruct && b instanceof GoStruct) {
    return a.type.fields.every((f) => {
      const x = a.fields.get(f.name) ?? zeroValue(f.type);
      const y = b.fields.get(f.name) ?? zeroValue(f.type);
      return equalValues(x, y);
    });
  }
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (
    a !== null &&
    b !== null &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    'unixNanos' in a &&
    'unixNanos' in b
  ) {
    return a.unixNanos === b.unixNanos && a.offsetSeconds === b.offsetSeconds && a.zone === b.zone;
  }
  return false;
}
