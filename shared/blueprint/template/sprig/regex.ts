/**
 * sprig v2.22.0 regex functions (regex.go) over Go's regexp semantics: leftmost-first matching, Go's rules for
 * successive matches (no empty match right after a previous match), `$1`/`${name}` expansion as regexp.Expand
 * does it, and MustCompile's panic text for invalid patterns (regexMatch just answers false).
 */
import { GoSlice, T } from '../values.js';
import { type FuncTable, fn, goError, intNum, str } from './define.js';
import { goQuote } from './gostr.js';
import { type CompiledRe2, Re2SyntaxError, translateRe2 } from './re2.js';

interface Re {
  readonly expr: string;
  readonly re: RegExp;
  readonly names: readonly string[];
}

const cache = new Map<string, Re | Re2SyntaxError>();

function compile(pattern: string): Re {
  let entry = cache.get(pattern);
  if (entry === undefined) {
    try {
      const c: CompiledRe2 = translateRe2(pattern);
      entry = { expr: pattern, re: new RegExp(c.source, `${c.flags}g`), names: c.names };
    } catch (e) {
      if (!(e instanceof Re2SyntaxError)) throw e;
      entry = e;
    }
    if (cache.size > 500) cache.clear();
    cache.set(pattern, entry);
  }
  if (entry instanceof Re2SyntaxError) throw entry;
  return entry;
}

/** regexp.quote: backquoted when possible, else strconv.Quote. */
function quoteExpr(s: string): string {
  const canBackquote = ![...s].some((c) => c === '`' || c === '\ufeff' || c === '\x7f' || (c < ' ' && c !== '\t'));
  return canBackquote ? `\`${s}\`` : goQuote(s);
}

function mustCompile(pattern: string): Re {
  try {
    return compile(pattern);
  } catch (e) {
    if (e instanceof Re2SyntaxError) goError(`regexp: Compile(${quoteExpr(pattern)}): ${e.message}`);
    throw e;
  }
}

type Match = RegExpExecArray;

function execAt(re: RegExp, s: string, pos: number): Match | null {
  re.lastIndex = pos;
  return re.exec(s);
}

const runeWidth = (s: string, pos: number): number => ((s.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1);

/** regexp allMatches: successive matches, skipping an empty match that abuts the previous match. */
function allMatches(re: RegExp, s: string, nIn: number): Match[] {
  const n = nIn < 0 ? s.length + 1 : nIn;
  const out: Match[] = [];
  let pos = 0;
  let prevEnd = -1;
  while (out.length < n && pos <= s.length) {
    const m = execAt(re, s, pos);
    if (m === null) break;
    const end = m.index + m[0].length;
    let accept = true;
    if (end === pos) {
      if (m.index === prevEnd) accept = false;
      pos += pos < s.length ? runeWidth(s, pos) : 1;
    } else pos = end;
    prevEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

/** regexp's `$name` / `${name}` reference at the start of t: [name, rest] or null if malformed. */
function extract(t: string): [string, string] | null {
  const brace = t.startsWith('{');
  const body = brace ? t.slice(1) : t;
  const name = /^[\p{L}\p{Nd}_]*/u.exec(body)?.[0] ?? '';
  if (name === '') return null;
  let rest = body.slice(name.length);
  if (brace) {
    if (!rest.startsWith('}')) return null;
    rest = rest.slice(1);
  }
  return [name, rest];
}

function group(m: Match, names: readonly string[], name: string): string {
  const num = /^(0|[1-9][0-9]{0,7})$/.test(name) ? Number(name) : -1;
  const idx = num >= 0 ? num : names.indexOf(name);
  return idx >= 0 && idx < m.length ? (m[idx] ?? '') : '';
}

/** regexp.Expand of a replacement template for one match. */
function expand(template: string, m: Match, names: readonly string[]): string {
  let out = '';
  let t = template;
  for (;;) {
    const at = t.indexOf('$');
    if (at < 0) break;
    out += t.slice(0, at);
    t = t.slice(at + 1);
    if (t.startsWith('$')) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const ref = extract(t);
    if (ref === null) {
      out += '$';
      continue;
    }
    out += group(m, names, ref[0]);
    t = ref[1];
  }
  return out + t;
}

/** regexp replaceAll: no replacement for an empty match right after a previous match. */
function replaceAll(r: Re, s: string, repl: (m: Match) => string): string {
  let out = '';
  let lastEnd = 0;
  let pos = 0;
  while (pos <= s.length) {
    const m = execAt(r.re, s, pos);
    if (m === null) break;
    const end = m.index + m[0].length;
    out += s.slice(lastEnd, m.index);
    if (end > lastEnd || m.index === 0) out += repl(m);
    lastEnd = end;
    const width = pos < s.length ? runeWidth(s, pos) : 0;
    if (pos + width > end) pos += width;
    else if (pos + 1 > end) pos++;
    else pos = end;
  }
  return out + s.slice(lastEnd);
}

/** regexp.Split. */
function split(r: Re, s: string, n: number): string[] | null {
  if (n === 0) return null;
  if (r.expr !== '' && s.length === 0) return [''];
  const parts: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of allMatches(r.re, s, n)) {
    if (n > 0 && parts.length === n - 1) break;
    end = m.index;
    const mEnd = m.index + m[0].length;
    if (mEnd !== 0) parts.push(s.slice(beg, end));
    beg = mEnd;
  }
  if (end !== s.length) parts.push(s.slice(beg));
  return parts;
}

const S = T.string;

export const regexFuncs: FuncTable = {
  regexMatch: fn([S, S], T.bool, ([p, s]) => {
    try {
      return execAt(compile(str(p)).re, str(s), 0) !== null;
    } catch (e) {
      if (e instanceof Re2SyntaxError) return false;
      throw e;
    }
  }),
  regexFindAll: fn([S, S, T.int], T.slice(S), ([p, s, n]) => {
    const found = allMatches(mustCompile(str(p)).re, str(s), intNum(n)).map((m) => m[0]);
    return new GoSlice(S, found.length === 0 ? null : found);
  }),
  regexFind: fn([S, S], S, ([p, s]) => execAt(mustCompile(str(p)).re, str(s), 0)?.[0] ?? ''),
  regexReplaceAll: fn([S, S, S], S, ([p, s, repl]) => {
    const r = mustCompile(str(p));
    return replaceAll(r, str(s), (m) => expand(str(repl), m, r.names));
  }),
  regexReplaceAllLiteral: fn([S, S, S], S, ([p, s, repl]) => replaceAll(mustCompile(str(p)), str(s), () => str(repl))),
  regexSplit: fn(
    [S, S, T.int],
    T.slice(S),
    ([p, s, n]) => new GoSlice(S, split(mustCompile(str(p)), str(s), intNum(n))),
  ),
};
