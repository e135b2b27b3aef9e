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
  | { readonly kind: 'string' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'int'; readonly name: IntTypeName }
  | { readonly kind: 'float64' }
  | { readonly kind: 'interface' }
  | { readonly kind: 'bytes' }
  | { readonly kind: 'slice'; readonly elem: GoType }
  | { readonly kind: 'map'; readonly elem: GoType }
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
      return `map[string]${typeString(t.elem)}`;
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
