/**
 * The Masterminds/goutils v1.1.1 algorithms sprig v2 delegates to (abbrev, initials, wrap, swapcase, untitle,
 * nospace, rand*). Several of them walk the string byte by byte and write each byte back as the rune of the same
 * value, which turns non-ASCII text into mojibake in Go; that is reproduced on purpose.
 */
import { randomInt } from 'node:crypto';
import {
  fromRunes,
  fromUtf8,
  isLower,
  isSpace,
  isTitle,
  isUpper,
  latin1,
  mapRunes,
  runes,
  toLowerRune,
  toTitleRune,
  toUpperRune,
  utf8,
} from './gostr.js';

const ELLIPSIS = '...';

/** goutils.AbbreviateFull; null where goutils returns an error (sprig then yields ""). */
export function abbreviateFull(s: string, offsetIn: number, maxWidth: number): string | null {
  if (s === '') return '';
  if (maxWidth < 4) return null;
  const b = utf8(s);
  const len = b.length;
  if (len <= maxWidth) return s;
  let offset = Math.min(offsetIn, len);
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  if (offset <= 4) return fromUtf8(b.subarray(0, maxWidth - 3)) + ELLIPSIS;
  if (maxWidth < 7) return null;
  if (offset + maxWidth - 3 < len)
    return ELLIPSIS + (abbreviateFull(fromUtf8(b.subarray(offset)), 0, maxWidth - 3) ?? '');
  return ELLIPSIS + fromUtf8(b.subarray(len - (maxWidth - 3)));
}

/** goutils.Initials with whitespace delimiters: byte-wise, each first byte re-encoded as a rune. */
export function initials(s: string): string {
  const out: number[] = [];
  let lastWasGap = true;
  for (const byte of utf8(s)) {
    if (isSpace(byte)) lastWasGap = true;
    else if (lastWasGap) {
      out.push(byte);
      lastWasGap = false;
    }
  }
  return latin1(out);
}

/** goutils.DeleteWhiteSpace: byte-wise; unchanged when nothing is removed. */
export function deleteWhiteSpace(s: string): string {
  const b = utf8(s);
  const kept = Array.from(b).filter((byte) => !isSpace(byte));
  return kept.length === b.length ? s : latin1(kept);
}

function lastIndexOfSpace(b: Uint8Array, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (b[i] === 0x20) return i - from;
  return -1;
}

/** goutils.WrapCustom: wraps at spaces (byte offsets); long words wrapped only if asked. */
export function wrapCustom(s: string, wrapLengthIn: number, newLineStr: string, wrapLongWords: boolean): string {
  if (s === '') return '';
  const nl = utf8(newLineStr === '' ? '\n' : newLineStr);
  const wrapLength = Math.max(wrapLengthIn, 1);
  const b = utf8(s);
  const len = b.length;
  const out: number[] = [];
  const put = (from: number, to: number): void => {
    for (let i = from; i < to; i++) out.push(b[i] ?? 0);
  };
  let offset = 0;
  while (len - offset > wrapLength) {
    if (b[offset] === 0x20) {
      offset++;
      continue;
    }
    const rel = lastIndexOfSpace(b, offset, wrapLength + offset + 1);
    if (rel >= 0) {
      put(offset, offset + rel);
      out.push(...nl);
      offset += rel + 1;
    } else if (wrapLongWords) {
      put(offset, offset + wrapLength);
      out.push(...nl);
      offset += wrapLength;
    } else {
      const end = wrapLength + offset;
      const idx = b.indexOf(0x20, end);
      if (idx >= 0) {
        put(offset, idx);
        out.push(...nl);
        offset = idx + 1;
      } else {
        put(offset, len);
        offset = len;
      }
    }
  }
  put(offset, len);
  return fromUtf8(Uint8Array.from(out));
}

/** goutils.SwapCase: upper/title → lower; lower → title after whitespace or at start, else upper. */
export function swapCase(s: string): string {
  let whitespace = true;
  return mapRunes(s, (r) => {
    if (isUpper(r) || isTitle(r)) {
      whitespace = false;
      return toLowerRune(r);
    }
    if (isLower(r)) {
      const out = whitespace ? toTitleRune(r) : toUpperRune(r);
      whitespace = false;
      return out;
    }
    whitespace = isSpace(r);
    return r;
  });
}

/** goutils.Uncapitalize: lower-cases the first rune of each whitespace-separated word. */
export function uncapitalize(s: string): string {
  let next = true;
  return fromRunes(
    runes(s).map((r) => {
      if (isSpace(r)) {
        next = true;
        return r;
      }
      if (next) {
        next = false;
        return toLowerRune(r);
      }
      return r;
    }),
  );
}

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
let ASCII = '';
for (let c = 32; c < 127; c++) ASCII += String.fromCharCode(c);

export const RANDOM_SETS = { alpha: ALPHA, numeric: DIGITS, alphaNum: ALPHA + DIGITS, ascii: ASCII } as const;

/** goutils.CryptoRandom* over a character set; a negative count is an error sprig turns into "". */
export function cryptoRandom(count: number, set: string): string {
  if (count <= 0) return '';
  let out = '';
  for (let i = 0; i < count; i++) out += set[randomInt(set.length)];
  return out;
}
