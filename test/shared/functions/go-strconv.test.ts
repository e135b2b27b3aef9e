import { describe, expect, it } from 'vitest';
import {
  formatGoFloat,
  parseGoAtoi,
  parseGoBool,
  parseGoDuration,
  parseGoInt,
} from '../../../shared/functions/go-strconv.js';

describe('parseGoInt matches strconv.ParseInt(s, 0, 64)', () => {
  it.each([
    ['42', 42n],
    ['-42', -42n],
    ['+7', 7n],
    ['0x10', 16n],
    ['0X1f', 31n],
    ['010', 8n],
    ['0o17', 15n],
    ['0b101', 5n],
    ['0', 0n],
    ['1_000', 1000n],
    ['0x_ff', 255n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
  ])('%s → %s', (input, expected) => {
    expect(parseGoInt(input)).toEqual({ ok: true, value: expected });
  });

  it.each([['abc'], [''], ['08'], ['0x'], ['1__0'], ['_1'], ['1_'], ['1.5'], [' 1'], ['1e3'], ['--1']])(
    '%j is a syntax error',
    (input) => {
      expect(parseGoInt(input)).toEqual({ ok: false, reason: 'syntax' });
    },
  );

  it.each([['9223372036854775808'], ['-9223372036854775809'], ['0xffffffffffffffffff']])(
    '%s is out of range',
    (input) => {
      expect(parseGoInt(input)).toEqual({ ok: false, reason: 'range' });
    },
  );
});

describe('parseGoAtoi matches strconv.Atoi', () => {
  it('takes base-10 digits only', () => {
    expect(parseGoAtoi('007')).toEqual({ ok: true, value: 7n });
    expect(parseGoAtoi('-3')).toEqual({ ok: true, value: -3n });
    expect(parseGoAtoi('0x10')).toEqual({ ok: false, reason: 'syntax' });
    expect(parseGoAtoi('1_000')).toEqual({ ok: false, reason: 'syntax' });
    expect(parseGoAtoi('')).toEqual({ ok: false, reason: 'syntax' });
  });
});

describe('parseGoBool matches strconv.ParseBool', () => {
  it.each(['1', 't', 'T', 'TRUE', 'true', 'True'])('%s is true', (s) => expect(parseGoBool(s)).toBe(true));
  it.each(['0', 'f', 'F', 'FALSE', 'false', 'False'])('%s is false', (s) => expect(parseGoBool(s)).toBe(false));
  it.each(['yes', 'tRUE', '', 'on', ' true'])('%j is not a bool', (s) => expect(parseGoBool(s)).toBeUndefined());
});

describe('parseGoDuration matches time.ParseDuration', () => {
  it.each([
    ['0', 0n],
    ['5m', 300_000_000_000n],
    ['360s', 360_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['1.5h', 5_400_000_000_000n],
    ['-1.5h', -5_400_000_000_000n],
    ['+2s', 2_000_000_000n],
    ['300ms', 300_000_000n],
    ['10us', 10_000n],
    ['10\u00b5s', 10_000n],
    ['10\u03bcs', 10_000n],
    ['7ns', 7n],
    ['.5s', 500_000_000n],
    ['1.s', 1_000_000_000n],
    ['1.0000000001s', 1_000_000_000n],
    ['2562047h47m16.854775807s', 9_223_372_036_854_775_807n],
  ])('%s → %s ns', (input, expected) => {
    expect(parseGoDuration(input)).toBe(expected);
  });

  it.each([[''], ['5'], ['5 m'], ['5M'], ['1d'], ['.s'], ['-'], ['s'], ['2562047h47m16.854775808s'], ['3000000h']])(
    '%j is refused',
    (input) => {
      expect(parseGoDuration(input)).toBeUndefined();
    },
  );
});

describe("formatGoFloat matches strconv.FormatFloat(f, 'f', -1, 64)", () => {
  it.each([
    [1.5, '1.5'],
    [3, '3'],
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [1.25e-5, '0.0000125'],
    [-2.5e22, '-25000000000000000000000'],
    [-0, '-0'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NaN, 'NaN'],
  ])('%s → %s', (input, expected) => {
    expect(formatGoFloat(input)).toBe(expected);
  });
});
