/**
 * Go string semantics on JavaScript strings: Go strings are UTF-8 bytes and its `unicode` package maps runes one
 * to one (simple case mapping), so lengths, slicing, case changes and quoting are done here the way Go does them.
 *
 * JavaScript strings cannot hold invalid UTF-8; where Go would cut a multi-byte rune in half the result is decoded
 * with U+FFFD replacement characters instead (documented deviation).
 */
import { goError } from './define.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export function fromUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}

export function byteLen(s: string): number {
  return utf8(s).length;
}

/** Each byte as the rune of the same value, as `rune(str[i])` in goutils' byte loops, re-encoded as UTF-8. */
export function latin1(bytes: readonly number[]): string {
  return fromRunes(bytes);
}

/**
 * Go's `s[start:end]` on a string (byte offsets), with Go's panic texts for bad bounds.
 * `start`/`end` null mean omitted.
 */
export function sliceStr(s: string, start: number | null, end: number | null): string {
  const b = utf8(s);
  const hi = end ?? b.length;
  const lo = start ?? 0;
  if (end !== null) {
    if (hi < 0) goError(`runtime error: slice bounds out of range [:${hi}]`);
    if (hi > b.length) goError(`runtime error: slice bounds out of range [:${hi}] with length ${b.length}`);
  }
  if (lo < 0) goError(`runtime error: slice bounds out of range [${lo}:]`);
  if (lo > hi) goError(`runtime error: slice bounds out of range [${lo}:${hi}]`);
  return fromUtf8(b.subarray(lo, hi));
}

/** Runes (code points) of a string. */
export function runes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0) ?? 0);
  return out;
}

const reUpper = /^\p{Lu}$/u;
const reLower = /^\p{Ll}$/u;
const reTitle = /^\p{Lt}$/u;
const reLetter = /^\p{L}$/u;
const reDigit = /^\p{Nd}$/u;
const reNumber = /^\p{N}$/u;

const ch = (r: number): string => String.fromCodePoint(r);

export const isUpper = (r: number): boolean => reUpper.test(ch(r));
export const isLower = (r: number): boolean => reLower.test(ch(r));
export const isTitle = (r: number): boolean => reTitle.test(ch(r));
export const isLetter = (r: number): boolean => reLetter.test(ch(r));
export const isDigit = (r: number): boolean => reDigit.test(ch(r));
export const isNumber = (r: number): boolean => reNumber.test(ch(r));

/** Go's unicode.IsSpace. */
export function isSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return (
    r === 0x1680 ||
    (r >= 0x2000 && r <= 0x200a) ||
    r === 0x2028 ||
    r === 0x2029 ||
    r === 0x202f ||
    r === 0x205f ||
    r === 0x3000
  );
}

/** One-to-one case mapping: JavaScript's full mapping is used only where it maps a rune to a single rune. */
function simpleMap(r: number, mapped: string): number {
  const cps = runes(mapped);
  return cps.length === 1 ? (cps[0] ?? r) : r;
}

export function toUpperRune(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  return simpleMap(r, ch(r).toUpperCase());
}

export function toLowerRune(r: number): number {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a ? r + 32 : r;
  if (r === 0x130) return 0x69; // İ: simple lowercase is plain i
  return simpleMap(r, ch(r).toLowerCase());
}

/** Title case differs from upper case only for the Latin digraphs (ǅ ǈ ǋ ǲ). */
export function toTitleRune(r: number): number {
  const digraphs: Record<number, number> = {
    452: 0x1c5,
    453: 0x1c5,
    454: 0x1c5,
    455: 0x1c8,
    456: 0x1c8,
    457: 0x1c8,
    458: 0x1cb,
    459: 0x1cb,
    460: 0x1cb,
    497: 0x1f2,
    498: 0x1f2,
    499: 0x1f2,
  };
  return digraphs[r] ?? toUpperRune(r);
}

export function mapRunes(s: string, f: (r: number) => number): string {
  let out = '';
  for (const r of runes(s)) out += ch(f(r));
  return out;
}

/** Builds a string from code points (no argument-count limit, unlike String.fromCodePoint(...rs)). */
export function fromRunes(rs: readonly number[]): string {
  let out = '';
  for (const r of rs) out += ch(r);
  return out;
}

const isPrintRe = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(r: number): boolean {
  return r === 0x20 || isPrintRe.test(ch(r));
}

/** Go's strconv.Quote (what `%q` prints for a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const r of runes(s)) {
    if (r === 0x22 || r === 0x5c) out += `\\${ch(r)}`;
    else if (isPrint(r)) out += ch(r);
    else out += escapeRune(r);
  }
  return `${out}"`;
}

function escapeRune(r: number): string {
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
  const n = named[r];
  if (n !== undefined) return n;
  if (r < 0x20 || r === 0x7f) return `\\x${r.toString(16).padStart(2, '0')}`;
  if (r === 0xfffd) return ch(r);
  if (r < 0x10000) return `\\u${r.toString(16).padStart(4, '0')}`;
  return `\\U${r.toString(16).padStart(8, '0')}`;
}

/** Go's strings.Repeat, with its panic for a negative count. */
export function repeat(s: string, count: number): string {
  if (count < 0) goError('strings: negative Repeat count');
  // Go would try to allocate any size; refusing absurd sizes keeps one template from exhausting the Lambda.
  if (byteLen(s) * count > 64 * 1024 * 1024) goError('strings: Repeat output length overflow');
  return s.repeat(count);
}

/** Go's strings.Replace(s, old, new, -1): an empty `old` inserts `new` around every rune. */
export function replaceAll(s: string, old: string, rep: string): string {
  if (old !== '') return s.split(old).join(rep);
  return rep + [...s].map((c) => c + rep).join('');
}

/** Go's strings.SplitN (n < 0: all parts; n == 0: nil). */
export function splitN(s: string, sep: string, n: number): string[] | null {
  if (n === 0) return null;
  if (sep === '') {
    const rs = [...s];
    if (n < 0 || n >= rs.length) return rs;
    return [...rs.slice(0, n - 1), rs.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** Go's strings.Trim(s, cutset): strips leading and trailing runes found in the cutset. */
export function trimCutset(s: string, cutset: string): string {
  const set = new Set(runes(cutset));
  const rs = runes(s);
  let a = 0;
  let b = rs.length;
  while (a < b && set.has(rs[a] ?? -1)) a++;
  while (b > a && set.has(rs[b - 1] ?? -1)) b--;
  return fromRunes(rs.slice(a, b));
}

/** Go's strings.TrimSpace (Unicode white space). */
export function trimSpace(s: string): string {
  const rs = runes(s);
  let a = 0;
  let b = rs.length;
  while (a < b && isSpace(rs[a] ?? 0)) a++;
  while (b > a && isSpace(rs[b - 1] ?? 0)) b--;
  return fromRunes(rs.slice(a, b));
}

/** Byte-wise comparison of the UTF-8 forms, as Go's `<` on strings and sort.Strings. */
export function compareStrings(a: string, b: string): number {
  return Buffer.compare(utf8(a), utf8(b));
}
