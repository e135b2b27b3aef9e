/**
 * sprig v2.22.0 urlParse/urlJoin (url.go) over a port of Go's net/url Parse and URL.String: scheme and opaque
 * detection, authority/userinfo/host rules, percent-decoding per component and Go's escaping when joining.
 * Parse errors panic with Go's text, e.g. `unable to parse url: parse "%zz": invalid URL escape "%zz"`.
 */
import { GoMap, type GoValue, T } from '../values.js';
import { kindName } from './conv.js';
import { type FuncTable, fn, goError, nilDeref, str, T_DICT } from './define.js';
import { fromUtf8, goQuote, utf8 } from './gostr.js';

type Mode = 'path' | 'host' | 'zone' | 'userinfo' | 'query' | 'fragment';

class UrlError extends Error {}

const isAlnum = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    if (mode === 'path') return ch === '?';
    if (mode === 'userinfo') return '@/?:'.includes(ch);
    if (mode === 'query') return true;
    if (mode === 'fragment') return false;
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

export function urlEscape(s: string, mode: Mode): string {
  let out = '';
  for (const b of utf8(s)) {
    if (!shouldEscape(b, mode)) out += String.fromCharCode(b);
    else if (b === 0x20 && mode === 'query') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const isHexByte = (c: number | undefined): boolean => c !== undefined && /[0-9A-Fa-f]/.test(String.fromCharCode(c));

function urlUnescape(s: string, mode: Mode): string {
  const b = utf8(s);
  const out: number[] = [];
  for (let i = 0; i < b.length; ) {
    const c = b[i] ?? 0;
    if (c === 0x25) {
      if (i + 2 >= b.length || !isHexByte(b[i + 1]) || !isHexByte(b[i + 2])) {
        throw new UrlError(`invalid URL escape ${goQuote(fromUtf8(b.subarray(i, i + 3)))}`);
      }
      const v = Number.parseInt(String.fromCharCode(b[i + 1] ?? 0, b[i + 2] ?? 0), 16);
      const seq3 = fromUtf8(b.subarray(i, i + 3));
      if (mode === 'host' && v >> 4 < 8 && seq3 !== '%25') throw new UrlError(`invalid URL escape ${goQuote(seq3)}`);
      if (mode === 'zone' && seq3 !== '%25' && v !== 0x20 && shouldEscape(v, 'host'))
        throw new UrlError(`invalid URL escape ${goQuote(seq3)}`);
      out.push(v);
      i += 3;
      continue;
    }
    if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) {
      throw new UrlError(`invalid character ${goQuote(String.fromCharCode(c))} in host name`);
    }
    out.push(c === 0x2b && mode === 'query' ? 0x20 : c);
    i++;
  }
  return fromUtf8(Uint8Array.from(out));
}

const validOptionalPort = (p: string): boolean => p === '' || /^:[0-9]*$/.test(p);

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${goQuote(colonPort)} after host`);
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) {
      return (
        urlUnescape(host.slice(0, zone), 'host') +
        urlUnescape(host.slice(zone, i), 'zone') +
        urlUnescape(host.slice(i), 'host')
      );
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0 && !validOptionalPort(host.slice(i)))
      throw new UrlError(`invalid port ${goQuote(host.slice(i))} after host`);
  }
  return urlUnescape(host, 'host');
}

export interface Userinfo {
  readonly username: string;
  readonly password: string | null;
}

export interface GoUrl {
  scheme: string;
  opaque: string;
  user: Userinfo | null;
  host: string;
  path: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
}

function parseAuthority(authority: string, u: GoUrl): void {
  const at = authority.lastIndexOf('@');
  u.host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return;
  const info = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(info)) throw new UrlError('net/url: invalid userinfo');
  const colon = info.indexOf(':');
  u.user =
    colon < 0
      ? { username: urlUnescape(info, 'userinfo'), password: null }
      : {
          username: urlUnescape(info.slice(0, colon), 'userinfo'),
          password: urlUnescape(info.slice(colon + 1), 'userinfo'),
        };
}

/** getScheme: [scheme, rest]. */
function scheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseNoFragment(raw: string): GoUrl {
  const u: GoUrl = {
    scheme: '',
    opaque: '',
    user: null,
    host: '',
    path: '',
    rawQuery: '',
    forceQuery: false,
    fragment: '',
  };
  if ([...raw].some((c) => c < ' ' || c === '\x7f')) throw new UrlError('net/url: invalid control character in URL');
  if (raw === '*') {
    u.path = '*';
    return u;
  }
  let rest: string;
  [u.scheme, rest] = scheme(raw);
  u.scheme = u.scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    u.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) [rest, u.rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') {
      u.opaque = rest;
      return u;
    }
    if ((rest.split('/')[0] ?? '').includes(':')) throw new UrlError('first path segment in URL cannot contain colon');
  }
  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    const authority = rest.slice(2);
    const slash = authority.indexOf('/');
    parseAuthority(slash < 0 ? authority : authority.slice(0, slash), u);
    rest = slash < 0 ? '' : authority.slice(slash);
  }
  u.path = urlUnescape(rest, 'path');
  return u;
}

/** url.Parse; throws UrlError carrying Go's `parse "<url>": <reason>` text. */
export function parseUrl(raw: string): GoUrl {
  const hash = raw.indexOf('#');
  const noFrag = hash < 0 ? raw : raw.slice(0, hash);
  let u: GoUrl;
  try {
    u = parseNoFragment(noFrag);
  } catch (e) {
    if (e instanceof UrlError) throw new UrlError(`parse ${goQuote(noFrag)}: ${e.message}`);
    throw e;
  }
  if (hash < 0) return u;
  try {
    u.fragment = urlUnescape(raw.slice(hash + 1), 'fragment');
  } catch (e) {
    if (e instanceof UrlError) throw new UrlError(`parse ${goQuote(raw)}: ${e.message}`);
    throw e;
  }
  return u;
}

function userString(u: Userinfo): string {
  return urlEscape(u.username, 'userinfo') + (u.password === null ? '' : `:${urlEscape(u.password, 'userinfo')}`);
}

/** URL.String. */
export function urlString(u: GoUrl): string {
  let out = u.scheme === '' ? '' : `${u.scheme}:`;
  if (u.opaque !== '') out += u.opaque;
  else {
    if (u.scheme !== '' || u.host !== '' || u.user !== null) {
      if (u.host !== '' || u.path !== '' || u.user !== null) out += '//';
      if (u.user !== null) out += `${userString(u.user)}@`;
      if (u.host !== '') out += urlEscape(u.host, 'host');
    }
    const path = u.path === '*' ? '*' : urlEscape(u.path, 'path');
    if (path !== '' && !path.startsWith('/') && u.host !== '') out += '/';
    if (out === '' && (path.split('/')[0] ?? '').includes(':')) out += './';
    out += path;
  }
  if (u.forceQuery || u.rawQuery !== '') out += `?${u.rawQuery}`;
  if (u.fragment !== '') out += `#${urlEscape(u.fragment, 'fragment')}`;
  return out;
}

/** url.URL.Hostname: the host without port or IPv6 brackets. */
function hostname(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

function urlParse(v: string): GoMap {
  let u: GoUrl;
  try {
    u = parseUrl(v);
  } catch (e) {
    if (e instanceof UrlError) return goError(`unable to parse url: ${e.message}`);
    throw e;
  }
  const d = new Map<string, GoValue>([
    ['scheme', u.scheme],
    ['host', u.host],
    ['hostname', hostname(u.host)],
    ['path', u.path],
    ['query', u.rawQuery],
    ['opaque', u.opaque],
    ['fragment', u.fragment],
    ['userinfo', u.user === null ? '' : userString(u.user)],
  ]);
  return new GoMap(T.iface, d);
}

/** sprig dictGetOrEmpty: a missing key is "", a non-string value panics. */
function field(d: GoValue | undefined, key: string): string {
  const m = d instanceof GoMap ? d.entries : null;
  if (m === null || !m.has(key)) return '';
  const v = m.get(key) ?? null;
  if (v === null) return nilDeref();
  if (typeof v !== 'string') goError(`unable to parse ${key} key, must be of type string, but ${kindName(v)} found`);
  return v;
}

function urlJoin(d: GoValue | undefined): string {
  const u: GoUrl = {
    scheme: field(d, 'scheme'),
    host: field(d, 'host'),
    path: field(d, 'path'),
    rawQuery: field(d, 'query'),
    opaque: field(d, 'opaque'),
    fragment: field(d, 'fragment'),
    user: null,
    forceQuery: false,
  };
  const info = field(d, 'userinfo');
  if (info !== '') {
    try {
      u.user = parseUrl(`proto://${info}@host`).user;
    } catch (e) {
      if (e instanceof UrlError) return goError(`unable to parse userinfo in dict: ${e.message}`);
      throw e;
    }
  }
  return urlString(u);
}

export const urlFuncs: FuncTable = {
  urlParse: fn([T.string], T_DICT, ([v]) => urlParse(str(v))),
  urlJoin: fn([T_DICT], T.string, ([d]) => urlJoin(d)),
};
