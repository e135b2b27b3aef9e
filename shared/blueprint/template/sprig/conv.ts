/**
 * sprig's shared conversions: `strval`, `strslice`, `toInt64`, `toFloat64` (sprig v2's own reflection-based
 * versions, not spf13/cast which only v3 uses), `empty`, and the reflect kind names its panics print.
 */
import { formatValue } from '../fmt.js';
import { underscoreOK } from '../numparse.js';
import { GoBytes, GoMap, GoPointer, GoSlice, type GoValue } from '../values.js';
import { fromUtf8 } from './gostr.js';
import { semverString } from './semver-value.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** reflect.Kind.String() of a value's dynamic type; `invalid` for a nil interface. */
export function kindName(v: GoValue): string {
  if (v === null) return 'invalid';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
  }
  if (v instanceof GoBytes || v instanceof GoSlice) return 'slice';
  if (v instanceof GoMap) return 'map';
  if (v instanceof GoPointer) return 'ptr';
  return 'struct';
}

/** sprig strval: string as is, []byte as text, Stringers via String(), anything else as fmt's %v. */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof GoBytes) return v.bytes === null ? '' : fromUtf8(v.bytes);
  const sv = semverString(v);
  if (sv !== null) return sv;
  return formatValue(v);
}

/** Elements of a slice-like value (GoSlice items, or a []byte's bytes as uint8 values); null if not a slice. */
export function sliceItems(v: GoValue): GoValue[] | null {
  if (v instanceof GoSlice) return v.items ?? [];
  if (v instanceof GoBytes) return v.bytes === null ? [] : Array.from(v.bytes, (b) => BigInt(b));
  return null;
}

/** sprig strslice: a list's elements as strings (nil elements dropped), a nil value as none, else one string. */
export function strslice(v: GoValue): string[] {
  if (v instanceof GoSlice && v.elem.kind === 'string') return (v.items ?? []) as string[];
  const items = sliceItems(v);
  if (items !== null) return items.filter((x) => x !== null).map(strval);
  return v === null ? [] : [strval(v)];
}

/** Go's float64 → int64 conversion as amd64 does it: truncation; NaN and out-of-range give MinInt64. */
export function floatToInt64(f: number): bigint {
  if (Number.isNaN(f) || f >= 2 ** 63 || f < -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

/** strconv.ParseInt(s, 10, 64); null on any error (sprig then uses 0). */
export function parseInt10(s: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? null : n;
}

const decimalFloat = /^[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?$/;
const hexFloat = /^([+-]?)0[xX]([0-9a-fA-F_]*)\.?([0-9a-fA-F_]*)[pP]([+-]?[0-9_]+)$/;

/** strconv.ParseFloat(s, 64); null on any error, including out of range (sprig then uses 0). */
export function parseFloat64(s: string): number | null {
  const special = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (special) return special[1] === '-' ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return Number.NaN;
  if (s.includes('_') && !underscoreOK(s)) return null;
  const clean = s.replaceAll('_', '');
  let f: number;
  const hex = hexFloat.exec(s);
  if (hex) {
    const [, sign, whole = '', frac = '', exp = '0'] = hex;
    const w = whole.replaceAll('_', '');
    const fr = frac.replaceAll('_', '');
    if (w === '' && fr === '') return null;
    const mant = Number.parseInt(`${w}${fr}` || '0', 16);
    f = mant * 2 ** (Number(exp.replaceAll('_', '')) - 4 * fr.length);
    if (sign === '-') f = -f;
  } else if (decimalFloat.test(s) && /[0-9]/.test(s)) {
    f = Number(clean);
  } else {
    return null;
  }
  return Number.isFinite(f) ? f : null;
}

/** sprig v2 toInt64. */
export function toInt64(v: GoValue): bigint {
  if (typeof v === 'string') return parseInt10(v) ?? 0n;
  const d = v instanceof GoPointer ? v.target : v;
  if (typeof d === 'bigint') return d;
  if (typeof d === 'number') return floatToInt64(d);
  if (typeof d === 'boolean') return d ? 1n : 0n;
  return 0n;
}

/** sprig v2 toFloat64. */
export function toFloat64(v: GoValue): number {
  if (typeof v === 'string') return parseFloat64(v) ?? 0;
  const d = v instanceof GoPointer ? v.target : v;
  if (typeof d === 'bigint') return Number(d);
  if (typeof d === 'number') return d;
  if (typeof d === 'boolean') return d ? 1 : 0;
  return 0;
}

/** sprig empty(): zero numbers, false, empty strings and collections, nil; structs never. */
export function empty(v: GoValue): boolean {
  if (v === null) return true;
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'boolean':
      return !v;
    case 'bigint':
      return v === 0n;
    case 'number':
      return v === 0;
  }
  if (v instanceof GoBytes) return v.bytes === null || v.bytes.length === 0;
  if (v instanceof GoSlice) return v.items === null || v.items.length === 0;
  if (v instanceof GoMap) return v.entries === null || v.entries.size === 0;
  if (v instanceof GoPointer) return v.target === null;
  return false;
}
