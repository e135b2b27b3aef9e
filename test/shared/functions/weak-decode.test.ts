import { describe, expect, it } from 'vitest';
import {
  decodeBool,
  decodeInt,
  decodeJsonMap,
  decodeList,
  decodeMap,
  decodeString,
  decodeStruct,
  WeakDecodeError,
} from '../../../shared/functions/weak-decode.js';

// Expectations follow mitchellh/mapstructure v1.5.0 WeakDecode (Kanister pkg/function/args.go Arg/OptArg).

describe('decodeString (Go string)', () => {
  it.each([
    ['hello', 'hello'],
    ['', ''],
    [true, '1'],
    [false, '0'],
    [42, '42'],
    [-7, '-7'],
    [1.5, '1.5'],
    [1e21, '1000000000000000000000'],
    [12345678901234567890n, '12345678901234567890'],
    [null, ''],
    [new TextEncoder().encode('bytes'), 'bytes'],
  ])('%s → %j', (input, expected) => {
    expect(decodeString(input)).toBe(expected);
  });

  it.each([[['a']], [{ a: 1 }]])('%j is refused', (input) => {
    expect(() => decodeString(input)).toThrow(WeakDecodeError);
  });
});

describe('decodeBool (Go bool)', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['t', true],
    ['1', true],
    ['false', false],
    ['F', false],
    ['0', false],
    ['', false],
    [true, true],
    [0, false],
    [2, true],
    [0.5, true],
    [null, false],
  ])('%j → %j', (input, expected) => {
    expect(decodeBool(input)).toBe(expected);
  });

  it('refuses other spellings, naming the value', () => {
    expect(() => decodeBool('yes')).toThrow('"yes" is not a boolean');
    expect(() => decodeBool(['true'])).toThrow('expected a boolean, got a list');
  });
});

describe('decodeInt (Go int)', () => {
  it.each([
    ['0x10', 16],
    ['010', 8],
    ['1_000', 1000],
    ['-5', -5],
    ['', 0],
    [7, 7],
    [2.9, 2],
    [-2.9, -2],
    [true, 1],
    [false, 0],
    [null, 0],
    [5n, 5],
  ])('%s → %j', (input, expected) => {
    expect(decodeInt(input)).toBe(expected);
  });

  it('refuses what strconv.ParseInt refuses', () => {
    expect(() => decodeInt('abc')).toThrow('"abc" is not an integer');
    expect(() => decodeInt('1.5')).toThrow('"1.5" is not an integer');
    expect(() => decodeInt('99999999999999999999')).toThrow('out of range for a 64-bit integer');
    expect(() => decodeInt({})).toThrow('expected an integer, got a map');
  });

  it('refuses integers JavaScript cannot hold exactly instead of rounding them', () => {
    expect(() => decodeInt('9007199254740993')).toThrow('too large');
  });
});

describe('decodeList (Go []T)', () => {
  it('lifts a single value into a one-element list', () => {
    expect(decodeList('echo hi', decodeString)).toEqual(['echo hi']);
    expect(decodeList(5, decodeString)).toEqual(['5']);
  });

  it('decodes each element weakly, null elements become zero values', () => {
    expect(decodeList(['a', 1, true, null], decodeString)).toEqual(['a', '1', '1', '']);
  });

  it('treats null and an empty map as an empty list', () => {
    expect(decodeList(null, decodeString)).toEqual([]);
    expect(decodeList({}, decodeString)).toEqual([]);
  });

  it('reports the index of a bad element', () => {
    expect.assertions(2);
    try {
      decodeList(['a', ['nested']], decodeString);
    } catch (error) {
      expect(error).toBeInstanceOf(WeakDecodeError);
      expect((error as WeakDecodeError).path).toEqual([1]);
    }
  });
});

describe('decodeMap (Go map[string]T)', () => {
  it('decodes values weakly', () => {
    expect(decodeMap({ a: 1, b: true, c: 'x' }, decodeString)).toEqual({ a: '1', b: '1', c: 'x' });
  });

  it('accepts an empty list as an empty map and merges a list of maps', () => {
    expect(decodeMap([], decodeString)).toEqual({});
    expect(decodeMap([{ a: '1' }, { b: '2', a: '3' }], decodeString)).toEqual({ a: '3', b: '2' });
  });

  it('refuses a string', () => {
    expect(() => decodeMap('a=b', decodeString)).toThrow('expected a map, got the string "a=b"');
  });

  it('keeps map[string]interface{} values as they are', () => {
    expect(decodeJsonMap({ containers: [{ name: 'c' }] })).toEqual({ containers: [{ name: 'c' }] });
  });
});

describe('decodeStruct (Go struct)', () => {
  const fields = { apiVersion: decodeString, name: decodeString };

  it('matches keys case-insensitively, ignores unknown keys, zero-fills missing fields', () => {
    expect(decodeStruct({ APIVERSION: 'v1', extra: 1 }, fields)).toEqual({ apiVersion: 'v1', name: '' });
  });

  it('prefers the exact key', () => {
    expect(decodeStruct({ Name: 'b', name: 'a' }, fields)).toEqual({ apiVersion: '', name: 'a' });
  });

  it('refuses a non-map', () => {
    expect(() => decodeStruct('x', fields)).toThrow('expected a map');
  });
});
