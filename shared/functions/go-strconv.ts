/**
 * Go's scalar parsers and formatters that Kanister's arg decoding leans on, reproduced exactly:
 * `strconv.ParseInt(s, 0, 64)` (base prefixes, underscores), `strconv.ParseBool`, `strconv.Atoi`,
 * `strconv.FormatFloat(f, 'f', -1, 64)` and `time.ParseDuration`.
 *
 * Each parser returns `undefined` (or a typed failure) instead of throwing, so callers phrase the message.
 */
import { underscoreOK } from '../blueprint/template/numparse.js';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

export type GoIntResult =
  | { readonly ok: true; readonly value: bigint }
  | { readonly ok: false; readonly reason: 'syntax' | 'range' };

/** `strconv.ParseInt(s, 0, 64)`: optional sign, `0b`/`0o`/`0x`/leading-`0` prefixes, `_` digit separators. */
export function parseGoInt(s: string): GoIntResult {
  let body = s;
  let negative = false;
  if (body.startsWith('+') || body.startsWith('-')) {
    negative = body.startsWith('-');
    body = body.slice(1);
  }
  const magnitude = parseGoUintBase0(body);
  if (magnitude === 'syntax' || (magnitude !== 'range' && hasUnderscore(body) && !underscoreOK(s))) {
    return { ok: false, reason: 'syntax' };
  }
  if (magnitude === 'range') return { ok: false, reason: 'range' };
  const value = negative ? -magnitude : magnitude;
  if (value > INT64_MAX || value < INT64_MIN) return { ok: false, reason: 'range' };
  return { ok: true, value };
}

function hasUnderscore(s: string): boolean {
  return s.includes('_');
}

function parseGoUintBase0(input: string): bigint | 'syntax' | 'range' {
  if (input === '') return 'syntax';
  let base = 10n;
  let digits = input;
  if (input[0] === '0') {
    const marker = input.length >= 3 ? input[1]?.toLowerCase() : undefined;
    if (marker === 'b' || marker === 'o' || marker === 'x') {
      base = marker === 'b' ? 2n : marker === 'o' ? 8n : 16n;
      digits = input.slice(2);
    } else {
      base = 8n;
      digits = input.slice(1);
    }
  }
  let n = 0n;
  for (const ch of digits) {
    if (ch === '_') continue; // validity is checked separately by underscoreOK, as Go does
    const d = digitValue(ch);
    if (d === undefined || BigInt(d) >= base) return 'syntax';
    n = n * base + BigInt(d);
    if (n > UINT64_MAX) return 'range';
  }
  return n;
}

function digitValue(ch: string): number | undefined {
  const c = ch.toLowerCase();
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'z') return c.charCodeAt(0) - 87;
  return undefined;
}

/** `strconv.Atoi`: base 10 only, optional sign, no prefixes or underscores; int64 range on 64-bit Go. */
export function parseGoAtoi(s: string): GoIntResult {
  if (!/^[+-]?[0-9]+$/.test(s)) return { ok: false, reason: 'syntax' };
  const value = BigInt(s);
  if (value > INT64_MAX || value < INT64_MIN) return { ok: false, reason: 'range' };
  return { ok: true, value };
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** `strconv.ParseBool`; `undefined` when Go would return a syntax error. */
export function parseGoBool(s: string): boolean | undefined {
  if (GO_TRUE.has(s)) return true;
  if (GO_FALSE.has(s)) return false;
  return undefined;
}

/** `strconv.FormatFloat(f, 'f', -1, 64)`: shortest round-trip digits, never exponent notation. */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Object.is(f, -0)) return '-0';
  const shortest = String(f);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest);
  if (!match) return shortest;
  const [, sign = '', lead = '', frac = '', exp = '0'] = match;
  const digits = lead + frac;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const DURATION_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // U+00B5 micro sign
  ['\u03bcs', 1_000n], // U+03BC Greek mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const DURATION_LIMIT = 1n << 63n;

/** `time.ParseDuration`, in nanoseconds; `undefined` for anything Go rejects (syntax, unknown unit, overflow). */
export function parseGoDuration(input: string): bigint | undefined {
  let s = input;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  while (s !== '') {
    const term = /^([0-9]*)(?:\.([0-9]*))?([^0-9.]*)/.exec(s);
    const [whole = '', intPart = '', fracPart, unitName = ''] = term ?? [];
    const hasFraction = fracPart !== undefined;
    if (intPart === '' && (!hasFraction || fracPart === '')) return undefined;
    const unit = DURATION_UNITS.get(unitName);
    if (unitName === '' || unit === undefined) return undefined;
    const value = durationTerm(intPart, fracPart ?? '', unit);
    if (value === undefined) return undefined;
    total += value;
    if (total > DURATION_LIMIT) return undefined;
    s = s.slice(whole.length);
  }
  if (negative) return -total;
  return total > DURATION_LIMIT - 1n ? undefined : total;
}

/** One `<int>[.<frac>]<unit>` term; the fraction is truncated the way Go's float math does it. */
function durationTerm(intPart: string, fracPart: string, unit: bigint): bigint | undefined {
  const whole = intPart === '' ? 0n : BigInt(intPart);
  if (whole > DURATION_LIMIT / unit) return undefined;
  let value = whole * unit;
  // Go's leadingFraction stops accumulating digits once they would overflow int64.
  let f = 0n;
  let scale = 1;
  let overflow = false;
  for (const ch of fracPart) {
    if (overflow) continue;
    const next = f * 10n + BigInt(ch.charCodeAt(0) - 48);
    if (f > (DURATION_LIMIT - 1n) / 10n || next > DURATION_LIMIT) {
      overflow = true;
      continue;
    }
    f = next;
    scale *= 10;
  }
  if (f > 0n) {
    value += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
    if (value > DURATION_LIMIT) return undefined;
  }
  return value;
}
