/**
 * Kanister reads every function arg with `mapstructure.WeakDecode` (mitchellh/mapstructure v1.5.0, via
 * `pkg/function/args.go` `Arg`/`OptArg`). This module reproduces its coercions for the Go types args use,
 * on the JavaScript values a rendered blueprint holds (strings, numbers, booleans, null, lists, maps):
 *
 * | Go target            | accepts                                                                      |
 * |----------------------|------------------------------------------------------------------------------|
 * | string               | string; bool → "1"/"0"; number → base-10 / shortest `'f'` float; null → ""  |
 * | bool                 | bool; number → ≠ 0; string → `strconv.ParseBool`, "" → false; null → false   |
 * | int (int64)          | integer; float → truncated; bool → 1/0; string → `ParseInt(s, 0, 64)`, "" → 0|
 * | []T                  | list (each element decoded); a single value is lifted to a one-element list;|
 * |                      | an empty map is an empty list; null → empty                                  |
 * | map[string]T         | map (values decoded); an empty list is an empty map; a list of maps merges   |
 * | map[string]any       | map, values kept as they are                                                 |
 * | struct               | map; keys match field names case-insensitively; unknown keys are ignored     |
 *
 * Decoders throw `WeakDecodeError` carrying the path inside the arg; the zod layer (`arg-schemas.ts`) turns it
 * into a message that names the arg.
 */
import { formatGoFloat, parseGoBool, parseGoInt } from './go-strconv.js';

export type PathSegment = string | number;

/** A value Go could not decode into the arg's type; `expected` names the Go-side type at `path`. */
export class WeakDecodeError extends Error {
  override readonly name = 'WeakDecodeError';
  constructor(
    message: string,
    readonly path: readonly PathSegment[] = [],
    /** Set for a type mismatch (as opposed to an unparsable string): the caller may phrase it with its own noun. */
    readonly mismatch?: { readonly expected: string; readonly got: string },
  ) {
    super(message);
  }

  /** The same failure one level down (inside a list element or a map value). */
  within(segment: PathSegment): WeakDecodeError {
    return new WeakDecodeError(this.message, [segment, ...this.path], this.mismatch);
  }
}

export type Decoder<T> = (value: unknown) => T;

/** How a value reads in a message: "a list", "a map", "the number 1.5". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'bytes';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value)}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'number':
    case 'bigint':
      return `the number ${value}`;
    case 'object':
      return 'a map';
    default:
      return `a ${typeof value}`;
  }
}

function mismatch(expected: string, value: unknown): WeakDecodeError {
  const got = describeValue(value);
  return new WeakDecodeError(`expected ${expected}, got ${got}`, [], { expected, got });
}

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** Go `string`. */
export function decodeString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isInteger(value) ? formatInteger(value) : formatGoFloat(value);
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  throw mismatch('a string', value);
}

// YAML integers arrive as JS numbers; Go printed them as int64, which never uses exponent notation.
function formatInteger(n: number): string {
  return Object.is(n, -0) ? '0' : BigInt(n).toString();
}

/** Go `bool`. */
export function decodeBool(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'string') {
    const parsed = parseGoBool(value);
    if (parsed !== undefined) return parsed;
    if (value === '') return false;
    throw new WeakDecodeError(`${JSON.stringify(value)} is not a boolean (use true/false, 1/0, t/f)`);
  }
  throw mismatch('a boolean', value);
}

/** Go `int` (64-bit). Values beyond JavaScript's safe integers are refused rather than silently rounded. */
export function decodeInt(value: unknown): number {
  const big = decodeInt64(value);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new WeakDecodeError(`${big} is too large an integer for Holdfast (max ${Number.MAX_SAFE_INTEGER})`);
  }
  return Number(big);
}

function decodeInt64(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new WeakDecodeError(`${value} is not an integer`);
    return BigInt(Math.trunc(value)); // Go's int64(f) truncates toward zero
  }
  if (typeof value === 'string') {
    const parsed = parseGoInt(value === '' ? '0' : value);
    if (parsed.ok) return parsed.value;
    throw new WeakDecodeError(
      parsed.reason === 'range'
        ? `${JSON.stringify(value)} is out of range for a 64-bit integer`
        : `${JSON.stringify(value)} is not an integer`,
    );
  }
  throw mismatch('an integer', value);
}

/** Go `[]T`. */
export function decodeList<T>(value: unknown, element: Decoder<T>): T[] {
  if (value === null || value === undefined) return [];
  if (isPlainMap(value) && Object.keys(value).length === 0) return [];
  // Anything that is not a list is lifted into a one-element list ("a string becomes a string slice").
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, index) => {
    try {
      return element(item);
    } catch (error) {
      throw error instanceof WeakDecodeError ? error.within(index) : error;
    }
  });
}

/** Go `map[string]T`. */
export function decodeMap<T>(value: unknown, element: Decoder<T>): Record<string, T> {
  if (value === null || value === undefined) return {};
  if (Array.isArray(value)) {
    // An empty list is an empty map; a list of maps is merged in order.
    const merged: Record<string, T> = {};
    value.forEach((item, index) => {
      try {
        Object.assign(merged, decodeMap(item, element));
      } catch (error) {
        throw error instanceof WeakDecodeError ? error.within(index) : error;
      }
    });
    return merged;
  }
  if (!isPlainMap(value)) throw mismatch('a map', value);
  const out: Record<string, T> = {};
  for (const [key, item] of Object.entries(value)) {
    try {
      out[key] = element(item);
    } catch (error) {
      throw error instanceof WeakDecodeError ? error.within(key) : error;
    }
  }
  return out;
}

/** Go `map[string]interface{}` (e.g. `crv1alpha1.JSONMap`): a map whose values are kept as they are. */
export function decodeJsonMap(value: unknown): Record<string, unknown> {
  return decodeMap(value, (item) => item);
}

export type StructFields = Readonly<Record<string, Decoder<unknown>>>;
export type DecodedStruct<F extends StructFields> = { [K in keyof F]: ReturnType<F[K]> };

/**
 * A Go struct decoded from a map: each field takes the key equal to its name, else one equal ignoring case
 * (mapstructure's `strings.EqualFold`); keys matching no field are ignored; missing fields get their zero value.
 */
export function decodeStruct<F extends StructFields>(value: unknown, fields: F): DecodedStruct<F> {
  const source = value === null || value === undefined ? {} : value;
  if (!isPlainMap(source)) throw mismatch('a map', value);
  const keys = Object.keys(source);
  const out: Record<string, unknown> = {};
  for (const [field, decode] of Object.entries(fields)) {
    const key = keys.includes(field) ? field : keys.find((k) => k.toLowerCase() === field.toLowerCase());
    try {
      out[field] = decode(key === undefined ? undefined : source[key]);
    } catch (error) {
      throw error instanceof WeakDecodeError ? error.within(key ?? field) : error;
    }
  }
  return out as DecodedStruct<F>;
}
