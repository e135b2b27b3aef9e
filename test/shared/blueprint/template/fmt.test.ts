/** fmt over GoValues: the API the sprig functions use (outputs checked against Go 1.19.8). */
import { describe, expect, it } from 'vitest';
import { formatValue, sprint, sprintf, sprintln } from '../../../../shared/blueprint/template/fmt.js';
import { formatFloat } from '../../../../shared/blueprint/template/strconv.js';
import {
  GoBytes,
  GoMap,
  GoPointer,
  GoSlice,
  GoStruct,
  GoTime,
  type StructType,
  T,
} from '../../../../shared/blueprint/template/values.js';

const kp: StructType = {
  name: 'param.KeyPair',
  fields: [
    { name: 'ID', type: T.string },
    { name: 'Secret', type: T.string },
  ],
};

describe('formatValue (%v)', () => {
  it.each([
    ['a', 'a'],
    [5n, '5'],
    [-5n, '-5'],
    [true, 'true'],
    [null, '<nil>'],
    [3.14, '3.14'],
    [1e6, '1e+06'],
    [100000, '100000'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NaN, 'NaN'],
    [-0, '-0'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
  ])('%v of %s', (v, want) => {
    expect(formatValue(v)).toBe(want);
  });

  it('prints composites as Go does', () => {
    expect(formatValue(new GoBytes(new Uint8Array([112, 97])))).toBe('[112 97]');
    expect(formatValue(new GoSlice(T.string, ['a', 'b']))).toBe('[a b]');
    expect(formatValue(new GoSlice(T.string, null))).toBe('[]');
    const m = new GoMap(
      T.iface,
      new Map<string, never>([
        ['b', 1n as never],
        ['a', null as never],
      ]),
    );
    expect(formatValue(m)).toBe('map[a:<nil> b:1]');
    expect(formatValue(new GoMap(T.string, null))).toBe('map[]');
    const s = new GoStruct(
      kp,
      new Map([
        ['ID', 'x'],
        ['Secret', 'y'],
      ]),
    );
    expect(formatValue(s)).toBe('{x y}');
    expect(formatValue(new GoPointer(T.struct(kp), s))).toBe('&{x y}');
    expect(formatValue(new GoPointer(T.struct(kp), null))).toBe('<nil>');
    expect(sprintf('%+v', [s])).toBe('{ID:x Secret:y}');
    expect(sprintf('%#v', [s])).toBe('param.KeyPair{ID:"x", Secret:"y"}');
  });

  it('prints time.Time with String()', () => {
    const t = new GoTime(1709660712123456789n, 0, 'UTC');
    expect(formatValue(t)).toBe('2024-03-05 17:45:12.123456789 +0000 UTC');
    expect(formatValue(new GoTime(1709660712000000000n, 3600, ''))).toBe('2024-03-05 18:45:12 +0100 +0100');
  });
});

describe('sprint / sprintln', () => {
  it('adds spaces between operands when neither is a string', () => {
    expect(sprint(['a', 1n, 2n, 'b', 'c', 3.5, null])).toBe('a1 2bc3.5 <nil>');
    expect(sprintln(['a', 1n])).toBe('a 1\n');
  });
});

describe('sprintf', () => {
  it.each([
    ['%d %s %v', [5n, 'hi', 3.5], '5 hi 3.5'],
    [
      '%5.2f|%-8s|%08.3f|%+d|%x|%X|%o|%#x|%#o|%b',
      [3.14158, 'ab', -3.14158, 5n, 255n, 255n, 8n, 255n, 8n, 5n],
      ' 3.14|ab      |-003.142|+5|ff|FF|10|0xff|010|101',
    ],
    ['%d', ['hi'], '%!d(string=hi)'],
    ['%s', [5n], '%!s(int=5)'],
    ['%s', [null], '%!s(<nil>)'],
    ['%d %d', [1n], '1 %!d(MISSING)'],
    ['%d', [1n, 'x'], '1%!(EXTRA string=x)'],
    ['%!', [], '%!!(MISSING)'],
    ['%', [], '%!(NOVERB)'],
    ['%[2]d %[1]d', [1n, 2n], '2 1'],
    ['%[3]d', [1n], '%!d(BADINDEX)'],
    ['%*d|%-*d|', [5n, 42n, 5n, 42n], '   42|42   |'],
    ['%.*f', [2n, 3.14158], '3.14'],
    ['%v %v %v %v', [1e21, 123456789.0, 1e-7, 0.000123], '1e+21 1.23456789e+08 1e-07 0.000123'],
    ['%.0f %.0f %.0f %.2f', [0.5, 1.5, 2.5, 2.675], '0 2 2 2.67'],
    [
      '%e %E %.3e %g %G',
      [1234.5678, 1234.5678, 1234.5678, 1e-7, 1e-7],
      '1.234568e+03 1.234568E+03 1.235e+03 1e-07 1E-07',
    ],
    ['%q %+q %#q %x % x %#x', ['hi"\n', 'é', 'ab`', 'hi', 'hi', 'hi'], '"hi\\"\\n" "\\u00e9" "ab`" 6869 68 69 0x6869'],
    ['%c %q %U %#U', [65n, 65n, 0x1f600n, 0x1f600n], "A 'A' U+1F600 U+1F600 '😀'"],
    ['%t %v %d', [true, false, true], 'true false %!d(bool=true)'],
    ['%x %X %b', [1.0, -2.5, 1.0], '0x1p+00 -0X1.4P+01 4503599627370496p-52'],
    ['%T %T %T %T', [1n, 'x', 1.5, null], 'int string float64 <nil>'],
    ['%s %x', [new GoBytes(new Uint8Array([104, 105])), new GoBytes(new Uint8Array([104, 105]))], 'hi 6869'],
    ['%d', [new GoSlice(T.string, ['a'])], '[%!d(string=a)]'],
    ['%w', [new GoSlice(T.string, ['a'])], '%!w([]string=[a])'],
  ])('%s', (format, args, want) => {
    expect(sprintf(format as string, args as never)).toBe(want);
  });
});

describe('formatFloat (strconv)', () => {
  it.each([
    [1.0, 'e', -1, '1e+00'],
    [0, 'g', -1, '0'],
    [123456, 'g', 3, '1.23e+05'],
    [0.000012345, 'g', 2, '1.2e-05'],
    [1.5, 'f', 0, '2'],
    [2.5, 'f', 0, '2'],
    [5e-324, 'g', -1, '5e-324'],
    [1e23, 'f', -1, '100000000000000000000000'],
    [0.1, 'f', 20, '0.10000000000000000555'],
  ])('%s %s %s', (x, fmt, prec, want) => {
    expect(formatFloat(x as number, fmt as string, prec as number)).toBe(want);
  });
});
