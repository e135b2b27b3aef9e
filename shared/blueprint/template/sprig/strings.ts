/**
 * sprig v2.22.0 string functions (strings.go and the string lambdas in functions.go), with Go's byte-offset
 * semantics for trunc/substr/abbrev and Go's panics for out-of-range slices and negative repeat counts.
 */
import { formatValue } from '../fmt.js';
import { GoMap, GoSlice, type GoType, type GoValue, T } from '../values.js';
import { strslice, strval } from './conv.js';
import { type FuncTable, fn, int, intNum, str, T_INT, T_STRINGS, T_STRMAP } from './define.js';
import {
  byteLen,
  goQuote,
  isDigit,
  isLetter,
  isSpace,
  mapRunes,
  repeat,
  replaceAll,
  sliceStr,
  splitN,
  toLowerRune,
  toTitleRune,
  toUpperRune,
  trimCutset,
  trimSpace,
} from './gostr.js';
import {
  abbreviateFull,
  cryptoRandom,
  deleteWhiteSpace,
  initials,
  RANDOM_SETS,
  swapCase,
  uncapitalize,
  wrapCustom,
} from './goutils.js';
import { camelCaseToLowerCase, shuffle, toCamelCase } from './xstrings.js';

const S = T.string;

function trunc(c: number, s: string): string {
  return byteLen(s) <= c ? s : sliceStr(s, 0, c);
}

function substring(start: number, end: number, s: string): string {
  if (start < 0) return sliceStr(s, null, end);
  if (end < 0 || end > byteLen(s)) return sliceStr(s, start, null);
  return sliceStr(s, start, end);
}

/** strings.Title's separator test: ASCII alphanumerics and '_' join words; other letters/digits too. */
function isTitleSeparator(r: number): boolean {
  if (r <= 0x7f) return !/[0-9A-Za-z_]/.test(String.fromCharCode(r));
  if (isLetter(r) || isDigit(r)) return false;
  return isSpace(r);
}

function title(s: string): string {
  let prev = 0x20;
  return mapRunes(s, (r) => {
    const out = isTitleSeparator(prev) ? toTitleRune(r) : r;
    prev = r;
    return out;
  });
}

function indent(spaces: number, v: string): string {
  const pad = repeat(' ', spaces);
  return pad + v.split('\n').join(`\n${pad}`);
}

/** split/splitn results: map[string]string keyed `_0`, `_1`, … */
function indexedMap(parts: string[] | null): GoMap {
  return new GoMap(S, new Map((parts ?? []).map((p, i) => [`_${i}`, p])));
}

/** strconv.Atoi on 64-bit: base 10, optional sign; a syntax error gives 0. */
function atoi(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) return 0n;
  // Out of range, Atoi still returns the clamped value beside its error, and sprig keeps it.
  const n = BigInt(s);
  if (n < -(2n ** 63n)) return -(2n ** 63n);
  return n >= 2n ** 63n ? 2n ** 63n - 1n : n;
}

const nonNil = (vs: GoValue[]): GoValue[] => vs.filter((v) => v !== null);

const s1 = (f: (s: string) => string) => fn([S], S, ([a]) => f(str(a)));
const swapped = (f: (a: string, b: string) => GoValue, result: GoType = S) =>
  fn([S, S], result, ([a, b]) => f(str(a), str(b)));
const rand = (set: string) => fn([T_INT], S, ([n]) => cryptoRandom(intNum(n), set));

export const stringFuncs: FuncTable = {
  hello: fn([], S, () => 'Hello!'),
  abbrev: fn([T_INT, S], S, ([w, s]) => (intNum(w) < 4 ? str(s) : (abbreviateFull(str(s), 0, intNum(w)) ?? ''))),
  abbrevboth: fn([T_INT, T_INT, S], S, ([l, r, s]) => {
    const left = intNum(l);
    const right = intNum(r);
    if (right < 4 || (left > 0 && right < 7)) return str(s);
    return abbreviateFull(str(s), left, right) ?? '';
  }),
  trunc: fn([T_INT, S], S, ([c, s]) => trunc(intNum(c), str(s))),
  trim: s1(trimSpace),
  upper: s1((s) => mapRunes(s, toUpperRune)),
  lower: s1((s) => mapRunes(s, toLowerRune)),
  title: s1(title),
  untitle: s1(uncapitalize),
  substr: fn([T_INT, T_INT, S], S, ([a, b, s]) => substring(intNum(a), intNum(b), str(s))),
  repeat: fn([T_INT, S], S, ([n, s]) => repeat(str(s), intNum(n))),
  trimall: swapped((cut, s) => trimCutset(s, cut)),
  trimAll: swapped((cut, s) => trimCutset(s, cut)),
  trimSuffix: swapped((suf, s) => (suf !== '' && s.endsWith(suf) ? s.slice(0, s.length - suf.length) : s)),
  trimPrefix: swapped((pre, s) => (pre !== '' && s.startsWith(pre) ? s.slice(pre.length) : s)),
  nospace: s1(deleteWhiteSpace),
  initials: s1(initials),
  randAlphaNum: rand(RANDOM_SETS.alphaNum),
  randAlpha: rand(RANDOM_SETS.alpha),
  randAscii: rand(RANDOM_SETS.ascii),
  randNumeric: rand(RANDOM_SETS.numeric),
  swapcase: s1(swapCase),
  shuffle: s1(shuffle),
  snakecase: s1((s) => camelCaseToLowerCase(s, '_')),
  camelcase: s1(toCamelCase),
  kebabcase: s1((s) => camelCaseToLowerCase(s, '-')),
  wrap: fn([T_INT, S], S, ([l, s]) => wrapCustom(str(s), intNum(l), '', false)),
  wrapWith: fn([T_INT, S, S], S, ([l, sep, s]) => wrapCustom(str(s), intNum(l), str(sep), true)),
  contains: swapped((sub, s) => s.includes(sub), T.bool),
  hasPrefix: swapped((pre, s) => s.startsWith(pre), T.bool),
  hasSuffix: swapped((suf, s) => s.endsWith(suf), T.bool),
  quote: fn(
    [],
    S,
    (args) =>
      nonNil(args)
        .map((v) => goQuote(strval(v)))
        .join(' '),
    T.iface,
  ),
  squote: fn(
    [],
    S,
    (args) =>
      nonNil(args)
        .map((v) => `'${formatValue(v)}'`)
        .join(' '),
    T.iface,
  ),
  cat: fn([], S, (args) => nonNil(args).map(formatValue).join(' '), T.iface),
  indent: fn([T_INT, S], S, ([n, s]) => indent(intNum(n), str(s))),
  nindent: fn([T_INT, S], S, ([n, s]) => `\n${indent(intNum(n), str(s))}`),
  replace: fn([S, S, S], S, ([o, n, s]) => replaceAll(str(s), str(o), str(n))),
  plural: fn([S, S, T_INT], S, ([one, many, n]) => (int(n) === 1n ? str(one) : str(many))),
  toString: fn([T.iface], S, ([v]) => strval(v ?? null)),
  atoi: fn([S], T_INT, ([s]) => atoi(str(s))),
  split: swapped((sep, s) => indexedMap(splitN(s, sep, -1)), T_STRMAP),
  splitList: swapped((sep, s) => new GoSlice(S, splitN(s, sep, -1)), T_STRINGS),
  splitn: fn([S, T_INT, S], T_STRMAP, ([sep, n, s]) => indexedMap(splitN(str(s), str(sep), intNum(n)))),
  toStrings: fn([T.iface], T_STRINGS, ([v]) => toStrings(v ?? null)),
  join: fn([S, T.iface], S, ([sep, v]) => strslice(v ?? null).join(str(sep))),
};

/** toStrings returns a []string argument itself (a nil one stays nil). */
function toStrings(v: GoValue): GoSlice {
  if (v instanceof GoSlice && v.elem.kind === 'string') return v;
  return new GoSlice(S, strslice(v));
}
