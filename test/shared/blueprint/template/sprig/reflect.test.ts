import { describe, expect, it } from 'vitest';
import { GoBytes, GoMap, GoTime, T } from '../../../../../shared/blueprint/template/values.js';
import { call, dict, list } from './call.js';

describe('sprig reflection functions', () => {
  it('typeOf prints %T and kindOf the reflect kind', () => {
    expect(call('typeOf', 1n)).toBe('int');
    expect(call('typeOf', 1.5)).toBe('float64');
    expect(call('typeOf', null)).toBe('<nil>');
    expect(call('typeOf', list())).toBe('[]interface {}');
    expect(call('typeOf', dict({}))).toBe('map[string]interface {}');
    expect(call('typeOf', new GoBytes(null))).toBe('[]uint8');
    expect(call('typeOf', new GoTime(0n, 0, 'UTC'))).toBe('time.Time');
    expect(call('kindOf', dict({}))).toBe('map');
    expect(call('kindOf', null)).toBe('invalid');
    expect(call('kindOf', new GoTime(0n, 0, 'UTC'))).toBe('struct');
    expect(call('kindIs', 'int', 1n)).toBe(true);
    expect(call('typeIs', 'string', 'x')).toBe(true);
    expect(call('typeIsLike', '[]interface {}', list())).toBe(true);
  });

  it('deepEqual is reflect.DeepEqual: types must match, nil and empty differ', () => {
    expect(call('deepEqual', list(1n, 'a'), list(1n, 'a'))).toBe(true);
    expect(call('deepEqual', 1n, 1.0)).toBe(false);
    expect(call('deepEqual', null, null)).toBe(true);
    expect(call('deepEqual', dict({ a: 1n }), dict({ a: 1n }))).toBe(true);
    expect(call('deepEqual', new GoMap(T.iface, null), dict({}))).toBe(false);
    expect(call('deepEqual', dict({ a: 1n }), new GoMap(T.string, new Map()))).toBe(false);
  });
});
