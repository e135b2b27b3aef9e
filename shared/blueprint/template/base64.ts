/** Go's encoding/base64 StdEncoding.DecodeString, with its CorruptInputError offsets. */

export class Base64Error extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
  }
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const decodeMap = new Int16Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) decodeMap[alphabet.charCodeAt(i)] = i;

function isNewline(c: number): boolean {
  return c === 0x0a || c === 0x0d;
}

/** Decodes `src` (a Go string; bytes above 0x7f are never valid base64) like base64.StdEncoding. */
export function decodeBase64Std(src: string): Uint8Array {
  const out: number[] = [];
  const n = src.length;
  let si = 0;
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    while (j < 4) {
      if (si === n) {
        if (j === 0) return Uint8Array.from(out);
        throw new Base64Error(si - j);
      }
      const c = src.charCodeAt(si);
      si++;
      const v = c < 128 ? (decodeMap[c] as number) : -1;
      if (v >= 0) {
        dbuf[j++] = v;
        continue;
      }
      if (isNewline(c)) continue;
      if (c !== 0x3d) throw new Base64Error(si - 1);
      if (j === 0 || j === 1) throw new Base64Error(si - 1);
      if (j === 2) {
        while (si < n && isNewline(src.charCodeAt(si))) si++;
        if (si === n) throw new Base64Error(n);
        if (src.charCodeAt(si) !== 0x3d) throw new Base64Error(si - 1);
        si++;
      }
      while (si < n && isNewline(src.charCodeAt(si))) si++;
      if (si < n) throw new Base64Error(si);
      dlen = j;
      break;
    }
    const v =
      ((dbuf[0] as number) << 18) | ((dbuf[1] as number) << 12) | ((dbuf[2] as number) << 6) | (dbuf[3] as number);
    if (dlen >= 2) out.push((v >> 16) & 0xff);
    if (dlen >= 3) out.push((v >> 8) & 0xff);
    if (dlen >= 4) out.push(v & 0xff);
    if (dlen < 4) return Uint8Array.from(out);
  }
}
