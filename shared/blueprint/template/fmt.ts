/**
 * Go's fmt package over the template value model: Sprint, Sprintln, Sprintf and `%v` of a value, with Go's flags,
 * widths, precisions, argument indexes and its error notations (`%!d(string=hi)`, `%!s(MISSING)`, `%!(EXTRA …)`,
 * `%!(NOVERB)`, `%!v(BADINDEX)`).
 *
 * This file is longer than the house ceiling because it mirrors one Go file (fmt/print.go plus fmt/format.go) whose
 * pieces call each other through shared flag state; splitting it would scatter that state.
 *
 * Known difference: Go prints a non-nil pointer that is not at the top level (or does not point to a struct, slice
 * or map) as its machine address (`0xc000012345`). We print a stable fake address (`0xc000010000` + 16·n).
 */
import { formatGoTime } from './gotime.js';
import { canBackquote, formatFloat, isPrint, quote, quoteRune, quoteToASCII } from './strconv.js';
import { compareGoStrings, runeCount, truncateRunes, utf8Decode, utf8Encode } from './utf8.js';
import {
  dynamicIntType,
  dynamicTypeOf,
  GoBytes,
  GoMap,
  GoPointer,
  GoSlice,
  type GoStruct,
  GoTime,
  type GoType,
  type GoValue,
  isUnsignedInt,
  typeString,
  zeroValue,
} from './values.js';

/** A value with its dynamic Go type; `t === null` only for a nil interface (`v === null`). */
export interface FmtArg {
  readonly v: GoValue;
  readonly t: GoType | null;
}

export function fmtArg(v: GoValue): FmtArg {
  return { v, t: dynamicTypeOf(v) };
}

const fakeAddresses = new WeakMap<object, bigint>();
let nextAddress = 0xc000010000n;

function addressOf(o: object): bigint {
  let a = fakeAddresses.get(o);
  if (a === undefined) {
    a = nextAddress;
    nextAddress += 16n;
    fakeAddresses.set(o, a);
  }
  return a;
}

class Printer {
  buf = '';
  plus = false;
  minus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  widPresent = false;
  precPresent = false;
  wid = 0;
  prec = 0;
  erroring = false;
  arg: FmtArg | null = null;
  value: FmtArg | null = null;
  reordered = false;
  goodArgNum = true;

  clearflags(): void {
    this.plus = this.minus = this.sharp = this.space = this.zero = false;
    this.plusV = this.sharpV = this.widPresent = this.precPresent = false;
    this.wid = this.prec = 0;
  }

  writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.zero ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  fmtInteger(u: bigint, base: number, isSigned: boolean, verb: string, upper: boolean): void {
    const negative = isSigned && u < 0n;
    if (!isSigned && u < 0n) u = BigInt.asUintN(64, u);
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let s = (negative ? -u : u).toString(base);
    if (upper) s = s.toUpperCase();
    if (s.length < prec) s = '0'.repeat(prec - s.length) + s;
    if (this.sharp) {
      if (base === 2) s = `0b${s}`;
      else if (base === 8) {
        if (s[0] !== '0') s = `0${s}`;
      } else if (base === 16) s = (upper ? '0X' : '0x') + s;
    }
    if (verb === 'O') s = `0o${s}`;
    if (negative) s = `-${s}`;
    else if (this.plus) s = `+${s}`;
    else if (this.space) s = ` ${s}`;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  fmt0x64(u: bigint, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.fmtInteger(u, 16, false, 'v', false);
    this.sharp = sharp;
  }

  fmtUnicode(u: bigint): void {
    u = BigInt.asUintN(64, u);
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    let hex = u.toString(16).toUpperCase();
    if (hex.length < prec) hex = '0'.repeat(prec - hex.length) + hex;
    let s = `U+${hex}`;
    if (this.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += ` '${String.fromCodePoint(Number(u))}'`;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  runeOf(u: bigint): number {
    const c = BigInt.asUintN(64, u);
    return c > 0x10ffffn ? 0xfffd : Number(c);
  }

  fmtC(u: bigint): void {
    let r = this.runeOf(u);
    if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
    this.pad(String.fromCodePoint(r));
  }

  fmtFloatF(v: number, verb: string, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, verb, prec);
    if (num[0] !== '-' && num[0] !== '+') num = `+${num}`;
    if (this.space && num[0] === '+' && !this.plus) num = ` ${num.slice(1)}`;
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.sharp && verb !== 'b') num = this.sharpFloat(num, verb, prec);
    if (this.plus || num[0] !== '+') {
      if (this.zero && this.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  sharpFloat(num: string, verb: string, prec: number): string {
    let digits = 0;
    if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec;
    let tail = '';
    let hasDecimalPoint = false;
    let sawNonzeroDigit = false;
    for (let i = 1; i < num.length; i++) {
      const c = num[i];
      if (c === '.') hasDecimalPoint = true;
      else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
        tail = num.slice(i);
        num = num.slice(0, i);
        break;
      } else {
        if (c !== '0') sawNonzeroDigit = true;
        if (sawNonzeroDigit) digits--;
      }
    }
    if (!hasDecimalPoint) {
      if (num.length === 2 && num[1] === '0') digits--;
      num += '.';
    }
    if (digits > 0) num += '0'.repeat(digits);
    return num + tail;
  }

  fmtS(s: string): void {
    if (this.precPresent) s = truncateRunes(s, this.prec);
    this.pad(s);
  }

  fmtSbx(b: Uint8Array, upper: boolean): void {
    const digits = upper ? '0123456789ABCDEFX' : '0123456789abcdefx';
    let length = b.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) width += 2;
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    let s = this.sharp ? `0${digits[16]}` : '';
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        s += ' ';
        if (this.sharp) s += `0${digits[16]}`;
      }
      const c = b[i] as number;
      s += (digits[c >> 4] as string) + digits[c & 0xf];
    }
    this.buf += s;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  fmtQ(s: string): void {
    if (this.precPresent) s = truncateRunes(s, this.prec);
    if (this.sharp && canBackquote(s)) {
      this.pad(`\`${s}\``);
      return;
    }
    this.pad(this.plus ? quoteToASCII(s) : quote(s));
  }

  // ---- print.go ----

  badVerb(verb: string): void {
    this.erroring = true;
    this.buf += `%!${verb}(`;
    const arg = this.arg;
    const value = this.value;
    if (arg !== null && arg.t !== null) {
      this.buf += `${typeString(arg.t)}=`;
      this.printArg(arg.v, arg.t, 'v');
    } else if (value !== null && value.t !== null) {
      this.buf += `${typeString(value.t)}=`;
      this.printValue(value.v, value.t, 'v', 0);
    } else this.buf += '<nil>';
    this.buf += ')';
    this.erroring = false;
  }

  fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false');
    else this.badVerb(verb);
  }

  fmtIntegerVerb(v: bigint, isSigned: boolean, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.sharpV && !isSigned) this.fmt0x64(v, true);
        else this.fmtInteger(v, 10, isSigned, verb, false);
        return;
      case 'd':
        this.fmtInteger(v, 10, isSigned, verb, false);
        return;
      case 'b':
        this.fmtInteger(v, 2, isSigned, verb, false);
        return;
      case 'o':
      case 'O':
        this.fmtInteger(v, 8, isSigned, verb, false);
        return;
      case 'x':
        this.fmtInteger(v, 16, isSigned, verb, false);
        return;
      case 'X':
        this.fmtInteger(v, 16, isSigned, verb, true);
        return;
      case 'c':
        this.fmtC(v);
        return;
      case 'q':
        this.pad(quoteRune(this.runeOf(v), this.plus));
        return;
      case 'U':
        this.fmtUnicode(v);
        return;
      default:
        this.badVerb(verb);
    }
  }

  fmtFloatVerb(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        this.fmtFloatF(v, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloatF(v, verb, -1);
        return;
      case 'f':
      case 'e':
      case 'E':
        this.fmtFloatF(v, verb, 6);
        return;
      case 'F':
        this.fmtFloatF(v, 'f', 6);
        return;
      default:
        this.badVerb(verb);
    }
  }

  fmtString(v: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(v);
        else this.fmtS(v);
        return;
      case 's':
        this.fmtS(v);
        return;
      case 'x':
      case 'X':
        this.fmtSbx(utf8Encode(v), verb === 'X');
        return;
      case 'q':
        this.fmtQ(v);
        return;
      default:
        this.badVerb(verb);
    }
  }

  fmtBytes(b: GoBytes, verb: string, typeName: string): void {
    const bytes = b.bytes ?? new Uint8Array(0);
    switch (verb) {
      case 'v':
      case 'd':
        if (this.sharpV) {
          this.buf += typeName;
          if (b.bytes === null) {
            this.buf += '(nil)';
            return;
          }
          this.buf += '{';
          bytes.forEach((c, i) => {
            if (i > 0) this.buf += ', ';
            this.fmt0x64(BigInt(c), true);
          });
          this.buf += '}';
        } else {
          this.buf += '[';
          bytes.forEach((c, i) => {
            if (i > 0) this.buf += ' ';
            this.fmtInteger(BigInt(c), 10, false, verb, false);
          });
          this.buf += ']';
        }
        return;
      case 's':
        this.fmtS(utf8Decode(bytes));
        return;
      case 'x':
      case 'X':
        this.fmtSbx(bytes, verb === 'X');
        return;
      case 'q':
        this.fmtQ(utf8Decode(bytes));
        return;
      default:
        this.printSlice(b, { kind: 'int', name: 'uint8' }, typeName === '[]byte' ? '[]uint8' : typeName, verb, 0);
    }
  }

  fmtPointer(v: GoValue, t: GoType, verb: string): void {
    let u = 0n;
    if (v instanceof GoPointer) u = v.target === null ? 0n : addressOf(v);
    else if (v instanceof GoMap) u = v.entries === null ? 0n : addressOf(v);
    else if (v instanceof GoSlice) u = v.items === null ? 0n : addressOf(v);
    else if (v instanceof GoBytes) u = v.bytes === null ? 0n : addressOf(v);
    else {
      this.badVerb(verb);
      return;
    }
    switch (verb) {
      case 'v':
        if (this.sharpV) {
          this.buf += `(${typeString(t)})(`;
          if (u === 0n) this.buf += 'nil';
          else this.fmt0x64(u, true);
          this.buf += ')';
        } else if (u === 0n) this.pad('<nil>');
        else this.fmt0x64(u, !this.sharp);
        return;
      case 'p':
        this.fmt0x64(u, !this.sharp);
        return;
      case 'b':
      case 'o':
      case 'd':
      case 'x':
      case 'X':
        this.fmtIntegerVerb(u, false, verb);
        return;
      default:
        this.badVerb(verb);
    }
  }

  handleMethods(v: GoValue, verb: string): boolean {
    if (this.erroring) return false;
    if (verb === 'w') {
      // %w outside Errorf is a bad verb whatever the operand.
      this.badVerb(verb);
      return true;
    }
    if (!(v instanceof GoTime)) return false;
    if (this.sharpV || !'vsxXq'.includes(verb)) return false;
    this.fmtString(formatGoTime(v), verb);
    return true;
  }

  printArg(v: GoValue, t: GoType | null, verb: string): void {
    this.arg = { v, t };
    this.value = null;
    if (t === null) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') {
      this.fmtS(typeString(t));
      return;
    }
    if (verb === 'p') {
      this.fmtPointer(v, t, 'p');
      return;
    }
    switch (t.kind) {
      case 'bool':
        this.fmtBool(v as boolean, verb);
        return;
      case 'float64':
        this.fmtFloatVerb(v as number, verb);
        return;
      case 'int':
        this.fmtIntegerVerb(v as bigint, !isUnsignedInt(t.name), verb);
        return;
      case 'string':
        this.fmtString(v as string, verb);
        return;
      case 'bytes':
        this.fmtBytes(v as GoBytes, verb, '[]byte');
        return;
      default:
        if (!this.handleMethods(v, verb)) this.printValue(v, t, verb, 0);
    }
  }

  printValue(v: GoValue, t: GoType | null, verb: string, depth: number): void {
    if (depth > 0 && t !== null && t.kind !== 'interface') {
      this.arg = { v, t };
      if (this.handleMethods(v, verb)) return;
    }
    this.arg = null;
    this.value = { v, t };
    if (t === null) {
      if (depth === 0) this.buf += '<invalid reflect.Value>';
      else if (verb === 'v') this.buf += '<nil>';
      else this.badVerb(verb);
      return;
    }
    switch (t.kind) {
      case 'bool':
        this.fmtBool(v as boolean, verb);
        return;
      case 'int':
        this.fmtIntegerVerb(v as bigint, !isUnsignedInt(t.name), verb);
        return;
      case 'float64':
        this.fmtFloatVerb(v as number, verb);
        return;
      case 'string':
        this.fmtString(v as string, verb);
        return;
      case 'map':
        this.printMap(v as GoMap, t, verb, depth);
        return;
      case 'struct':
        this.printStruct(v as GoStruct, t, verb, depth);
        return;
      case 'time':
        this.fmtString(formatGoTime(v as GoTime), verb === 'v' ? 'v' : 's');
        return;
      case 'interface':
        if (v === null) {
          this.buf += this.sharpV ? 'interface {}(nil)' : '<nil>';
          return;
        }
        this.printValue(v, dynamicTypeOf(v), verb, depth + 1);
        return;
      case 'bytes':
        if ('sqxX'.includes(verb)) {
          this.fmtBytes(v as GoBytes, verb, '[]uint8');
          return;
        }
        this.printSlice(v as GoBytes, { kind: 'int', name: 'uint8' }, '[]uint8', verb, depth);
        return;
      case 'slice':
        this.printSlice(v as GoSlice, t.elem, typeString(t), verb, depth);
        return;
      case 'ptr': {
        const p = v as GoPointer;
        const k = t.elem.kind;
        if (depth === 0 && p.target !== null && (k === 'struct' || k === 'slice' || k === 'map' || k === 'bytes')) {
          this.buf += '&';
          this.printValue(p.target, t.elem, verb, depth + 1);
          return;
        }
        this.fmtPointer(v, t, verb);
        return;
      }
    }
  }

  /** A container element; `interface{}` elements print their dynamic value (or `<nil>`). */
  printElem(v: GoValue, elem: GoType, container: GoMap | GoSlice, verb: string, depth: number): void {
    if (elem.kind !== 'interface') {
      this.printValue(v, elem, verb, depth);
      return;
    }
    if (v === null) this.buf += this.sharpV ? 'interface {}(nil)' : '<nil>';
    else this.printValue(v, dynamicTypeOf(v, dynamicIntType(container)), verb, depth + 1);
  }

  printMap(m: GoMap, t: GoType, verb: string, depth: number): void {
    if (this.sharpV) {
      this.buf += typeString(t);
      if (m.entries === null) {
        this.buf += '(nil)';
        return;
      }
      this.buf += '{';
    } else this.buf += 'map[';
    const entries = m.entries;
    if (entries !== null) {
      const keys = [...entries.keys()].sort(compareGoStrings);
      keys.forEach((k, i) => {
        if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
        this.printValue(k, { kind: 'string' }, verb, depth + 1);
        this.buf += ':';
        this.printElem(entries.get(k) as GoValue, m.elem, m, verb, depth + 1);
      });
    }
    this.buf += this.sharpV ? '}' : ']';
  }

  printStruct(s: GoStruct, t: GoType, verb: string, depth: number): void {
    if (this.sharpV) this.buf += typeString(t);
    this.buf += '{';
    s.type.fields.forEach((f, i) => {
      if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
      if (this.plusV || this.sharpV) this.buf += `${f.name}:`;
      const fv = s.fields.get(f.name);
      this.printValue(fv === undefined ? zeroValue(f.type) : fv, f.type, verb, depth + 1);
    });
    this.buf += '}';
  }

  printSlice(s: GoSlice | GoBytes, elem: GoType, typeName: string, verb: string, depth: number): void {
    const items: readonly GoValue[] | null =
      s instanceof GoBytes ? (s.bytes === null ? null : [...s.bytes].map((b) => BigInt(b))) : s.items;
    if ('sqxX'.includes(verb) && elem.kind === 'int' && elem.name === 'uint8' && items !== null) {
      const bytes = Uint8Array.from(items.map((b) => Number(b)));
      this.fmtBytes(new GoBytes(bytes), verb, typeName);
      return;
    }
    if (this.sharpV) {
      this.buf += typeName;
      if (items === null) {
        this.buf += '(nil)';
        return;
      }
      this.buf += '{';
    } else this.buf += '[';
    (items ?? []).forEach((item, i) => {
      if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
      if (s instanceof GoSlice) this.printElem(item, elem, s, verb, depth + 1);
      else this.printValue(item, elem, verb, depth + 1);
    });
    this.buf += this.sharpV ? '}' : ']';
  }

  // ---- Printf ----

  argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (format.length <= i || format[i] !== '[') return [argNum, i, false];
    this.reordered = true;
    const [index, wid, ok] = parseArgNumber(format.slice(i));
    if (ok && index >= 0 && index < numArgs) return [index, i + wid, true];
    this.goodArgNum = false;
    return [argNum, i + wid, ok];
  }

  doPrintf(format: string, a: readonly FmtArg[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    this.reordered = false;
    let i = 0;
    while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== '%') i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.clearflags();
      flags: for (; i < end; i++) {
        switch (format[i]) {
          case '#':
            this.sharp = true;
            break;
          case '0':
            this.zero = !this.minus;
            break;
          case '+':
            this.plus = true;
            break;
          case '-':
            this.minus = true;
            this.zero = false;
            break;
          case ' ':
            this.space = true;
            break;
          default:
            break flags;
        }
      }
      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      if (i < end && format[i] === '*') {
        i++;
        [this.wid, this.widPresent, argNum] = intFromArg(a, argNum);
        if (!this.widPresent) this.buf += '%!(BADWIDTH)';
        if (this.wid < 0) {
          this.wid = -this.wid;
          this.minus = true;
          this.zero = false;
        }
        afterIndex = false;
      } else {
        [this.wid, this.widPresent, i] = parsenum(format, i, end);
        if (afterIndex && this.widPresent) this.goodArgNum = false;
      }
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) this.goodArgNum = false;
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
        if (i < end && format[i] === '*') {
          i++;
          [this.prec, this.precPresent, argNum] = intFromArg(a, argNum);
          if (this.prec < 0) {
            this.prec = 0;
            this.precPresent = false;
          }
          if (!this.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          [this.prec, this.precPresent, i] = parsenum(format, i, end);
          if (!this.precPresent) {
            this.prec = 0;
            this.precPresent = true;
          }
        }
      }
      if (!afterIndex) [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }
      const cp = format.codePointAt(i) as number;
      const verb = String.fromCodePoint(cp);
      i += verb.length;
      if (verb === '%') this.buf += '%';
      else if (!this.goodArgNum) this.buf += `%!${verb}(BADINDEX)`;
      else if (argNum >= a.length) this.buf += `%!${verb}(MISSING)`;
      else {
        if (verb === 'v') {
          this.sharpV = this.sharp;
          this.sharp = false;
          this.plusV = this.plus;
          this.plus = false;
        }
        const arg = a[argNum] as FmtArg;
        this.printArg(arg.v, arg.t, verb);
        argNum++;
      }
    }
    if (!this.reordered && argNum < a.length) {
      this.clearflags();
      this.buf += '%!(EXTRA ';
      a.slice(argNum).forEach((arg, k) => {
        if (k > 0) this.buf += ', ';
        if (arg.t === null) this.buf += '<nil>';
        else {
          this.buf += `${typeString(arg.t)}=`;
          this.printArg(arg.v, arg.t, 'v');
        }
      });
      this.buf += ')';
    }
  }
}

function tooLarge(x: number): boolean {
  return x > 1e6 || x < -1e6;
}

function parsenum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end && s[i] !== undefined && (s[i] as string) >= '0' && (s[i] as string) <= '9'; i++) {
    if (tooLarge(num)) return [0, false, end];
    num = num * 10 + (s.charCodeAt(i) - 48);
    isnum = true;
  }
  return [num, isnum, i];
}

function parseArgNumber(format: string): [number, number, boolean] {
  if (format.length < 3) return [0, 1, false];
  for (let i = 1; i < format.length; i++) {
    if (format[i] === ']') {
      const [width, ok, newi] = parsenum(format, 1, i);
      if (!ok || newi !== i) return [0, i + 1, false];
      return [width - 1, i + 1, true];
    }
  }
  return [0, 1, false];
}

function intFromArg(a: readonly FmtArg[], argNum: number): [number, boolean, number] {
  let num = 0;
  let isInt = false;
  let newArgNum = argNum;
  if (argNum < a.length) {
    const arg = a[argNum] as FmtArg;
    if (arg.t !== null && arg.t.kind === 'int') {
      const n = arg.v as bigint;
      if (n >= -(1n << 63n) && n < 1n << 63n) {
        num = Number(n);
        isInt = true;
      }
    }
    newArgNum = argNum + 1;
    if (tooLarge(num)) {
      num = 0;
      isInt = false;
    }
  }
  return [num, isInt, newArgNum];
}

/** fmt.Sprint over typed arguments. */
export function sprintArgs(args: readonly FmtArg[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, n) => {
    const isString = arg.t !== null && arg.t.kind === 'string';
    if (n > 0 && !isString && !prevString) p.buf += ' ';
    p.printArg(arg.v, arg.t, 'v');
    prevString = isString;
  });
  return p.buf;
}

/** fmt.Sprintln over typed arguments. */
export function sprintlnArgs(args: readonly FmtArg[]): string {
  const p = new Printer();
  args.forEach((arg, n) => {
    if (n > 0) p.buf += ' ';
    p.printArg(arg.v, arg.t, 'v');
  });
  return `${p.buf}\n`;
}

/** fmt.Sprintf over typed arguments. */
export function sprintfArgs(format: string, args: readonly FmtArg[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}

/** `fmt.Sprint(v)`, i.e. `%v`. */
export function formatValue(v: GoValue): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v === null) return '<nil>';
  return sprintArgs([fmtArg(v)]);
}

/** fmt.Sprint: spaces between operands when neither is a string. */
export function sprint(args: readonly GoValue[]): string {
  return sprintArgs(args.map(fmtArg));
}

/** fmt.Sprintln: spaces between all operands, newline appended. */
export function sprintln(args: readonly GoValue[]): string {
  return sprintlnArgs(args.map(fmtArg));
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  return sprintfArgs(format, args.map(fmtArg));
}
