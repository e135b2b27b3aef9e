/**
 * Go regexp (RE2 syntax) → JavaScript RegExp. Go's syntax errors are reported with Go's text
 * ("error parsing regexp: missing closing ): `(`"); RE2 features JavaScript cannot express the same way
 * (inline flags other than a leading `(?ims)`, `(?U)` within a group) are rejected with a clear error.
 *
 * Named groups become plain numbered groups; their names are returned for `${name}` expansion. `.` is translated
 * to exclude only `\n` (JavaScript's `.` also excludes `\r`, U+2028, U+2029), `\s` stays ASCII as in Go, and
 * `\A`/`\z` become lookarounds.
 *
 * Slightly over the usual file size: one recursive-descent translator whose parts share the scanner state.
 */
export class Re2SyntaxError extends Error {
  override readonly name = 'Re2SyntaxError';
  constructor(code: string, expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}

export interface CompiledRe2 {
  readonly source: string;
  readonly flags: string;
  /** Group names by group number (index 0 unused); '' for unnamed groups. */
  readonly names: readonly string[];
}

const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};
const PERL: Readonly<Record<string, string>> = { d: '0-9', s: '\\t\\n\\f\\r ', w: '0-9A-Za-z_' };
const CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '),
);

const isHex = (s: string): boolean => /^[0-9A-Fa-f]+$/.test(s);
const literal = (cp: number): string => `\\u{${cp.toString(16)}}`;

class Translator {
  private i = 0;
  private out = '';
  private depth = 0;
  private readonly names: string[] = [''];
  private flags = { i: false, m: false, s: false, U: false };
  /** Start index of the last atom (for repetition checks) and of the last repetition operator. */
  private atom = false;
  private lastRepeat = -1;

  constructor(private readonly src: string) {}

  run(): CompiledRe2 {
    this.leadingFlags();
    while (this.i < this.src.length) this.step();
    if (this.depth > 0) throw new Re2SyntaxError('missing closing )', this.src);
    const flags = `u${this.flags.i ? 'i' : ''}${this.flags.m ? 'm' : ''}`;
    return { source: this.out, flags, names: this.names };
  }

  private leadingFlags(): void {
    const m = /^\(\?([imsU]+)\)/.exec(this.src);
    if (!m) return;
    for (const f of m[1] ?? '') this.flags[f as 'i' | 'm' | 's' | 'U'] = true;
    this.i = m[0].length;
  }

  private step(): void {
    const c = this.src[this.i] ?? '';
    if ('*+?{'.includes(c) && this.repeat()) return;
    this.lastRepeat = -1;
    switch (c) {
      case '(':
        this.group();
        return;
      case ')':
        if (this.depth === 0) throw new Re2SyntaxError('unexpected )', this.src);
        this.depth--;
        this.emit(')', 1, true);
        return;
      case '|':
        this.emit('|', 1, false);
        return;
      case '^':
      case '$':
        // Go lets assertions be repeated (`^*`); a group keeps that legal in JavaScript.
        this.emit(`(?:${c})`, 1, true);
        return;
      case '.':
        this.emit(this.flags.s ? '[\\s\\S]' : '[^\\n]', 1, true);
        return;
      case '[':
        this.out += this.charClass();
        this.atom = true;
        return;
      case '\\':
        this.out += this.escape(false);
        this.atom = true;
        return;
      default: {
        const cp = this.src.codePointAt(this.i) ?? 0;
        this.emit(/[A-Za-z0-9 _]/.test(c) ? c : literal(cp), cp > 0xffff ? 2 : 1, true);
      }
    }
  }

  private emit(text: string, advance: number, atom: boolean): void {
    this.out += text;
    this.i += advance;
    this.atom = atom;
  }

  /** A repetition operator; false if `{` is not a valid repeat (then it is a literal). */
  private repeat(): boolean {
    const start = this.i;
    const c = this.src[this.i];
    let op = c ?? '';
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return false;
      const min = Number(m[1]);
      const max = m[3] === undefined || m[3] === '' ? min : Number(m[3]);
      if (min > 1000 || max > 1000 || (m[3] !== undefined && m[3] !== '' && max < min)) {
        throw new Re2SyntaxError('invalid repeat count', m[0]);
      }
      op = m[0];
    }
    this.i += op.length;
    let lazy = this.src[this.i] === '?';
    if (lazy) this.i++;
    if (this.lastRepeat >= 0)
      throw new Re2SyntaxError('invalid nested repetition operator', this.src.slice(this.lastRepeat, this.i));
    if (!this.atom) throw new Re2SyntaxError('missing argument to repetition operator', this.src.slice(start, this.i));
    if (this.flags.U) lazy = !lazy;
    this.out += op + (lazy ? '?' : '');
    this.lastRepeat = start;
    return true;
  }

  private group(): void {
    const rest = this.src.slice(this.i);
    const named = /^\(\?P?<([^>]*)>/.exec(rest);
    if (named) {
      const name = named[1] ?? '';
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Re2SyntaxError('invalid named capture', named[0]);
      this.names.push(name);
      this.open('(', named[0].length);
      return;
    }
    if (rest.startsWith('(?:')) {
      this.open('(?:', 3);
      return;
    }
    if (rest.startsWith('(?')) {
      const m = /^\(\?[imsU-]*[:)]/.exec(rest);
      if (!m) throw new Re2SyntaxError('invalid or unsupported Perl syntax', rest.slice(0, Math.min(rest.length, 3)));
      throw new Re2SyntaxError('inline flags inside the pattern are not supported here (only a leading (?imsU))', m[0]);
    }
    this.names.push('');
    this.open('(', 1);
  }

  private open(text: string, len: number): void {
    this.depth++;
    this.emit(text, len, false);
  }

  /** An escape at this.i; inClass selects the class-body spelling. Advances past it. */
  private escape(inClass: boolean): string {
    const start = this.i;
    const c = this.src[this.i + 1];
    if (c === undefined) throw new Re2SyntaxError('trailing backslash at end of expression', '');
    this.i += 2;
    if (c === 'Q' && !inClass) return this.quoted();
    if (!inClass && c === 'A') return '(?:(?<![\\s\\S]))';
    if (!inClass && c === 'z') return '(?:(?![\\s\\S]))';
    if (!inClass && (c === 'b' || c === 'B')) return `(?:\\${c})`;
    const perl = PERL[c.toLowerCase()];
    if (perl !== undefined) {
      const neg = c !== c.toLowerCase();
      if (inClass) return neg ? `\\${c}` : perl;
      return `[${neg ? '^' : ''}${perl}]`;
    }
    if (c === 'p' || c === 'P') return this.unicodeClass(start, c === 'P');
    const simple: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (simple[c] !== undefined) return literal(simple[c]);
    if (c === 'x') return this.hexEscape(start);
    if (/[0-7]/.test(c)) {
      const m = /^[0-7]{0,2}/.exec(this.src.slice(this.i))?.[0] ?? '';
      if (c !== '0' && m === '') throw new Re2SyntaxError('invalid escape sequence', `\\${c}`);
      this.i += m.length;
      return literal(Number.parseInt(c + m, 8));
    }
    if (/[!-/:-@[-`{-~]/.test(c)) return literal(c.charCodeAt(0));
    const cp = this.src.codePointAt(start + 1) ?? 0;
    throw new Re2SyntaxError('invalid escape sequence', `\\${String.fromCodePoint(cp)}`);
  }

  private quoted(): string {
    const end = this.src.indexOf('\\E', this.i);
    const text = end < 0 ? this.src.slice(this.i) : this.src.slice(this.i, end);
    this.i = end < 0 ? this.src.length : end + 2;
    this.atom = text.length > 0;
    return [...text].map((ch) => literal(ch.codePointAt(0) ?? 0)).join('');
  }

  private hexEscape(start: number): string {
    const rest = this.src.slice(this.i);
    const braced = /^\{([0-9A-Fa-f]+)\}/.exec(rest);
    if (braced && Number.parseInt(braced[1] ?? '', 16) <= 0x10ffff) {
      this.i += braced[0].length;
      return literal(Number.parseInt(braced[1] ?? '0', 16));
    }
    if (isHex(rest.slice(0, 2)) && rest.length >= 2) {
      this.i += 2;
      return literal(Number.parseInt(rest.slice(0, 2), 16));
    }
    throw new Re2SyntaxError('invalid escape sequence', this.src.slice(start, Math.min(this.src.length, this.i + 2)));
  }

  private unicodeClass(start: number, negated: boolean): string {
    let name = this.src[this.i] ?? '';
    if (name === '{') {
      const end = this.src.indexOf('}', this.i);
      if (end < 0) throw new Re2SyntaxError('invalid character class range', this.src.slice(start));
      name = this.src.slice(this.i + 1, end);
      this.i = end + 1;
    } else this.i += 1;
    let neg = negated;
    if (name.startsWith('^')) {
      neg = !neg;
      name = name.slice(1);
    }
    const prop = name === 'Any' ? 'Any' : CATEGORIES.has(name) ? name : `Script=${name}`;
    try {
      new RegExp(`\\p{${prop}}`, 'u');
    } catch {
      throw new Re2SyntaxError('invalid character class range', this.src.slice(start, this.i));
    }
    return `\\${neg ? 'P' : 'p'}{${prop}}`;
  }

  /** A bracketed class starting at this.i. */
  private charClass(): string {
    const start = this.i;
    this.i++;
    let out = '[';
    if (this.src[this.i] === '^') {
      out += '^';
      this.i++;
    }
    let first = true;
    for (;;) {
      if (this.i >= this.src.length) throw new Re2SyntaxError('missing closing ]', this.src.slice(start));
      const c = this.src[this.i];
      if (c === ']' && !first) break;
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.i));
      if (posix) {
        const set = POSIX[posix[2] ?? ''];
        if (set === undefined) throw new Re2SyntaxError('invalid character class range', posix[0]);
        if (posix[1] === '^') throw new Re2SyntaxError('unsupported negated POSIX class', posix[0]);
        out += set;
        this.i += posix[0].length;
        continue;
      }
      const lo = this.classChar();
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length && lo.cp !== null) {
        const rangeStart = this.i - lo.len;
        this.i++;
        const hi = this.classChar();
        if (hi.cp === null || hi.cp < lo.cp)
          throw new Re2SyntaxError('invalid character class range', this.src.slice(rangeStart, this.i));
        out += `${lo.text}-${hi.text}`;
      } else out += lo.text;
    }
    this.i++;
    return `${out}]`;
  }

  /** One class member: a literal (with its code point) or a class escape (cp null). */
  private classChar(): { text: string; cp: number | null; len: number } {
    const start = this.i;
    if (this.src[this.i] === '\\') {
      const next = this.src[this.i + 1] ?? '';
      const text = this.escape(true);
      const cpMatch = /^\\u\{([0-9a-f]+)\}$/.exec(text);
      const isClass = /[dswDSWpP]/.test(next);
      return { text, cp: cpMatch && !isClass ? Number.parseInt(cpMatch[1] ?? '0', 16) : null, len: this.i - start };
    }
    const cp = this.src.codePointAt(this.i) ?? 0;
    this.i += cp > 0xffff ? 2 : 1;
    return { text: literal(cp), cp, len: this.i - start };
  }
}

/** Translates a Go regexp; throws Re2SyntaxError with Go's message for invalid syntax. */
export function translateRe2(pattern: string): CompiledRe2 {
  return new Translator(pattern).run();
}
