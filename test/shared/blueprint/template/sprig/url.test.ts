import { describe, expect, it } from 'vitest';
import { call, dict, entries, failure } from './call.js';

describe('sprig urlParse/urlJoin (Go net/url)', () => {
  it('splits a URL into sprig’s dict with decoded path and fragment', () => {
    expect(entries(call('urlParse', 'https://user:pa%20ss@example.com:8080/a%2Fb?x=1#fr%20ag'))).toEqual({
      scheme: 'https',
      host: 'example.com:8080',
      hostname: 'example.com',
      path: '/a/b',
      query: 'x=1',
      opaque: '',
      fragment: 'fr ag',
      userinfo: 'user:pa%20ss',
    });
    expect(entries(call('urlParse', 'http://[::1]:8080/p')).hostname).toBe('::1');
    expect(entries(call('urlParse', 'mailto:joe@x.com')).opaque).toBe('joe@x.com');
    expect(entries(call('urlParse', '//host/p')).host).toBe('host');
    expect(entries(call('urlParse', '/rel/path?a=b&c=d')).query).toBe('a=b&c=d');
  });

  it('panics with Go’s parse errors', () => {
    expect(failure('urlParse', '%zz')).toBe('unable to parse url: parse "%zz": invalid URL escape "%zz"');
    expect(failure('urlParse', 'http://a b.com/')).toBe(
      'unable to parse url: parse "http://a b.com/": invalid character " " in host name',
    );
    expect(failure('urlParse', 'http://h:port/')).toBe(
      'unable to parse url: parse "http://h:port/": invalid port ":port" after host',
    );
    expect(failure('urlParse', '1http://x')).toBe(
      'unable to parse url: parse "1http://x": first path segment in URL cannot contain colon',
    );
    expect(failure('urlParse', ':foo')).toBe('unable to parse url: parse ":foo": missing protocol scheme');
    expect(failure('urlParse', 'http://x.com/a\tb')).toContain('net/url: invalid control character in URL');
  });

  it('joins a dict back with Go’s escaping', () => {
    const d = dict({ scheme: 'https', host: 'h.com', path: '/a b', query: 'x=1', fragment: 'f g', userinfo: 'u:p@' });
    expect(call('urlJoin', d)).toBe('https://u:p%40@h.com/a%20b?x=1#f%20g');
    expect(call('urlJoin', dict({ scheme: 'mailto', opaque: 'joe@x.com' }))).toBe('mailto:joe@x.com');
    expect(call('urlJoin', dict({ host: 'h.com', path: 'p' }))).toBe('//h.com/p');
    expect(call('urlJoin', dict({ path: 'a:b' }))).toBe('./a:b');
    expect(call('urlJoin', dict({ fragment: "a b!'" }))).toBe('#a%20b!%27');
    expect(failure('urlJoin', dict({ scheme: 1n }))).toBe(
      'unable to parse scheme key, must be of type string, but int found',
    );
    expect(failure('urlJoin', dict({ host: null }))).toBe(
      'runtime error: invalid memory address or nil pointer dereference',
    );
  });
});
