/**
 * huandu/xstrings v1.2.0 (the version Kanister's go.mod pins) case conversions and Shuffle, rune by rune as the Go
 * code does — including its quirks: `camelcase "a"` is "" and `snakecase "ABc"` is "a_bcc".
 */
import { randomInt } from 'node:crypto';
import { isNumber, isUpper, runes, toLowerRune, toUpperRune } from './gostr.js';

const UNDERSCORE = 0x5f;

/** xstrings.ToCamelCase. */
export function toCamelCase(s: string): string {
  const rs = runes(s);
  if (rs.length === 0) return '';
  const out: number[] = [];
  let i = 0;
  let r0 = 0;
  while (i < rs.length) {
    r0 = rs[i++] ?? 0;
    if (r0 !== UNDERSCORE) break;
    out.push(r0);
  }
  if (i >= rs.length) return String.fromCodePoint(...out);
  r0 = toUpperRune(r0);
  while (i < rs.length) {
    const r1 = r0;
    r0 = rs[i++] ?? 0;
    if (r1 === UNDERSCORE && r0 === UNDERSCORE) {
      out.push(r1);
      continue;
    }
    r0 = r1 === UNDERSCORE ? toUpperRune(r0) : toLowerRune(r0);
    if (r1 !== UNDERSCORE) out.push(r1);
  }
  out.push(r0);
  return runesToString(out);
}

function runesToString(rs: readonly number[]): string {
  let s = '';
  for (const r of rs) s += String.fromCodePoint(r);
  return s;
}

const isSeparator = (r: number): boolean => r === UNDERSCORE || r === 0x20 || r === 0x2d;

/** The upper-case run inside camelCaseToLowerCase: `HTTPServer` → `http_server`. */
function upperRun(rs: readonly number[], start: number, out: number[], connector: number): { i: number; r0: number } {
  let i = start;
  let r0 = rs[i++] ?? 0;
  while (i < rs.length) {
    const r1 = r0;
    r0 = rs[i++] ?? 0;
    if (r0 === 0xfffd) {
      out.push(toLowerRune(r1), r0);
      break;
    }
    if (!isUpper(r0)) {
      if (isSeparator(r0)) {
        r0 = connector;
        out.push(toLowerRune(r1));
      } else if (isNumber(r0)) {
        out.push(toLowerRune(r1), connector, r0);
      } else {
        out.push(connector, toLowerRune(r1), r0);
      }
      break;
    }
    out.push(toLowerRune(r1));
  }
  if (i >= rs.length || r0 === connector) out.push(toLowerRune(r0));
  return { i, r0 };
}

/** xstrings camelCaseToLowerCase, behind ToSnakeCase ('_') and ToKebabCase ('-'). */
export function camelCaseToLowerCase(s: string, connectorChar: string): string {
  const connector = connectorChar.codePointAt(0) ?? UNDERSCORE;
  const rs = runes(s);
  const out: number[] = [];
  let r0 = connector;
  let i = 0;
  while (i < rs.length) {
    const prev = r0;
    r0 = rs[i++] ?? 0;
    if (r0 === 0xfffd) {
      out.push(r0);
    } else if (isUpper(r0)) {
      if (prev !== connector && !isNumber(prev)) out.push(connector);
      out.push(toLowerRune(r0));
      if (i >= rs.length) break;
      const next = rs[i] ?? 0;
      if (!isUpper(next)) {
        out.push(next);
        r0 = next;
        i++;
        continue;
      }
      ({ i, r0 } = upperRun(rs, i, out, connector));
    } else if (isNumber(r0)) {
      if (prev !== connector && !isNumber(prev)) out.push(connector);
      out.push(r0);
    } else {
      if (isSeparator(r0)) r0 = connector;
      out.push(r0);
    }
  }
  return runesToString(out);
}

/** xstrings.Shuffle: a random permutation of the runes. */
export function shuffle(s: string): string {
  const rs = runes(s);
  for (let i = rs.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [rs[i], rs[j]] = [rs[j] ?? 0, rs[i] ?? 0];
  }
  return runesToString(rs);
}
