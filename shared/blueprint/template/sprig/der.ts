/**
 * A minimal DER writer and reader, enough to build X.509 certificates the way Go's crypto/x509 lays them out
 * (for sprig's genCA/genSelfSignedCert/genSignedCert) and to pull the subject and key id out of a CA certificate.
 */

export type Der = Uint8Array;

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, body: Uint8Array | readonly number[]): Der {
  const b = body instanceof Uint8Array ? body : Uint8Array.from(body);
  return Uint8Array.from([tag, ...lengthBytes(b.length), ...b]);
}

const concat = (parts: readonly Der[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

export const seq = (...parts: Der[]): Der => tlv(0x30, concat(parts));
export const set = (...parts: Der[]): Der => tlv(0x31, concat(parts));
export const explicit = (n: number, inner: Der): Der => tlv(0xa0 | n, inner);
export const octets = (b: Uint8Array): Der => tlv(0x04, b);
export const nullDer = (): Der => tlv(0x05, []);
export const bool = (v: boolean): Der => tlv(0x01, [v ? 0xff : 0x00]);

/** INTEGER from a non-negative bigint (two's complement, minimal). */
export function integer(v: bigint): Der {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Array.from(Buffer.from(hex, 'hex'));
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return tlv(0x02, bytes);
}

export function oid(dotted: string): Der {
  const parts = dotted.split('.').map(Number);
  const out = [(parts[0] ?? 0) * 40 + (parts[1] ?? 0)];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [];
    for (let v = p; ; v = Math.floor(v / 128)) {
      chunk.unshift((v & 0x7f) | (chunk.length ? 0x80 : 0));
      if (v < 128) break;
    }
    out.push(...chunk);
  }
  return tlv(0x06, out);
}

/** BIT STRING with no unused bits (keys, signatures). */
export const bitString = (b: Uint8Array): Der => tlv(0x03, [0, ...b]);

/** encoding/asn1's choice for a Go string: PrintableString when every byte is printable, else UTF8String. */
export function asn1String(s: string): Der {
  const printable = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/.test(s);
  return tlv(printable ? 0x13 : 0x0c, Buffer.from(s, 'utf8'));
}

/** UTCTime for 1950–2049, GeneralizedTime otherwise (seconds precision, Z). */
export function time(d: Date): Der {
  const y = d.getUTCFullYear();
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(`${p(y % 100)}${rest}`));
  return tlv(0x18, Buffer.from(`${p(y, 4)}${rest}`));
}

export interface Node {
  readonly tag: number;
  /** The whole element (tag, length and body). */
  readonly raw: Uint8Array;
  readonly body: Uint8Array;
}

/** Reads the element at `at`; throws on truncated input. */
export function read(buf: Uint8Array, at = 0): Node & { end: number } {
  const tag = buf[at];
  let len = buf[at + 1];
  if (tag === undefined || len === undefined) throw new Error('asn1: truncated');
  let off = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[off + i] ?? 0);
    off += n;
  }
  if (off + len > buf.length) throw new Error('asn1: truncated');
  return { tag, raw: buf.subarray(at, off + len), body: buf.subarray(off, off + len), end: off + len };
}

/** The children of a constructed element. */
export function children(n: Node): Node[] {
  const out: Node[] = [];
  for (let at = 0; at < n.body.length; ) {
    const c = read(n.body, at);
    out.push(c);
    at = c.end;
  }
  return out;
}

export function oidString(body: Uint8Array): string {
  const first = body[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let v = 0;
  for (const b of body.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}
