/**
 * Go's NumberNode construction (parse.newNumber): strconv.ParseUint/ParseInt with base 0, ParseFloat and
 * UnquoteChar on the literal text, with the same acceptance and error texts.
 */
import { NumberNode } from './nodes.js';
import { quote, unquoteChar } from './strconv.js';

const MAX_UINT64 = (1n << 64n) - 1n;

function lower(c: string | undefined): string {
  return c === undefined ? '' : c.toLowerCase();
}

/** strconv's underscoreOK: underscores only between digits (a base prefix counts as a digit). */
export function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(lower(s[1]))) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseUint(s, 0, 64); null on any error. */
export function parseUint(s: string): bigint | null {
  if (s.length === 0) return null;
  const s0 = s;
  let base = 10;
  if (s[0] === '0') {
    const p = lower(s[1]);
    if (s.length >= 3 && p === 'b') {
      base = 2;
      s = s.slice(2);
    } else if (s.length >= 3 && p === 'o') {
      base = 8;
      s = s.slice(2);
    } else if (s.length >= 3 && p === 'x') {
      base = 16;
      s = s.slice(2);
    } else {
      base = 8;
      s = s.slice(1);
    }
  }
  let n = 0n;
  let underscores = false;
  const b = BigInt(base);
  for (const c of s) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = Number.parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return null;
    n = n * b + BigInt(d);
    if (n > MAX_UINT64) return null;
  }
  if (underscores && !underscoreOK(s0)) return null;
  return n;
}

/** strconv.ParseInt(s, 0, 64); null on any error. */
export function parseInt64(s: string): bigint | null {
  if (s.length === 0) return null;
  let neg = false;
  let body = s;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    body = s.slice(1);
  }
  const u = parseUint(body);
  if (u === null) return null;
  if (!neg && u >= 1n << 63n) return null;
  if (neg && u > 1n << 63n) return null;
  return neg ? -u : u;
}

const decimalRe = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const hexRe = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/;

/** strconv.ParseFloat(s, 64) for the literals the lexer can produce; null on syntax or range error. */
export function parseFloat64(s: string): number | null {
  if (s.includes('_')) {
    if (!underscoreOK(s)) return null;
    s = s.replaceAll('_', '');
  }
  if (decimalRe.test(s)) {
    const f = Number(s);
    return Number.isFinite(f) ? f : null;
  }
  const m = hexRe.exec(s);
  if (m === null) return null;
  const [, sign, int = '', frac = '', exp = '0'] = m;
  if (int === '' && frac === '') return null;
  if (s.includes('.') && !/[0-9a-fA-F]\.|\.[0-9a-fA-F]/.test(s)) return null;
  const mant = BigInt(`0x${int}${frac}` === '0x' ? '0' : `0x${int}${frac}`);
  const e = Number(exp) - 4 * frac.length;
  const f = Number(mant) * 2 ** e;
  if (!Number.isFinite(f)) return null;
  return sign === '-' ? -f : f;
}

function simplifyComplex(n: NumberNode): void {
  n.isFloat = n.complexIm === 0;
  if (n.isFloat) {
    n.float64 = n.complexRe;
    n.isInt = Number.isInteger(n.float64) && Math.abs(n.float64) < 2 ** 63;
    if (n.isInt) n.int64 = BigInt(n.float64);
    n.isUint = Number.isInteger(n.float64) && n.float64 >= 0 && n.float64 < 2 ** 64;
    if (n.isUint) n.uint64 = BigInt(n.float64);
  }
}

/** Go's newNumber: the error text on failure. */
export function newNumber(pos: number, text: string, kind: 'char' | 'complex' | 'number'): NumberNode {
  const n = new NumberNode(pos, text);
  if (kind === 'char') {
    const { value, next } = unquoteChar(text, 1, 0x27);
    if (text.slice(next) !== "'") throw new Error(`malformed character constant: ${text}`);
    n.int64 = BigInt(value);
    n.isInt = true;
    n.uint64 = BigInt(value);
    n.isUint = true;
    n.float64 = value;
    n.isFloat = true;
    return n;
  }
  if (kind === 'complex') {
    const [re, im] = sscanComplex(text);
    n.isComplex = true;
    n.complexRe = re;
    n.complexIm = im;
    simplifyComplex(n);
    return n;
  }
  if (text.length > 0 && text[text.length - 1] === 'i') {
    const f = parseFloat64(text.slice(0, -1));
    if (f !== null) {
      n.isComplex = true;
      n.complexIm = f;
      simplifyComplex(n);
      return n;
    }
  }
  const u = parseUint(text);
  if (u !== null) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = parseInt64(text);
  if (i !== null) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true;
      n.uint64 = u ?? 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseFloat64(text);
    if (f !== null) {
      if (!/[.eEpP]/.test(text)) throw new Error(`integer overflow: ${quote(text)}`);
      n.isFloat = true;
      n.float64 = f;
      if (!n.isInt && Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (!n.isUint && Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new Error(`illegal number syntax: ${quote(text)}`);
  return n;
}

const complexError = 'syntax error scanning complex number';

/** fmt.Sscan into a complex128, as parse.newNumber does for `1+2i`: its tokens, conversions and errors. */
function sscanComplex(text: string): [number, number] {
  let i = 0;
  const accept = (set: string): boolean => {
    if (i < text.length && set.includes(text[i] as string)) {
      i++;
      return true;
    }
    return false;
  };
  const floatToken = (): string => {
    const start = i;
    if (accept('nN') && accept('aA') && accept('nN')) return text.slice(start, i);
    accept('+-');
    if (accept('iI') && accept('nN') && accept('fF')) return text.slice(start, i);
    let digits = '0123456789_';
    let exp = 'eEpP';
    if (accept('0') && accept('xX')) {
      digits = '0123456789aAbBcCdDeEfF_';
      exp = 'pP';
    }
    while (accept(digits));
    if (accept('.')) while (accept(digits));
    if (accept(exp)) {
      accept('+-');
      while (accept('0123456789_'));
    }
    return text.slice(start, i);
  };
  const parens = accept('(');
  const re = floatToken();
  const signAt = i;
  if (!accept('+-')) throw new Error(complexError);
  const im = text.slice(signAt, signAt + 1) + floatToken();
  if (!accept('i')) throw new Error(complexError);
  if (parens && !accept(')')) throw new Error(complexError);
  return [convertFloat(re), convertFloat(im)];
}

function convertFloat(str: string): number {
  const p = str.indexOf('p');
  if (p >= 0 && !/^[+-]?0[xX]/.test(str)) {
    const f = parseFloat64(str.slice(0, p));
    const e = Number.parseInt(str.slice(p + 1), 10);
    if (f === null || Number.isNaN(e)) throw new Error(`strconv.ParseFloat: parsing ${quote(str)}: invalid syntax`);
    return f * 2 ** e;
  }
  const f = parseFloat64(str);
  if (f === null) throw new Error(`strconv.ParseFloat: parsing ${quote(str)}: invalid syntax`);
  return f;
}
