import { describe, expect, it } from 'vitest';
import { call } from './call.js';

describe('sprig path functions (Go path package)', () => {
  it('base, dir, clean, ext, isAbs', () => {
    expect(call('base', '/a/b.txt')).toBe('b.txt');
    expect(call('base', '')).toBe('.');
    expect(call('base', '///')).toBe('/');
    expect(call('dir', '/a/b/')).toBe('/a/b');
    expect(call('dir', 'a')).toBe('.');
    expect(call('clean', 'a/../../b/./c//')).toBe('../b/c');
    expect(call('clean', '/../a')).toBe('/a');
    expect(call('ext', 'a/b.tar.gz')).toBe('.gz');
    expect(call('ext', 'a.b/c')).toBe('');
    expect(call('isAbs', '/x')).toBe(true);
    expect(call('isAbs', 'x')).toBe(false);
  });
});
