/**
 * The Go value model the template engine computes with.
 *
 * Go's text/template behaviour depends on static types (a missing key in a map[string]string yields "", in a
 * map[string]interface{} it yields <no value>; `hasKey` accepts only map[string]interface{}; an int and a float64
 * never compare equal). So values carry their Go type where JavaScript would lose it:
 *
 * | Go                         | here                                         |
 * |----------------------------|----------------------------------------------|
 * | string                     | `string`                                     |
 * | bool                       | `boolean`                                    |
 * | int, int64, uint8, int32…  | `bigint` (wrapped to 64 bits by arithmetic)  |
 * | float64                    | `number`                                     |
 * | nil interface / untyped nil| `null`                                       |
 * | []byte                     | `GoBytes`                                    |
 * | []T                        | `GoSlice`                                    |
 * | map[string]T               | `GoMap`                                      |
 * | struct                     | `GoStruct`                                   |
 * | *T                         | `GoPointer` (target null = typed nil pointer)|
 * | time.Time                  | `GoTime`                                     |
 */

export type GoType =
  /** `name`: a defined string type such as `v1alpha1.LocationType` (absent: Go's `string`). */
  | { readonly kind: 'string'; readonly name?: string }
  | { readonly kind: 'bool' }
  | { readonly kind: 'int'; readonly name: IntTypeName }
  | { readonly kind: 'float64' }
  | { readonly kind: 'interface' }
  | { readonly kind: 'bytes' }
  | { readonly kind: 'slice'; readonly elem: GoType }
  /** `name`: a defined map type such as `v1alpha1.JSONMap` (absent: the unnamed `map[string]T`). */
  | { readonly kind: 'map'; readonly elem: GoType; readonly name?: string }
  | { readonly kind: 'struct'; readonly struct: StructType }
  | { readonly kind: 'ptr'; readonly elem: GoType }
  | { readonly kind: 'time' };

export type IntTypeName = 'int' | 'int64' | 'int32' | 'uint8' | 'uint' | 'uint64';

export interface StructField {
  readonly name: string;
  readonly type: GoType;
  /** Embedded (anonymous) field: its own fields are promoted, as `v1.Secret` promotes `ObjectMeta.Namespace`. */
  readonly embedded?: boolean;
  /** The `json:"…"` tag name, used by toJson; absent means Go's field name. */
  readonly json?: string;
  /** `json:",omitempty"`. */
  readonly omitEmpty?: boolean;
  /** `json:",inline"` on an embedded struct (Kubernetes' TypeMeta). */
  readonly inline?: boolean;
}

export interface StructType {
  /** Qualified Go name as `%T` and error messages print it, e.g. `param.DeploymentParams`. */
  readonly name: string;
  readonly fields: readonly StructField[];
}

export type GoValue =
  | string
  | boolean
  | bigint
  | number
  | null
  | GoBytes
  | GoSlice
  | GoMap
  | GoStruct
  | GoPointer
  | GoTime;

export class GoBytes {
  constructor(readonly bytes: Uint8Array | null) {}
}

export class GoSlice {
  /** `items === null` is a nil slice (prints `[]`, has length 0). */
  constructor(
    readonly elem: GoType,
    readonly items: GoValue[] | null,
  ) {}
}

export class GoMap {
  /** `entries === null` is a nil map: reads give zero values, `range` is empty, prints `map[]`. */
  constructor(
    readonly elem: GoType,
    readonly entries: Map<string, GoValue> | null,
  ) {}
}

export class GoStruct {
  constructor(
    readonly type: StructType,
    readonly fields: Map<string, GoValue>,
  ) {}
}

export class GoPointer {
  /** `target === null` is a typed nil pointer such as a nil `*param.DeploymentParams`. */
  constructor(
    readonly elem: GoType,
    readonly target: GoValue | null,
  ) {}
}

export class GoTime {
  constructor(
    /** Nanoseconds since the Unix epoch. */
    readonly unixNanos: bigint,
    /** Offset east of UTC in seconds; 0 with zone "UTC" is Go's time.UTC. */
    readonly offsetSeconds: number,
    readonly zone: string,
  ) {}
}

export const T = {
  string: { kind: 'string' } as const,
  bool: { kind: 'bool' } as const,
  int: { kind: 'int', name: 'int' } as const,
  int64: { kind: 'int', name: 'int64' } as const,
  float64: { kind: 'float64' } as const,
  iface: { kind: 'interface' } as const,
  bytes: { kind: 'bytes' } as const,
  time: { kind: 'time' } as const,
  slice: (elem: GoType): GoType => ({ kind: 'slice', elem }),
  map: (elem: GoType): GoType => ({ kind: 'map', elem }),
  struct: (struct: StructType): GoType => ({ kind: 'struct', struct }),
  ptr: (elem: GoType): GoType => ({ kind: 'ptr', elem }),
} satisfies Record<string, GoType | ((t: GoType) => GoType) | ((s: StructType) => GoType)>;

/** Go's spelling of a type, as `%T`, `typeOf` and exec errors print it. */
export function typeString(t: GoType): string {
  switch (t.kind) {
    case 'string':
      return t.name ?? 'string';
    case 'bool':
    case 'float64':
      return t.kind;
    case 'int':
      return t.name;
    case 'interface':
      return 'interface {}';
    case 'bytes':
      return '[]uint8';
    case 'slice':
      return `[]${typeString(t.elem)}`;
    case 'map':
      return t.name ?? `map[string]${typeString(t.elem)}`;
    case 'struct':
      return t.struct.name;
    case 'ptr':
      return `*${typeString(t.elem)}`;
    case 'time':
      return 'time.Time';
  }
}

/** The dynamic Go type of a value; `null` (nil interface) has none. */
export function typeOf(v: GoValue): GoType | null {
  if (v === null) return null;
  switch (typeof v) {
    case 'string':
      return T.string;
    case 'boolean':
      return T.bool;
    case 'bigint':
      return T.int;
    case 'number':
      return T.float64;
  }
  if (v instanceof GoBytes) return T.bytes;
  if (v instanceof GoSlice) return T.slice(v.elem);
  if (v instanceof GoMap) return T.map(v.elem);
  if (v instanceof GoStruct) return T.struct(v.type);
  if (v instanceof GoPointer) return T.ptr(v.elem);
  return T.time;
}

/** Go's zero value of a type (what `index` returns for a missing map key). */
export function zeroValue(t: GoType): GoValue {
  switch (t.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
      return 0n;
    case 'float64':
      return 0;
    case 'interface':
      return null;
    case 'bytes':
      return new GoBytes(null);
    case 'slice':
      return new GoSlice(t.elem, null);
    case 'map':
      return new GoMap(t.elem, null);
    case 'struct':
      return new GoStruct(t.struct, new Map(t.struct.fields.map((f) => [f.name, zeroValue(f.type)])));
    case 'ptr':
      return new GoPointer(t.elem, null);
    case 'time':
      return new GoTime(-62135596800000000000n, 0, 'UTC');
  }
}

/** Wraps an arbitrary-precision result to Go's int64, as Go's arithmetic overflows. */
export function toInt64(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

/*
 * Extensions (template engine). Go keeps the dynamic type of every value inside an `interface{}`; a `bigint` here
 * does not say whether it was an `int` or an `int64`. Containers whose elements are `interface{}` can record the
 * Go type of the integers they hold (JSON decoding into `interface{}` gives `int64` per docs/dev/template-params.md),
 * so `%T`, `typeOf` and "wrong type for value" errors can name it. Unrecorded means `int` (a template constant).
 */
const dynamicIntTypes = new WeakMap<GoMap | GoSlice, IntTypeName>();

/** Records that the integers held (directly) by this interface-element container have Go type `name`. */
export function setDynamicIntType(container: GoMap | GoSlice, name: IntTypeName): void {
  dynamicIntTypes.set(container, name);
}

/** The Go type of integers held directly by `container` (`int` unless recorded). */
export function dynamicIntType(container: GoMap | GoSlice): IntTypeName {
  return dynamicIntTypes.get(container) ?? 'int';
}

const intTypes: Record<IntTypeName, GoType> = {
  int: T.int,
  int64: T.int64,
  int32: { kind: 'int', name: 'int32' },
  uint8: { kind: 'int', name: 'uint8' },
  uint: { kind: 'int', name: 'uint' },
  uint64: { kind: 'int', name: 'uint64' },
};

/** The GoType of an integer type name. */
export function intType(name: IntTypeName): GoType {
  return intTypes[name];
}

/** Like `typeOf`, but a `bigint` gets the integer type `intName` (for values taken out of an `interface{}`). */
export function dynamicTypeOf(v: GoValue, intName: IntTypeName = 'int'): GoType | null {
  return typeof v === 'bigint' ? intTypes[intName] : typeOf(v);
}

/**
 * Go's assignability of a value of type `v` to `t`: identical types, any type to `interface{}`, or identical
 * underlying types when one side is unnamed (a `v1alpha1.JSONMap` passes as `map[string]interface {}`, but a
 * `v1alpha1.LocationType` does not pass as `string`: both are named).
 */
export function assignableTo(v: GoType, t: GoType): boolean {
  if (t.kind === 'interface' || sameType(v, t)) return true;
  if (v.kind === 'map' && t.kind === 'map' && (v.name === undefined || t.name === undefined)) {
    return sameType(v.elem, t.elem);
  }
  return false;
}

/** Whether integers of this type are unsigned (print and compare as unsigned). */
export function isUnsignedInt(name: IntTypeName): boolean {
  return name === 'uint8' || name === 'uint' || name === 'uint64';
}

/** Go type identity (our types are structural descriptions; struct types are identified by name). */
export function sameType(a: GoType, b: GoType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'int':
    case 'string':
      return a.name === (b as typeof a).name;
    case 'map':
      return a.name === (b as typeof a).name && sameType(a.elem, (b as typeof a).elem);
    case 'slice':
    case 'ptr':
      return sameType(a.elem, (b as typeof a).elem);
    case 'struct':
      return a.struct === (b as typeof a).struct || a.struct.name === (b as typeof a).struct.name;
    default:
      return true;
  }
}
