import { describe, expect, it } from 'vitest';
import { GoPointer, T } from '../../../../../shared/blueprint/template/values.js';
import { call, failure, func, items } from './call.js';

describe('sprig arithmetic', () => {
  it('converts every argument with sprig v2 toInt64 (base-10 strings, truncated floats, bools)', () => {
    expect(call('add', 1n, '2', 3.7, true)).toBe(7n);
    expect(call('add')).toBe(0n);
    expect(call('sub', 1n, 'x')).toBe(1n);
    expect(call('mul', 2n, 3n, 4n)).toBe(24n);
    expect(call('add1', '9')).toBe(10n);
    expect(call('add1', -1.9)).toBe(0n);
    // v2 parses strings in base 10 only; sprig v3 (spf13/cast) would read "0x10" as 16 and "010" as 8.
    expect(call('int64', '0x10')).toBe(0n);
    expect(call('int', '010')).toBe(10n);
    expect(call('int64', '99999999999999999999')).toBe(0n);
    expect(call('int', new GoPointer(T.int, 5n))).toBe(5n);
    expect(call('int', null)).toBe(0n);
  });

  it('declares int64 results (int for int, float64 for float64)', () => {
    expect(func('add').result).toEqual(T.int64);
    expect(func('int').result).toEqual(T.int);
    expect(func('float64').result).toEqual(T.float64);
  });

  it('wraps on overflow and panics on division by zero like Go', () => {
    expect(call('add', 9223372036854775807n, 1n)).toBe(-9223372036854775808n);
    expect(call('div', 7n, -2n)).toBe(-3n);
    expect(call('mod', -7n, 2n)).toBe(-1n);
    expect(failure('div', 1n, 0n)).toBe('runtime error: integer divide by zero');
    expect(failure('mod', 7n, 0n)).toBe('runtime error: integer divide by zero');
  });

  it('max/min/biggest compare as int64', () => {
    expect(call('max', 1n, 5n, '9')).toBe(9n);
    expect(call('biggest', 3n)).toBe(3n);
    expect(call('min', 3n, -2n)).toBe(-2n);
  });

  it('float helpers: floor, ceil, round with sprig rounding (half up, optional threshold)', () => {
    expect(call('floor', 1.5)).toBe(1);
    expect(call('ceil', '1.2')).toBe(2);
    expect(call('floor', 'x')).toBe(0);
    expect(call('round', 1.23456, 2n)).toBe(1.23);
    expect(call('round', 2.5, 0n)).toBe(3);
    expect(call('round', -2.5, 0n)).toBe(-3);
    expect(call('round', 1.5, 0n, 0.6)).toBe(1);
    expect(call('round', 123.456, -1n)).toBe(120);
  });

  it('float64 uses strconv.ParseFloat and yields 0 on any error, including overflow', () => {
    expect(call('float64', '1e3')).toBe(1000);
    expect(call('float64', '1_000.5')).toBe(1000.5);
    expect(call('float64', '0x1p-2')).toBe(0.25);
    expect(call('float64', 'inf')).toBe(Number.POSITIVE_INFINITY);
    expect(call('float64', '1e400')).toBe(0);
    expect(call('float64', '1e')).toBe(0);
    expect(call('float64', true)).toBe(1);
  });

  it('toDecimal reads octal from the value printed with %v', () => {
    expect(call('toDecimal', '0777')).toBe(511n);
    expect(call('toDecimal', 777n)).toBe(511n);
    expect(call('toDecimal', '8')).toBe(0n);
  });

  it('until and untilStep build []int ranges', () => {
    expect(items(call('until', 3n))).toEqual([0n, 1n, 2n]);
    expect(items(call('until', -2n))).toEqual([0n, -1n]);
    expect(items(call('untilStep', 10n, 0n, -3n))).toEqual([10n, 7n, 4n, 1n]);
    expect(items(call('untilStep', 0n, 10n, 0n))).toEqual([]);
    expect(func('until').result).toEqual(T.slice(T.int));
  });
});
