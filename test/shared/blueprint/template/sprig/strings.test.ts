import { describe, expect, it } from 'vitest';
import { GoBytes, GoMap, GoPointer, T } from '../../../../../shared/blueprint/template/values.js';
import { call, dict, entries, failure, items, list, strs } from './call.js';

const bytes = (s: string): GoBytes => new GoBytes(new TextEncoder().encode(s));

describe('sprig string functions', () => {
  it('changes case rune by rune with simple case mapping (ß has no single upper case)', () => {
    expect(call('upper', 'straße')).toBe('STRAßE');
    expect(call('lower', 'HÉLLO')).toBe('héllo');
    expect(call('title', 'hello wORLD foo_bar-baz')).toBe('Hello WORLD Foo_bar-Baz');
    expect(call('untitle', 'Hello World')).toBe('hello world');
    // goutils: a lower-case rune after whitespace becomes title case, later ones upper case.
    expect(call('swapcase', 'Hello World abc')).toBe('hELLO wORLD ABC');
  });

  it('trims like strings.TrimSpace / Trim / TrimPrefix / TrimSuffix with sprig argument order', () => {
    expect(call('trim', '\t hi \n')).toBe('hi');
    expect(call('trimAll', '$', '$$5.00$')).toBe('5.00');
    expect(call('trimall', '-', '--a--')).toBe('a');
    expect(call('trimPrefix', '-', '--a')).toBe('-a');
    expect(call('trimSuffix', '.txt', 'file.txt')).toBe('file');
  });

  it('trunc and substr work on bytes and panic on bad bounds as Go slicing does', () => {
    expect(call('trunc', 5n, 'hello world')).toBe('hello');
    expect(call('trunc', 50n, 'hello')).toBe('hello');
    // sprig v2 (unlike v3) has no negative trunc: s[0:-3] panics.
    expect(failure('trunc', -3n, 'hello')).toBe('runtime error: slice bounds out of range [:-3]');
    expect(call('substr', 0n, 3n, 'hello')).toBe('hel');
    expect(call('substr', -1n, 2n, 'hello')).toBe('he');
    expect(call('substr', 2n, -1n, 'hello')).toBe('llo');
    expect(call('substr', 1n, 99n, 'hello')).toBe('ello');
    expect(failure('substr', 7n, 99n, 'hello')).toBe('runtime error: slice bounds out of range [7:5]');
    expect(failure('substr', -1n, 9n, 'hello')).toBe('runtime error: slice bounds out of range [:9] with length 5');
  });

  it('abbrev and abbrevboth follow goutils (byte widths, minimum width 4 / 7)', () => {
    expect(call('abbrev', 5n, 'hello world')).toBe('he...');
    expect(call('abbrev', 3n, 'hello world')).toBe('hello world');
    expect(call('abbrev', 20n, 'hello')).toBe('hello');
    expect(call('abbrevboth', 5n, 10n, '1234 5678 9123')).toBe('...5678...');
    expect(call('abbrevboth', 1n, 6n, 'abcdefghij')).toBe('abcdefghij');
  });

  it('initials and nospace walk bytes: non-ASCII text is re-encoded byte by byte (goutils quirk)', () => {
    expect(call('initials', 'John Doe  Foo')).toBe('JDF');
    expect(call('nospace', 'a b\tc\n')).toBe('abc');
    expect(call('nospace', 'héllo')).toBe('héllo');
    expect(call('nospace', 'é x')).toBe('Ã©x');
  });

  it('wraps at spaces, and wrapWith also splits long words', () => {
    expect(call('wrap', 10n, 'the quick brown fox jumps')).toBe('the quick\nbrown fox\njumps');
    expect(call('wrap', 3n, 'abcdefgh ij')).toBe('abcdefgh\nij');
    expect(call('wrapWith', 5n, '\t', 'Hello World')).toBe('Hello\tWorld');
    expect(call('wrapWith', 3n, '|', 'abcdefgh')).toBe('abc|def|gh');
  });

  it('converts case styles as huandu/xstrings 1.2.0 does, quirks included', () => {
    expect(call('snakecase', 'FirstName')).toBe('first_name');
    expect(call('snakecase', 'HTTPServer')).toBe('http_server');
    expect(call('snakecase', 'HTTP2XX')).toBe('http_2xx');
    expect(call('kebabcase', 'NoHTTPS')).toBe('no-https');
    expect(call('camelcase', 'http_server')).toBe('HttpServer');
    expect(call('camelcase', '_camel_case')).toBe('_CamelCase');
    expect(call('camelcase', 'a__b')).toBe('A_B');
    // xstrings 1.2.0 drops a lone final rune and repeats a lower-case tail after an upper-case run.
    expect(call('camelcase', 'a')).toBe('');
    expect(call('snakecase', 'ABc')).toBe('a_bcc');
  });

  it('quote uses strval and Go %q; squote uses %v; nil arguments are skipped', () => {
    expect(call('quote', 'a"b', null, 5n)).toBe('"a\\"b" "5"');
    expect(call('quote', 'tab\there', 'é\u0001')).toBe('"tab\\there" "é\\x01"');
    expect(call('quote', bytes('raw'))).toBe('"raw"');
    expect(call('squote', 'a', null, true)).toBe("'a' 'true'");
    expect(call('squote', bytes('hi'))).toBe("'[104 105]'");
    expect(call('cat', 'a', null, 2n, 1.5)).toBe('a 2 1.5');
  });

  it('indent, nindent, replace, repeat, plural', () => {
    expect(call('indent', 2n, 'a\nb')).toBe('  a\n  b');
    expect(call('nindent', 2n, 'a')).toBe('\n  a');
    expect(call('replace', '-', '_', 'a-b-c')).toBe('a_b_c');
    expect(call('replace', '', '.', 'ab')).toBe('.a.b.');
    expect(call('repeat', 3n, 'ab')).toBe('ababab');
    expect(failure('repeat', -1n, 'ab')).toBe('strings: negative Repeat count');
    expect(failure('indent', -1n, 'ab')).toBe('strings: negative Repeat count');
    expect(call('plural', 'one', 'many', 1n)).toBe('one');
    expect(call('plural', 'one', 'many', 2n)).toBe('many');
  });

  it('contains/hasPrefix/hasSuffix take the needle first (pipeline order)', () => {
    expect(call('contains', 'cat', 'concatenate')).toBe(true);
    expect(call('hasPrefix', 'con', 'concatenate')).toBe(true);
    expect(call('hasSuffix', 'con', 'concatenate')).toBe(false);
  });

  it('toString: strings as is, []byte as text, nil as <nil>, others as %v', () => {
    expect(call('toString', bytes('pass'))).toBe('pass');
    expect(call('toString', 42n)).toBe('42');
    expect(call('toString', 1.5)).toBe('1.5');
    expect(call('toString', null)).toBe('<nil>');
    expect(call('toString', true)).toBe('true');
    expect(call('toString', list('a', 1n))).toBe('[a 1]');
  });

  it('split/splitn give _0,_1… maps; splitList a []string; empty separators split runes', () => {
    expect(entries(call('split', '/', 'a/b/c'))).toEqual({ _0: 'a', _1: 'b', _2: 'c' });
    expect(entries(call('splitn', '/', 2n, 'a/b/c'))).toEqual({ _0: 'a', _1: 'b/c' });
    expect(entries(call('splitn', '/', 0n, 'a/b'))).toEqual({});
    expect(items(call('splitList', ',', 'a,,b'))).toEqual(['a', '', 'b']);
    expect(items(call('splitList', '', 'h€y'))).toEqual(['h', '€', 'y']);
    expect(call('split', '/', 'x')).toBeInstanceOf(GoMap);
  });

  it('join and toStrings convert elements with strval and drop nil ones', () => {
    expect(call('join', '-', list('a', 1n, null, true))).toBe('a-1-true');
    expect(call('join', ',', strs('x', 'y'))).toBe('x,y');
    expect(call('join', ',', 'single')).toBe('single');
    expect(call('join', ',', null)).toBe('');
    expect(call('join', ',', bytes('AB'))).toBe('65,66');
    expect(items(call('toStrings', list(1n, 'b', null)))).toEqual(['1', 'b']);
    const typedNil = new GoPointer(T.string, null);
    expect(items(call('toStrings', list(typedNil)))).toEqual(['<nil>']);
  });

  it('atoi gives 0 for bad syntax but keeps Atoi’s clamped value when out of range', () => {
    expect(call('atoi', '42')).toBe(42n);
    expect(call('atoi', '-7')).toBe(-7n);
    expect(call('atoi', '4.2')).toBe(0n);
    expect(call('atoi', ' 1')).toBe(0n);
    expect(call('atoi', '99999999999999999999')).toBe(9223372036854775807n);
  });

  it('random strings have the asked length and alphabet', () => {
    expect(call('randAlphaNum', 12n)).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(call('randAlpha', 5n)).toMatch(/^[A-Za-z]{5}$/);
    expect(call('randNumeric', 5n)).toMatch(/^[0-9]{5}$/);
    expect(call('randAscii', 30n)).toMatch(/^[ -~]{30}$/);
    expect(call('randAlpha', -1n)).toBe('');
    expect([...String(call('shuffle', 'abcdef'))].sort().join('')).toBe('abcdef');
  });

  it('hello is still there', () => {
    expect(call('hello')).toBe('Hello!');
    expect(dict({}).entries?.size).toBe(0);
  });
});
