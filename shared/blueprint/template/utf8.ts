/**
 * Go strings are UTF-8 bytes; ours are JavaScript strings. These helpers give the byte view where Go semantics
 * depend on it (`len`, `index`, `slice`, `%x`, map key order).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Decodes bytes; invalid sequences become U+FFFD (a JavaScript string cannot hold Go's raw invalid bytes). */
export function utf8Decode(b: Uint8Array): string {
  return decoder.decode(b);
}

/** Length of `s` in UTF-8 bytes, as Go's `len(s)`. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Number of runes (code points), as Go's `utf8.RuneCountInString`. */
export function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Go's string ordering (bytewise UTF-8, which is code point order); JavaScript's `<` orders UTF-16 units. */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1; // a surrogate encodes a code point above every BMP unit
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/** First `n` runes of `s`. */
export function truncateRunes(s: string, n: number): string {
  let i = 0;
  let count = 0;
  while (i < s.length && count < n) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
    count++;
  }
  return s.slice(0, i);
}
