/**
 * The parts of Go's strconv the template engine prints with: FormatFloat ('e','E','f','g','G','b','x','X'),
 * Quote/QuoteToASCII/QuoteRune, CanBackquote, IsPrint and Unquote/UnquoteChar.
 *
 * Floats: the shortest digits come from JavaScript (both languages print the shortest string that round-trips,
 * closest to the exact value); fixed precisions are rounded from the exact binary value with BigInt, half to even,
 * as Go's decimal rounding does.
 */
import { utf8Decode } from './utf8.js';

export class StrconvSyntaxError extends Error {
  constructor() {
    super('invalid syntax');
  }
}

/** Decimal digits `d` (no trailing zeros) with the value 0.d × 10^dp; zero is `{ d: '', dp: 0 }`. */
interface Digits {
  d: string;
  dp: number;
}

const view = new DataView(new ArrayBuffer(8));

function floatBits(x: number): { mant: bigint; exp: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  let exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) exp = 1;
  else mant |= 1n << 52n;
  return { mant, exp: exp - 1023 };
}

function trimZeros(d: string): string {
  let n = d.length;
  while (n > 0 && d.charCodeAt(n - 1) === 48) n--;
  return n === d.length ? d : d.slice(0, n);
}

function shortestDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const s = x.toExponential();
  const e = s.indexOf('e');
  const d = trimZeros(s.slice(0, e).replace('.', ''));
  return { d, dp: Number(s.slice(e + 1)) + 1 };
}

function exactDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const { mant, exp } = floatBits(x);
  const e2 = exp - 52;
  if (e2 >= 0) {
    const s = (mant << BigInt(e2)).toString();
    return { d: trimZeros(s), dp: s.length };
  }
  const k = -e2;
  const s = (mant * 5n ** BigInt(k)).toString();
  return { d: trimZeros(s), dp: s.length - k };
}

/** Go's decimal.Round: keep `nd` digits, rounding half to even on the exact digits. */
function round(a: Digits, nd: number): Digits {
  if (nd < 0 || nd >= a.d.length) return a;
  const c = a.d.charCodeAt(nd);
  let up: boolean;
  if (c === 53 && nd + 1 === a.d.length) up = nd > 0 && (a.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = c >= 53;
  if (!up) return { d: trimZeros(a.d.slice(0, nd)), dp: a.dp };
  let i = nd - 1;
  while (i >= 0 && a.d.charCodeAt(i) === 57) i--;
  if (i < 0) return { d: '1', dp: a.dp + 1 };
  return { d: a.d.slice(0, i) + String.fromCharCode(a.d.charCodeAt(i) + 1), dp: a.dp };
}

function fmtE(neg: boolean, d: Digits, prec: number, fmt: string): string {
  let s = neg ? '-' : '';
  s += d.d.length !== 0 ? d.d[0] : '0';
  if (prec > 0) {
    s += '.';
    const m = Math.min(d.d.length, prec + 1);
    if (m > 1) s += d.d.slice(1, m);
    for (let i = Math.max(m, 1); i <= prec; i++) s += '0';
  }
  s += fmt;
  let exp = d.d.length === 0 ? 0 : d.dp - 1;
  s += exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return s + (exp < 10 ? `0${exp}` : String(exp));
}

function fmtF(neg: boolean, d: Digits, prec: number): string {
  let s = neg ? '-' : '';
  if (d.dp > 0) {
    const m = Math.min(d.d.length, d.dp);
    s += d.d.slice(0, m);
    for (let i = m; i < d.dp; i++) s += '0';
  } else s += '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      s += j >= 0 && j < d.d.length ? d.d[j] : '0';
    }
  }
  return s;
}

function formatDigits(neg: boolean, digs: Digits, prec: number, fmt: string, shortest: boolean): string {
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, digs, prec, fmt);
    case 'f':
      return fmtF(neg, digs, prec);
    default: {
      // 'g' | 'G'
      const nd = digs.d.length;
      let eprec = prec;
      if (eprec > nd && nd >= digs.dp) eprec = nd;
      if (shortest) eprec = 6;
      const exp = digs.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd;
        return fmtE(neg, digs, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > digs.dp) prec = nd;
      return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
    }
  }
}

function fmtB(neg: boolean, x: number): string {
  const { mant, exp } = floatBits(x);
  const m = x === 0 ? 0n : mant;
  const e = exp - 52;
  return `${neg ? '-' : ''}${m}p${e >= 0 ? '+' : ''}${e}`;
}

const MASK64 = (1n << 64n) - 1n;

function fmtX(neg: boolean, x: number, prec: number, fmt: string): string {
  let { mant, exp } = floatBits(x);
  if (x === 0) {
    mant = 0n;
    exp = 0;
  }
  mant = (mant << 8n) & MASK64;
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant = (mant << 1n) & MASK64;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant = (mant << (60n - shift)) & MASK64;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  let s = `${neg ? '-' : ''}0${fmt}${(mant >> 60n) & 1n}`;
  mant = (mant << 4n) & MASK64;
  if (prec < 0 && mant !== 0n) {
    s += '.';
    while (mant !== 0n) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  } else if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  }
  s += fmt === 'X' ? 'P' : 'p';
  s += exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return s + (exp < 10 ? `0${exp}` : String(exp));
}

/** strconv.FormatFloat(x, fmt, prec, 64). */
export function formatFloat(x: number, fmt: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '+Inf';
  if (x === Number.NEGATIVE_INFINITY) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  if (fmt === 'b') return fmtB(neg, a);
  if (fmt === 'x' || fmt === 'X') return fmtX(neg, a, prec, fmt);
  if (fmt !== 'e' && fmt !== 'E' && fmt !== 'f' && fmt !== 'g' && fmt !== 'G') return `%${fmt}`;
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) {
    digs = shortestDigits(a);
    const nd = digs.d.length;
    if (fmt === 'e' || fmt === 'E') prec = Math.max(nd - 1, 0);
    else if (fmt === 'f') prec = Math.max(nd - digs.dp, 0);
    else prec = nd;
  } else {
    digs = exactDigits(a);
    if (fmt === 'e' || fmt === 'E') digs = round(digs, prec + 1);
    else if (fmt === 'f') digs = round(digs, digs.dp + prec);
    else {
      if (prec === 0) prec = 1;
      digs = round(digs, prec);
    }
  }
  return formatDigits(neg, digs, prec, fmt, shortest);
}

const printRe = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const printCache = new Map<number, boolean>();

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space. */
export function isPrint(r: number): boolean {
  if (r < 0x7f) return r >= 0x20;
  if (r < 0xa1) return false;
  let v = printCache.get(r);
  if (v === undefined) {
    v = r <= 0x10ffff && !(r >= 0xd800 && r <= 0xdfff) && printRe.test(String.fromCodePoint(r));
    if (printCache.size < 4096) printCache.set(r, v);
  }
  return v;
}

const lowerhex = '0123456789abcdef';

function hexPad(r: number, n: number): string {
  let s = '';
  for (let sh = (n - 1) * 4; sh >= 0; sh -= 4) s += lowerhex[(r >>> sh) & 0xf];
  return s;
}

function escapedRune(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return `\\${String.fromCharCode(r)}`;
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) return String.fromCharCode(r);
  } else if (isPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return `\\x${hexPad(r, 2)}`;
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  if (r < 0x10000) return `\\u${hexPad(r, 4)}`;
  return `\\U${hexPad(r, 8)}`;
}

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  let out = String.fromCharCode(quote);
  for (const ch of s) out += escapedRune(ch.codePointAt(0) as number, quote, asciiOnly);
  return out + String.fromCharCode(quote);
}

export const quote = (s: string): string => quoteWith(s, 0x22, false);
export const quoteToASCII = (s: string): string => quoteWith(s, 0x22, true);

function validRune(r: number): boolean {
  return r >= 0 && r <= 0x10ffff && !(r >= 0xd800 && r <= 0xdfff);
}

export function quoteRune(r: number, asciiOnly = false): string {
  if (!validRune(r)) r = 0xfffd;
  return `'${escapedRune(r, 0x27, asciiOnly)}'`;
}

/** strconv.CanBackquote. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const r = ch.codePointAt(0) as number;
    if (r === 0xfeff) return false;
    if (r < 0x80) {
      if ((r < 0x20 && r !== 9) || r === 0x60 || r === 0x7f) return false;
    } else if (r >= 0xd800 && r <= 0xdfff) return false;
  }
  return true;
}

function unhex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * strconv.UnquoteChar on `s` from index `i`: the rune (or, for \x and octal escapes, the byte) and the next index.
 * `byte` tells a single raw byte (\x, octal) from a rune.
 */
export function unquoteChar(s: string, i: number, quote: number): { value: number; byte: boolean; next: number } {
  if (i >= s.length) throw new StrconvSyntaxError();
  const c = s.charCodeAt(i);
  if (c === quote && (quote === 0x27 || quote === 0x22)) throw new StrconvSyntaxError();
  if (c !== 0x5c) {
    const r = s.codePointAt(i) as number;
    return { value: r, byte: false, next: i + (r > 0xffff ? 2 : 1) };
  }
  if (i + 1 >= s.length) throw new StrconvSyntaxError();
  const e = s.charCodeAt(i + 1);
  let j = i + 2;
  const simple: Record<number, number> = { 97: 7, 98: 8, 102: 12, 110: 10, 114: 13, 116: 9, 118: 11, 92: 92 };
  const sv = simple[e];
  if (sv !== undefined) return { value: sv, byte: false, next: j };
  if (e === 0x78 || e === 0x75 || e === 0x55) {
    const n = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
    if (s.length - j < n) throw new StrconvSyntaxError();
    let v = 0;
    for (let k = 0; k < n; k++) {
      const x = unhex(s.charCodeAt(j + k));
      if (x < 0) throw new StrconvSyntaxError();
      v = v * 16 + x;
    }
    j += n;
    if (e === 0x78) return { value: v, byte: true, next: j };
    if (!validRune(v)) throw new StrconvSyntaxError();
    return { value: v, byte: false, next: j };
  }
  if (e >= 48 && e <= 55) {
    let v = e - 48;
    if (s.length - j < 2) throw new StrconvSyntaxError();
    for (let k = 0; k < 2; k++) {
      const x = s.charCodeAt(j + k) - 48;
      if (x < 0 || x > 7) throw new StrconvSyntaxError();
      v = (v << 3) | x;
    }
    if (v > 255) throw new StrconvSyntaxError();
    return { value: v, byte: true, next: j + 2 };
  }
  if (e === 0x27 || e === 0x22) {
    if (e !== quote) throw new StrconvSyntaxError();
    return { value: e, byte: false, next: j };
  }
  throw new StrconvSyntaxError();
}

/** strconv.Unquote for the quoted and raw string literals the lexer produced. */
export function unquote(s: string): string {
  const n = s.length;
  if (n < 2) throw new StrconvSyntaxError();
  const q = s.charCodeAt(0);
  if (q !== s.charCodeAt(n - 1)) throw new StrconvSyntaxError();
  const body = s.slice(1, n - 1);
  if (q === 0x60) {
    if (body.includes('`')) throw new StrconvSyntaxError();
    return body.includes('\r') ? body.replaceAll('\r', '') : body;
  }
  if (q !== 0x22 && q !== 0x27) throw new StrconvSyntaxError();
  if (body.includes('\n')) throw new StrconvSyntaxError();
  if (!body.includes('\\') && !body.includes(String.fromCharCode(q))) {
    if (q === 0x22) return body;
    const r = body.codePointAt(0);
    if (r !== undefined && body.length === (r > 0xffff ? 2 : 1)) return body;
    throw new StrconvSyntaxError();
  }
  const bytes: number[] = [];
  let i = 0;
  let count = 0;
  while (i < body.length) {
    const { value, byte, next } = unquoteChar(body, i, q);
    i = next;
    count++;
    if (byte || value < 0x80) bytes.push(value);
    else for (const b of new TextEncoder().encode(String.fromCodePoint(value))) bytes.push(b);
  }
  if (q === 0x27 && count !== 1) throw new StrconvSyntaxError();
  return utf8Decode(Uint8Array.from(bytes));
}
