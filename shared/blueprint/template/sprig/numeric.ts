/**
 * sprig v2.22.0 integer arithmetic (int64, wrapping like Go; division by zero is Go's runtime panic), float
 * rounding, `until`/`untilStep` and the int/int64/float64/toDecimal conversions (numeric.go, functions.go).
 */
import { formatValue } from '../fmt.js';
import { GoSlice, type GoValue, T, toInt64 as wrap64 } from '../values.js';
import { toFloat64, toInt64 } from './conv.js';
import { type FuncTable, fn, goError, int, T_INT, T_INT64 } from './define.js';

const I = T.iface;
const F = T.float64;

/** Refuses lists Go would spend seconds and gigabytes building; no blueprint needs ten million numbers. */
const MAX_RANGE = 10_000_000;

function divide(a: bigint, b: bigint, op: 'div' | 'mod'): bigint {
  if (b === 0n) goError('runtime error: integer divide by zero');
  return wrap64(op === 'div' ? a / b : a % b);
}

function untilStep(start: bigint, stop: bigint, step: bigint): GoSlice {
  const out: bigint[] = [];
  const push = (i: bigint): void => {
    if (out.length >= MAX_RANGE) goError(`untilStep: more than ${MAX_RANGE} items`);
    out.push(i);
  };
  if (stop < start) {
    if (step >= 0n) return new GoSlice(T_INT, out);
    for (let i = start; i > stop; i += step) push(i);
    return new GoSlice(T_INT, out);
  }
  if (step <= 0n) return new GoSlice(T_INT, out);
  for (let i = start; i < stop; i += step) push(i);
  return new GoSlice(T_INT, out);
}

/** sprig round: scales by 10^places and rounds up when the fraction reaches roundOn (default .5). */
function round(a: GoValue, places: bigint, roundOn: number): number {
  const val = toFloat64(a);
  const pow = 10 ** Number(places);
  const digit = pow * val;
  const frac = digit - Math.trunc(digit);
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

/** strconv.ParseInt(fmt.Sprint(v), 8, 64); any error gives 0. */
function toDecimal(v: GoValue): bigint {
  const s = typeof v === 'string' ? v : formatValue(v);
  if (!/^[+-]?[0-7]+$/.test(s)) return 0n;
  const neg = s.startsWith('-');
  const n = BigInt(`0o${s.replace(/^[+-]/, '')}`);
  const signed = neg ? -n : n;
  return signed < -(2n ** 63n) || signed >= 2n ** 63n ? 0n : signed;
}

const extreme = (pick: (a: bigint, b: bigint) => boolean) =>
  fn(
    [I],
    T_INT64,
    ([a, ...rest]) => rest.reduce<bigint>((acc, b) => (pick(toInt64(b), acc) ? toInt64(b) : acc), toInt64(a ?? null)),
    I,
  );

export const numericFuncs: FuncTable = {
  int64: fn([I], T_INT64, ([v]) => toInt64(v ?? null)),
  int: fn([I], T_INT, ([v]) => toInt64(v ?? null)),
  float64: fn([I], F, ([v]) => toFloat64(v ?? null)),
  toDecimal: fn([I], T_INT64, ([v]) => toDecimal(v ?? null)),
  until: fn([T_INT], T.slice(T_INT), ([n]) => untilStep(0n, int(n), int(n) < 0n ? -1n : 1n)),
  untilStep: fn([T_INT, T_INT, T_INT], T.slice(T_INT), ([a, b, s]) => untilStep(int(a), int(b), int(s))),
  add1: fn([I], T_INT64, ([v]) => wrap64(toInt64(v ?? null) + 1n)),
  add: fn([], T_INT64, (args) => args.reduce<bigint>((acc, v) => wrap64(acc + toInt64(v)), 0n), I),
  sub: fn([I, I], T_INT64, ([a, b]) => wrap64(toInt64(a ?? null) - toInt64(b ?? null))),
  div: fn([I, I], T_INT64, ([a, b]) => divide(toInt64(a ?? null), toInt64(b ?? null), 'div')),
  mod: fn([I, I], T_INT64, ([a, b]) => divide(toInt64(a ?? null), toInt64(b ?? null), 'mod')),
  mul: fn(
    [I],
    T_INT64,
    ([a, ...rest]) => rest.reduce<bigint>((acc, v) => wrap64(acc * toInt64(v)), toInt64(a ?? null)),
    I,
  ),
  biggest: extreme((b, acc) => b > acc),
  max: extreme((b, acc) => b > acc),
  min: extreme((b, acc) => b < acc),
  ceil: fn([I], F, ([v]) => Math.ceil(toFloat64(v ?? null))),
  floor: fn([I], F, ([v]) => Math.floor(toFloat64(v ?? null))),
  round: fn([I, T_INT], F, ([a, p, r]) => round(a ?? null, int(p), typeof r === 'number' ? r : 0.5), F),
};
