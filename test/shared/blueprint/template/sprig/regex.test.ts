import { describe, expect, it } from 'vitest';
import { translateRe2 } from '../../../../../shared/blueprint/template/sprig/re2.js';
import { call, failure, items } from './call.js';

/** A literal dollar sign, so Go's `${name}` references can be written inside template literals. */
const D = '$';
const compileError = (pattern: string): string => failure('regexFind', pattern, 'x');

describe('sprig regex functions (Go RE2 semantics)', () => {
  it('finds, replaces and splits like Go’s regexp', () => {
    expect(call('regexMatch', '^\\d+$', '123')).toBe(true);
    expect(call('regexFind', 'a{2,3}', 'aaaa')).toBe('aaa');
    expect(items(call('regexFindAll', '[\\p{Greek}]+', 'abc αβγ def', -1n))).toEqual(['αβγ']);
    expect(items(call('regexFindAll', '\\pL+', 'héllo wörld 123', -1n))).toEqual(['héllo', 'wörld']);
    expect(items(call('regexFindAll', '.', 'héllo', 2n))).toEqual(['h', 'é']);
    expect(items(call('regexFindAll', 'a', 'aaa', 0n))).toBe(null);
    expect(call('regexReplaceAll', '(?i)HELLO', 'hello Hello', 'x')).toBe('x x');
    expect(items(call('regexSplit', ',', 'a,b,c', 2n))).toEqual(['a', 'b,c']);
    expect(items(call('regexSplit', 'z+', 'pizza', -1n))).toEqual(['pi', 'a']);
    expect(items(call('regexSplit', 'x*', 'axbxc', -1n))).toEqual(['a', 'b', 'c']);
  });

  it('skips an empty match right after a previous match (Go, not JavaScript, iteration)', () => {
    expect(items(call('regexFindAll', 'a*', 'baaac', -1n))).toEqual(['', 'aaa', '']);
    expect(call('regexReplaceAll', 'x*', 'abc', '-')).toBe('-a-b-c-');
  });

  it('expands $1, $name, braced names and $$ as regexp.Expand does ($1x is the group named "1x")', () => {
    expect(call('regexReplaceAll', 'a(x*)b', '-ab-axxb-', `${D}{1}W`)).toBe('-W-xxW-');
    expect(call('regexReplaceAll', 'a(x*)b', '-ab-axxb-', '$1W')).toBe('---');
    expect(call('regexReplaceAll', '(?P<first>\\w+) (?P<last>\\w+)', 'John Smith', `${D}{last}, ${D}{first}`)).toBe(
      'Smith, John',
    );
    expect(call('regexReplaceAll', 'a|b', 'abc', '[$0]')).toBe('[a][b]c');
    expect(call('regexReplaceAll', 'a', 'abc', '$')).toBe('$bc');
    expect(call('regexReplaceAll', '(a)(b)?', 'ab a', '[$2]')).toBe('[b] []');
    expect(call('regexReplaceAllLiteral', 'a', 'banana', '$1')).toBe('b$1n$1n$1');
  });

  it('translates RE2-only syntax: POSIX classes, \\A/\\z, \\Q…\\E, ASCII \\s, . without \\n, octal and \\x{…}', () => {
    expect(call('regexMatch', '^[[:alpha:]]+$', 'abc')).toBe(true);
    expect(call('regexMatch', '\\Aabc\\z', 'abc')).toBe(true);
    expect(call('regexFind', '\\Qa.b\\E', 'xa.b')).toBe('a.b');
    expect(items(call('regexFindAll', '\\s+', 'a\u00a0b c', -1n))).toEqual([' ']);
    expect(items(call('regexFindAll', '.', 'a\rb', -1n))).toEqual(['a', '\r', 'b']);
    expect(call('regexFind', 'a.b', 'a\nb')).toBe('');
    expect(call('regexFind', '(?s)a.b', 'a\nb')).toBe('a\nb');
    expect(call('regexFind', '(?U)x+', 'xxx')).toBe('x');
    expect(call('regexFind', '\\x{41}\\x42\\101', 'ABA')).toBe('ABA');
    expect(call('regexFind', 'a{,2}', 'a{,2}')).toBe('a{,2}');
    expect(call('regexFind', '[]a]+', ']a]')).toBe(']a]');
    expect(call('regexFind', '^*', 'x')).toBe('');
  });

  it('reports invalid patterns with MustCompile’s panic text; regexMatch answers false', () => {
    expect(compileError('(')).toBe('regexp: Compile(`(`): error parsing regexp: missing closing ): `(`');
    expect(compileError('a)')).toBe('regexp: Compile(`a)`): error parsing regexp: unexpected ): `a)`');
    expect(compileError('a**')).toBe(
      'regexp: Compile(`a**`): error parsing regexp: invalid nested repetition operator: `**`',
    );
    expect(compileError('x{2}{3}')).toContain('invalid nested repetition operator: `{2}{3}`');
    expect(compileError('\\1')).toContain('invalid escape sequence: `\\1`');
    expect(compileError('\\q')).toContain('invalid escape sequence: `\\q`');
    expect(compileError('(?=x)')).toContain('invalid or unsupported Perl syntax: `(?=`');
    expect(compileError('[z-a]')).toContain('invalid character class range: `z-a`');
    expect(compileError('x{1001}')).toContain('invalid repeat count: `{1001}`');
    expect(compileError('*')).toContain('missing argument to repetition operator: `*`');
    expect(compileError('[abc')).toContain('missing closing ]: `[abc`');
    expect(compileError('[[:foo:]]')).toContain('invalid character class range: `[:foo:]`');
    expect(compileError('\\p{Foo}')).toContain('invalid character class range: `\\p{Foo}`');
    expect(call('regexMatch', '(', 'x')).toBe(false);
  });

  it('rejects inline flags inside a pattern, which JavaScript cannot scope', () => {
    expect(() => translateRe2('a(?i)b')).toThrow(/inline flags/);
    expect(translateRe2('(?i)ab').flags).toContain('i');
  });
});
