import { describe, expect, it } from 'vitest';
import { GoBytes, type GoSlice, T } from '../../../../../shared/blueprint/template/values.js';
import { call, failure, items, list, strs } from './call.js';

describe('sprig list functions', () => {
  it('list/tuple make []interface{}; push/append/prepend copy into a new list', () => {
    const l = list(1n, 2n);
    expect(items(call('append', l, 3n))).toEqual([1n, 2n, 3n]);
    expect(items(call('prepend', l, 0n))).toEqual([0n, 1n, 2n]);
    expect(items(l)).toEqual([1n, 2n]);
    expect(items(call('push', strs('a'), 'b'))).toEqual(['a', 'b']);
    expect((call('tuple', 'a') as GoSlice).elem).toEqual(T.iface);
  });

  it('first/last/rest/initial: nil results for empty lists', () => {
    expect(call('first', list())).toBe(null);
    expect(call('last', list(1n, 2n))).toBe(2n);
    expect(items(call('rest', list(1n, 2n, 3n)))).toEqual([2n, 3n]);
    expect(items(call('initial', list(1n, 2n, 3n)))).toEqual([1n, 2n]);
    expect(items(call('rest', list()))).toBe(null);
    expect(call('first', new GoBytes(new Uint8Array([104])))).toBe(104n);
  });

  it('panics with sprig text on non-lists and with Go’s nil dereference on nil', () => {
    expect(failure('first', 'abc')).toBe('Cannot find first on type string');
    expect(failure('append', 'x', 1n)).toBe('Cannot push on type string');
    expect(failure('first', null)).toBe('runtime error: invalid memory address or nil pointer dereference');
    expect(failure('concat', list(1n), 'x')).toBe('Cannot concat type string as list');
    expect(failure('slice', list(1n, 2n), 1n, 5n)).toBe('reflect.Value.Slice: slice index out of bounds');
    expect(failure('has', 1n, 'abc')).toBe('Cannot find has on type string');
  });

  it('uniq/without/has compare with reflect.DeepEqual (1 and "1" differ)', () => {
    expect(items(call('uniq', list(1n, 1n, '1', 2n)))).toEqual([1n, '1', 2n]);
    expect(items(call('without', list(1n, 2n, 3n, 2n), 2n))).toEqual([1n, 3n]);
    expect(items(call('without', list('a', null, 'b'), null))).toEqual(['a', 'b']);
    expect(call('has', 2n, list(1n, 2n))).toBe(true);
    expect(call('has', 1n, null)).toBe(false);
    expect(call('has', 1, list(1n))).toBe(false);
  });

  it('compact drops empty values; reverse copies', () => {
    expect(items(call('compact', list(0n, '', null, 'a', false, list())))).toEqual(['a']);
    expect(items(call('reverse', list(1n, 2n, 3n)))).toEqual([3n, 2n, 1n]);
    expect(items(call('reverse', list()))).toEqual([]);
  });

  it('slice keeps the original slice type; concat flattens', () => {
    const s = call('slice', strs('a', 'b', 'c', 'd'), 1n, 3n) as GoSlice;
    expect(s.elem).toEqual(T.string);
    expect(s.items).toEqual(['b', 'c']);
    expect(call('slice', list())).toBe(null);
    expect(items(call('concat', list(1n), list(2n, 3n)))).toEqual([1n, 2n, 3n]);
    expect(items(call('concat'))).toBe(null);
  });

  it('sortAlpha sorts strval forms by bytes, and sorts a []string in place as Go does', () => {
    expect(items(call('sortAlpha', list('b', 'B', 'a', 'é', 10n)))).toEqual(['10', 'B', 'a', 'b', 'é']);
    expect(items(call('sortAlpha', 5n))).toEqual(['5']);
    expect(items(call('sortAlpha', null))).toEqual(['<nil>']);
    const l = strs('c', 'a', 'b');
    call('sortAlpha', l);
    expect(l.items).toEqual(['a', 'b', 'c']);
  });
});
