/**
 * sprig's b64enc/b64dec/b32enc/b32dec over Go's encoding/base64 and encoding/base32 StdEncoding. The decoders
 * never fail in sprig: on bad input they return Go's error text ("illegal base64 data at input byte N"), so the
 * decoders here reproduce Go's error offsets.
 */
import { T } from '../values.js';
import { type FuncTable, fn, str } from './define.js';
import { fromUtf8, utf8 } from './gostr.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const PAD = 0x3d;

class CorruptInput extends Error {
  constructor(readonly offset: number) {
    super(String(offset));
  }
}

const decodeMap = (alphabet: string): Map<number, number> => new Map([...alphabet].map((c, i) => [c.charCodeAt(0), i]));
const B64_MAP = decodeMap(B64);
const B32_MAP = decodeMap(B32);
const isNewline = (b: number | undefined): boolean => b === 0x0a || b === 0x0d;

/** One 4-byte quantum of base64.StdEncoding (strict padding, newlines skipped); returns [next index, bytes]. */
function quantum64(src: Uint8Array, start: number, out: number[]): number {
  const dbuf = [0, 0, 0, 0];
  let si = start;
  let dlen = 4;
  for (let j = 0; j < 4; j++) {
    if (si === src.length) {
      if (j === 0) return si;
      throw new CorruptInput(si - j);
    }
    const c = src[si++] ?? 0;
    const v = B64_MAP.get(c);
    if (v !== undefined) {
      dbuf[j] = v;
      continue;
    }
    if (isNewline(c)) {
      j--;
      continue;
    }
    if (c !== PAD || j < 2) throw new CorruptInput(si - 1);
    if (j === 2) {
      while (si < src.length && isNewline(src[si])) si++;
      if (si === src.length) throw new CorruptInput(src.length);
      if (src[si] !== PAD) throw new CorruptInput(si - 1);
      si++;
    }
    while (si < src.length && isNewline(src[si])) si++;
    if (si < src.length) throw new CorruptInput(si);
    dlen = j;
    break;
  }
  const val = ((dbuf[0] ?? 0) << 18) | ((dbuf[1] ?? 0) << 12) | ((dbuf[2] ?? 0) << 6) | (dbuf[3] ?? 0);
  const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
  out.push(...bytes.slice(0, dlen - 1));
  return si;
}

/** base64.StdEncoding.DecodeString; throws Base64Error with Go's error text. */
export function decodeBase64Bytes(s: string): Uint8Array {
  const src = utf8(s);
  const out: number[] = [];
  try {
    let si = 0;
    while (si < src.length) {
      const next = quantum64(src, si, out);
      if (next === si) break;
      si = next;
    }
    return Uint8Array.from(out);
  } catch (e) {
    if (e instanceof CorruptInput) throw new Base64Error(`illegal base64 data at input byte ${e.offset}`);
    throw e;
  }
}

export class Base64Error extends Error {
  override readonly name = 'Base64Error';
}

/** sprig base64decode: the decoded text, or Go's error text as the result. */
export function base64Decode(s: string): string {
  try {
    return fromUtf8(decodeBase64Bytes(s));
  } catch (e) {
    if (e instanceof Base64Error) return e.message;
    throw e;
  }
}

/** One 8-byte quantum of base32.StdEncoding; returns the bytes consumed and whether padding ended the input. */
function quantum32(src: Uint8Array, start: number, olen: number, out: number[]): { next: number; end: boolean } {
  const dbuf = new Array<number>(8).fill(0);
  let si = start;
  let dlen = 8;
  let end = false;
  for (let j = 0; j < 8; ) {
    const left = src.length - si;
    if (left === 0) throw new CorruptInput(olen - j);
    const c = src[si++] ?? 0;
    const rest = src.length - si;
    if (c === PAD && j >= 2 && rest < 8) {
      if (rest + j < 7) throw new CorruptInput(olen);
      for (let k = 0; k < 7 - j; k++) if (rest > k && src[si + k] !== PAD) throw new CorruptInput(olen - rest + k - 1);
      dlen = j;
      end = true;
      if (dlen === 1 || dlen === 3 || dlen === 6) throw new CorruptInput(olen - rest - 1);
      break;
    }
    const v = B32_MAP.get(c);
    if (v === undefined) throw new CorruptInput(olen - rest - 1);
    dbuf[j++] = v;
  }
  const bits = dbuf.reduce((acc, v) => (acc << 5n) | BigInt(v), 0n);
  const bytes = Array.from({ length: 5 }, (_, i) => Number((bits >> BigInt(32 - 8 * i)) & 0xffn));
  const count = [0, 0, 1, 1, 2, 3, 3, 4, 5][dlen] ?? 0;
  out.push(...bytes.slice(0, count));
  return { next: end ? src.length : si, end };
}

export function base32Decode(s: string): string {
  const src = utf8(s).filter((b) => !isNewline(b));
  const out: number[] = [];
  try {
    let si = 0;
    let end = false;
    while (si < src.length && !end) ({ next: si, end } = quantum32(src, si, src.length, out));
    return fromUtf8(Uint8Array.from(out));
  } catch (e) {
    if (e instanceof CorruptInput) return `illegal base32 data at input byte ${e.offset}`;
    throw e;
  }
}

export function base32Encode(s: string): string {
  const b = utf8(s);
  let out = '';
  for (let i = 0; i < b.length; i += 5) {
    const chunk = b.subarray(i, i + 5);
    const bits = Array.from({ length: 5 }, (_, k) => chunk[k] ?? 0).reduce((acc, v) => (acc << 8n) | BigInt(v), 0n);
    const chars = [2, 4, 5, 7, 8][chunk.length - 1] ?? 8;
    for (let k = 0; k < 8; k++) out += k < chars ? B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)] : '=';
  }
  return out;
}

export const encodingFuncs: FuncTable = {
  b64enc: fn([T.string], T.string, ([s]) => Buffer.from(utf8(str(s))).toString('base64')),
  b64dec: fn([T.string], T.string, ([s]) => base64Decode(str(s))),
  b32enc: fn([T.string], T.string, ([s]) => base32Encode(str(s))),
  b32dec: fn([T.string], T.string, ([s]) => base32Decode(str(s))),
};
