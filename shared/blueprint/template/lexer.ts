/**
 * Go 1.19 text/template/parse lexer: the same items, positions, line numbers and error texts, pulled one item at
 * a time by the parser. Positions are JavaScript string indices; error columns are converted to UTF-8 bytes where
 * they are printed.
 */
import { quote } from './strconv.js';
import { truncateRunes, utf8Length } from './utf8.js';

export const ItemType = {
  Error: 0,
  Bool: 1,
  Char: 2,
  CharConstant: 3,
  Comment: 4,
  Complex: 5,
  Assign: 6,
  Declare: 7,
  EOF: 8,
  Field: 9,
  Identifier: 10,
  LeftDelim: 11,
  LeftParen: 12,
  Number: 13,
  Pipe: 14,
  RawString: 15,
  RightDelim: 16,
  RightParen: 17,
  Space: 18,
  String: 19,
  Text: 20,
  Variable: 21,
  Keyword: 22,
  Block: 23,
  Break: 24,
  Continue: 25,
  Dot: 26,
  Define: 27,
  Else: 28,
  End: 29,
  If: 30,
  Nil: 31,
  Range: 32,
  Template: 33,
  With: 34,
} as const;
export type ItemType = (typeof ItemType)[keyof typeof ItemType];

export interface Item {
  readonly typ: ItemType;
  readonly pos: number;
  readonly val: string;
  readonly line: number;
}

const keywords: Record<string, ItemType> = {
  '.': ItemType.Dot,
  block: ItemType.Block,
  break: ItemType.Break,
  continue: ItemType.Continue,
  define: ItemType.Define,
  else: ItemType.Else,
  end: ItemType.End,
  if: ItemType.If,
  range: ItemType.Range,
  nil: ItemType.Nil,
  template: ItemType.Template,
  with: ItemType.With,
};

/** item.String(): `%q` of the text, `%.10q...` beyond ten bytes, `<keyword>` for keywords. */

export function itemString(i: Item): string {
  if (i.typ === ItemType.EOF) return 'EOF';
  if (i.typ === ItemType.Error) return i.val;
  if (i.typ > ItemType.Keyword) return `<${i.val}>`;
  if (utf8Length(i.val) > 10) return `${quote(truncateRunes(i.val, 10))}...`;
  return quote(i.val);
}

const EOF = -1;
const leftDelim = '{{';
const rightDelim = '}}';
const leftComment = '/*';
const rightComment = '*/';
const spaceChars = ' \t\r\n';

export function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

const letterRe = /^[\p{L}\p{Nd}]$/u;

export function isAlphaNumeric(r: number): boolean {
  if (r < 0x80) {
    return r === 0x5f || (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  }
  return r !== EOF && letterRe.test(String.fromCodePoint(r));
}

/** `%#U` of a rune: `U+002D '-'`. */
export function formatRuneU(r: number): string {
  const hex = r.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} '${String.fromCodePoint(r)}'`;
}

function hasLeftTrimMarker(s: string, i: number): boolean {
  return s.length - i >= 2 && s[i] === '-' && isSpace(s.charCodeAt(i + 1));
}

function hasRightTrimMarker(s: string, i: number): boolean {
  return s.length - i >= 2 && isSpace(s.charCodeAt(i)) && s[i + 1] === '-';
}

type StateFn = ((l: Lexer) => StateFn) | null;

export class Lexer {
  private pos = 0;
  private start = 0;
  private width = 0;
  private parenDepth = 0;
  private line = 1;
  private startLine = 1;
  private state: StateFn = lexText;
  private readonly queue: Item[] = [];
  private last: Item | null = null;

  constructor(
    readonly input: string,
    readonly breakOK: boolean,
    readonly continueOK: boolean,
  ) {}

  nextItem(): Item {
    while (this.queue.length === 0) {
      if (this.state === null) {
        // After EOF or an error Go's closed channel yields zero items; repeat the last one.
        return this.last ?? { typ: ItemType.EOF, pos: this.pos, val: '', line: this.line };
      }
      this.state = this.state(this);
    }
    const item = this.queue.shift() as Item;
    this.last = item;
    return item;
  }

  next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos) as number;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    if (r === 0x0a) this.line++;
    return r;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  backup(): void {
    this.pos -= this.width;
    if (this.width === 1 && this.input.charCodeAt(this.pos) === 0x0a) this.line--;
  }

  emit(t: ItemType): void {
    this.queue.push({ typ: t, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine });
    this.start = this.pos;
    this.startLine = this.line;
  }

  ignore(): void {
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && valid.includes(String.fromCodePoint(r))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || !valid.includes(String.fromCodePoint(r))) break;
    }
    this.backup();
  }

  errorf(msg: string): StateFn {
    this.queue.push({ typ: ItemType.Error, pos: this.start, val: msg, line: this.startLine });
    return null;
  }

  atRightDelim(): { delim: boolean; trimSpaces: boolean } {
    const s = this.input;
    if (hasRightTrimMarker(s, this.pos) && s.startsWith(rightDelim, this.pos + 2)) {
      return { delim: true, trimSpaces: true };
    }
    if (s.startsWith(rightDelim, this.pos)) return { delim: true, trimSpaces: false };
    return { delim: false, trimSpaces: false };
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
        return true;
    }
    return this.input.startsWith(rightDelim, this.pos);
  }

  // State functions need the private fields; they are methods in spirit.
  static text(l: Lexer): StateFn {
    l.width = 0;
    const x = l.input.indexOf(leftDelim, l.pos);
    if (x >= 0) {
      l.pos = x;
      let trimLength = 0;
      if (hasLeftTrimMarker(l.input, l.pos + leftDelim.length)) {
        trimLength = rightTrimLength(l.input, l.start, l.pos);
      }
      l.pos -= trimLength;
      if (l.pos > l.start) {
        l.line += countNewlines(l.input, l.start, l.pos);
        l.emit(ItemType.Text);
      }
      l.pos += trimLength;
      l.ignore();
      return lexLeftDelim;
    }
    l.pos = l.input.length;
    if (l.pos > l.start) {
      l.line += countNewlines(l.input, l.start, l.pos);
      l.emit(ItemType.Text);
    }
    l.emit(ItemType.EOF);
    return null;
  }

  static leftDelim(l: Lexer): StateFn {
    l.pos += leftDelim.length;
    const trimSpace = hasLeftTrimMarker(l.input, l.pos);
    const afterMarker = trimSpace ? 2 : 0;
    if (l.input.startsWith(leftComment, l.pos + afterMarker)) {
      l.pos += afterMarker;
      l.ignore();
      return lexComment;
    }
    l.emit(ItemType.LeftDelim);
    l.pos += afterMarker;
    l.ignore();
    l.parenDepth = 0;
    return lexInsideAction;
  }

  static comment(l: Lexer): StateFn {
    l.pos += leftComment.length;
    const x = l.input.indexOf(rightComment, l.pos);
    if (x < 0) return l.errorf('unclosed comment');
    l.pos = x + rightComment.length;
    const { delim, trimSpaces } = l.atRightDelim();
    if (!delim) return l.errorf('comment ends before closing delimiter');
    if (trimSpaces) l.pos += 2;
    l.pos += rightDelim.length;
    if (trimSpaces) l.pos += leftTrimLength(l.input, l.pos);
    l.ignore();
    return lexText;
  }

  static rightDelim(l: Lexer): StateFn {
    const trimSpace = hasRightTrimMarker(l.input, l.pos);
    if (trimSpace) {
      l.pos += 2;
      l.ignore();
    }
    l.pos += rightDelim.length;
    l.emit(ItemType.RightDelim);
    if (trimSpace) {
      l.pos += leftTrimLength(l.input, l.pos);
      l.ignore();
    }
    return lexText;
  }

  static insideAction(l: Lexer): StateFn {
    const { delim } = l.atRightDelim();
    if (delim) {
      if (l.parenDepth === 0) return lexRightDelim;
      return l.errorf('unclosed left paren');
    }
    const r = l.next();
    if (r === EOF) return l.errorf('unclosed action');
    if (isSpace(r)) {
      l.backup();
      return lexSpace;
    }
    switch (r) {
      case 0x3d: // =
        l.emit(ItemType.Assign);
        return lexInsideAction;
      case 0x3a: // :
        if (l.next() !== 0x3d) return l.errorf('expected :=');
        l.emit(ItemType.Declare);
        return lexInsideAction;
      case 0x7c: // |
        l.emit(ItemType.Pipe);
        return lexInsideAction;
      case 0x22: // "
        return lexQuote;
      case 0x60: // `
        return lexRawQuote;
      case 0x24: // $
        return lexVariable;
      case 0x27: // '
        return lexChar;
      case 0x28: // (
        l.emit(ItemType.LeftParen);
        l.parenDepth++;
        return lexInsideAction;
      case 0x29: // )
        l.emit(ItemType.RightParen);
        l.parenDepth--;
        if (l.parenDepth < 0) return l.errorf(`unexpected right paren ${formatRuneU(r)}`);
        return lexInsideAction;
    }
    if (r === 0x2e) {
      if (l.pos < l.input.length) {
        const c = l.input.charCodeAt(l.pos);
        if (c < 0x30 || c > 0x39) return lexField;
      }
      l.backup();
      return lexNumber;
    }
    if (r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
      l.backup();
      return lexNumber;
    }
    if (isAlphaNumeric(r)) {
      l.backup();
      return lexIdentifier;
    }
    if (r <= 0x7f && r >= 0x20 && r !== 0x7f) {
      l.emit(ItemType.Char);
      return lexInsideAction;
    }
    return l.errorf(`unrecognized character in action: ${formatRuneU(r)}`);
  }

  static space(l: Lexer): StateFn {
    let numSpaces = 0;
    for (;;) {
      const r = l.peek();
      if (!isSpace(r)) break;
      l.next();
      numSpaces++;
    }
    if (hasRightTrimMarker(l.input, l.pos - 1) && l.input.startsWith(rightDelim, l.pos + 1)) {
      l.backup();
      if (numSpaces === 1) return lexRightDelim;
    }
    l.emit(ItemType.Space);
    return lexInsideAction;
  }

  static identifier(l: Lexer): StateFn {
    for (;;) {
      const r = l.next();
      if (isAlphaNumeric(r)) continue;
      l.backup();
      const word = l.input.slice(l.start, l.pos);
      if (!l.atTerminator()) return l.errorf(`bad character ${formatRuneU(r)}`);
      const key = keywords[word];
      if (key !== undefined && key > ItemType.Keyword) {
        if ((key === ItemType.Break && !l.breakOK) || (key === ItemType.Continue && !l.continueOK)) {
          l.emit(ItemType.Identifier);
        } else l.emit(key);
      } else if (word[0] === '.') l.emit(ItemType.Field);
      else if (word === 'true' || word === 'false') l.emit(ItemType.Bool);
      else l.emit(ItemType.Identifier);
      return lexInsideAction;
    }
  }

  static fieldOrVariable(l: Lexer, typ: ItemType): StateFn {
    if (l.atTerminator()) {
      l.emit(typ === ItemType.Variable ? ItemType.Variable : ItemType.Dot);
      return lexInsideAction;
    }
    let r: number;
    for (;;) {
      r = l.next();
      if (!isAlphaNumeric(r)) {
        l.backup();
        break;
      }
    }
    if (!l.atTerminator()) return l.errorf(`bad character ${formatRuneU(r)}`);
    l.emit(typ);
    return lexInsideAction;
  }

  static quoted(l: Lexer, q: number, typ: ItemType, what: string): StateFn {
    for (;;) {
      const r = l.next();
      if (r === 0x5c && typ !== ItemType.RawString) {
        const e = l.next();
        if (e !== EOF && e !== 0x0a) continue;
        return l.errorf(`unterminated ${what}`);
      }
      if (r === EOF || (r === 0x0a && typ !== ItemType.RawString)) return l.errorf(`unterminated ${what}`);
      if (r === q) break;
    }
    l.emit(typ);
    return lexInsideAction;
  }

  static number(l: Lexer): StateFn {
    if (!l.scanNumber()) return l.errorf(`bad number syntax: ${quote(l.input.slice(l.start, l.pos))}`);
    const sign = l.peek();
    if (sign === 0x2b || sign === 0x2d) {
      if (!l.scanNumber() || l.input[l.pos - 1] !== 'i') {
        return l.errorf(`bad number syntax: ${quote(l.input.slice(l.start, l.pos))}`);
      }
      l.emit(ItemType.Complex);
    } else l.emit(ItemType.Number);
    return lexInsideAction;
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function rightTrimLength(s: string, start: number, end: number): number {
  let i = end;
  while (i > start && spaceChars.includes(s[i - 1] as string)) i--;
  return end - i;
}

function leftTrimLength(s: string, start: number): number {
  let i = start;
  while (i < s.length && spaceChars.includes(s[i] as string)) i++;
  return i - start;
}

const lexText: StateFn = Lexer.text;
const lexLeftDelim: StateFn = Lexer.leftDelim;
const lexComment: StateFn = Lexer.comment;
const lexRightDelim: StateFn = Lexer.rightDelim;
const lexInsideAction: StateFn = Lexer.insideAction;
const lexSpace: StateFn = Lexer.space;
const lexIdentifier: StateFn = Lexer.identifier;
const lexNumber: StateFn = Lexer.number;
const lexField: StateFn = (l) => Lexer.fieldOrVariable(l, ItemType.Field);
const lexVariable: StateFn = (l) => {
  if (l.atTerminator()) {
    l.emit(ItemType.Variable);
    return lexInsideAction;
  }
  return Lexer.fieldOrVariable(l, ItemType.Variable);
};
const lexQuote: StateFn = (l) => Lexer.quoted(l, 0x22, ItemType.String, 'quoted string');
const lexRawQuote: StateFn = (l) => Lexer.quoted(l, 0x60, ItemType.RawString, 'raw quoted string');
const lexChar: StateFn = (l) => Lexer.quoted(l, 0x27, ItemType.CharConstant, 'character constant');
