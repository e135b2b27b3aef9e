import { describe, expect, it } from 'vitest';
import { GoMap, type GoSlice, T } from '../../../../../shared/blueprint/template/values.js';
import { call, dict, entries, failure, func, items, list } from './call.js';

describe('sprig dict functions', () => {
  it('dict stringifies keys with strval; an odd trailing key gets ""', () => {
    expect(entries(call('dict', 'a', 1n, 'x'))).toEqual({ a: 1n, x: '' });
    expect(entries(call('dict', 1n, 2n, null, 3n))).toEqual({ '1': 2n, '<nil>': 3n });
  });

  it('set/unset change the map in place and return it', () => {
    const d = dict({ a: 1n });
    expect(call('set', d, 'b', 2n)).toBe(d);
    expect(call('unset', d, 'a')).toBe(d);
    expect(entries(d)).toEqual({ b: 2n });
    expect(failure('set', new GoMap(T.iface, null), 'k', 1n)).toBe('assignment to entry in nil map');
  });

  it('hasKey/pluck/pick/omit/keys/values', () => {
    const d = dict({ a: 1n, b: null });
    expect(call('hasKey', d, 'b')).toBe(true);
    expect(call('hasKey', d, 'z')).toBe(false);
    expect(items(call('pluck', 'a', d, dict({ a: 9n }), dict({})))).toEqual([1n, 9n]);
    expect(entries(call('pick', d, 'a', 'z'))).toEqual({ a: 1n });
    expect(entries(call('omit', d, 'a'))).toEqual({ b: null });
    expect(items(call('keys', dict({ a: 1n }), dict({ b: 1n })))).toEqual(['a', 'b']);
    expect(items(call('values', dict({ a: 1n })))).toEqual([1n]);
  });

  it('declares map[string]interface{} parameters so the executor rejects map[string]string (Kanister .Options)', () => {
    expect(func('hasKey').params[0]).toEqual(T.map(T.iface));
    expect(func('set').params).toEqual([T.map(T.iface), T.string, T.iface]);
  });

  it('merge fills missing and empty keys and merges nested dicts (mergo)', () => {
    const dst = dict({ a: 1n, b: '', n: dict({ x: 1n }) });
    const out = call('merge', dst, dict({ a: 2n, b: 3n, c: 4n, n: dict({ x: 2n, y: 3n }) }));
    expect(out).toBe(dst);
    expect(entries(dst)).toMatchObject({ a: 1n, b: 3n, c: 4n });
    expect(entries(entries(dst).n ?? null)).toEqual({ x: 1n, y: 3n });
  });

  it('mergeOverwrite lets sources win, even with empty values, but keeps a non-empty scalar over a dict', () => {
    const dst = dict({ a: 1n, b: 'x', n: dict({ x: 1n }) });
    call('mergeOverwrite', dst, dict({ a: 2n, b: '', n: dict({ y: 3n }) }));
    expect(entries(dst)).toMatchObject({ a: 2n, b: '' });
    expect(entries(entries(dst).n ?? null)).toEqual({ x: 1n, y: 3n });
    expect(entries(call('mergeOverwrite', dict({ a: 'x' }), dict({ a: dict({ b: 1n }) })))).toEqual({ a: 'x' });
    expect(items(entries(call('mergeOverwrite', dict({ a: list(1n) }), dict({ a: list(2n) }))).a ?? null)).toEqual([
      2n,
    ]);
    expect(items(entries(call('merge', dict({ a: list(1n) }), dict({ a: list(2n) }))).a ?? null)).toEqual([1n]);
  });

  it('deepCopy copies nested maps and lists; nil panics like copystructure', () => {
    const inner = list(1n, 2n);
    const src = dict({ a: inner });
    const copy = call('deepCopy', src) as GoMap;
    expect(copy).not.toBe(src);
    const copied = entries(copy).a as GoSlice;
    expect(copied).not.toBe(inner);
    expect(copied.items).toEqual([1n, 2n]);
    expect(failure('deepCopy', null)).toBe('reflect: call of reflect.Value.Type on zero Value');
  });
});
