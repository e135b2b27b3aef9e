/**
 * Go 1.19 text/template builtins (funcs.go) over executor values, and the `builtins` FuncMap that exposes them
 * under the TemplateFunc contract so callers can compose `new Map([...builtins, ...sprigFuncs])` (later entries
 * override earlier ones, as Go's template functions override builtins).
 */
import { builtinCallables, type Callable, CallError, type ParamType, REFLECT } from './callable.js';
import { htmlEscapeString, jsEscapeString, queryEscape } from './escape.js';
import { type FmtArg, sprintArgs, sprintfArgs, sprintlnArgs } from './fmt.js';
import type { FuncMap, TemplateFunc } from './funcs.js';
import {
  Complex,
  comparable,
  elemRV,
  equalValues,
  IFACE,
  INVALID,
  indirect,
  indirectInterface,
  lenOf,
  type RType,
  type RV,
  rv,
  toFmtArg,
  truth,
  typeName,
} from './rv.js';
import { compareGoStrings, utf8Decode, utf8Encode, utf8Length } from './utf8.js';
import {
  GoBytes,
  type GoMap,
  GoSlice,
  type GoType,
  type GoValue,
  isUnsignedInt,
  T,
  typeOf,
  zeroValue,
} from './values.js';

const UINT8: GoType = { kind: 'int', name: 'uint8' };

function fail(msg: string): never {
  throw new CallError(msg);
}

// ---- index / slice / len ----

function indexArg(index: RV, cap: number): number {
  let x: bigint;
  if (index.t === null) fail('cannot index slice/array with nil');
  if (index.t.kind === 'int') {
    x = index.v as bigint;
    if (isUnsignedInt(index.t.name)) x = BigInt.asIntN(64, x);
  } else fail(`cannot index slice/array with type ${typeName(index.t)}`);
  if (x < 0n || x > BigInt(cap)) fail(`index out of range: ${x}`);
  return Number(x);
}

function index(args: RV[]): RV {
  let item = indirectInterface(args[0] as RV);
  if (item.t === null) fail('index of untyped nil');
  for (const raw of args.slice(1)) {
    const idx = indirectInterface(raw);
    const ind = indirect(item);
    if (ind.isNil) fail('index of nil pointer');
    item = ind.v;
    const t = item.t as GoType;
    switch (t.kind) {
      case 'string': {
        const bytes = utf8Encode(item.v as string);
        const x = indexArg(idx, bytes.length);
        if (x === bytes.length) fail('reflect: string index out of range');
        item = rv(UINT8, BigInt(bytes[x] as number));
        break;
      }
      case 'bytes': {
        const bytes = (item.v as GoBytes).bytes ?? new Uint8Array(0);
        const x = indexArg(idx, bytes.length);
        if (x === bytes.length) fail('reflect: slice index out of range');
        item = rv(UINT8, BigInt(bytes[x] as number));
        break;
      }
      case 'slice': {
        const s = item.v as GoSlice;
        const items = s.items ?? [];
        const x = indexArg(idx, items.length);
        if (x === items.length) fail('reflect: slice index out of range');
        item = elemRV(t.elem, items[x] as GoValue, s);
        break;
      }
      case 'map': {
        if (idx.t === null) fail('value is nil; should be of type string');
        if (idx.t.kind !== 'string') fail(`value has type ${typeName(idx.t)}; should be string`);
        const m = item.v as GoMap;
        const found = m.entries?.get(idx.v as string);
        if (found !== undefined) item = elemRV(t.elem, found, m);
        else item = t.elem.kind === 'interface' ? { t: IFACE, v: null, dt: null } : rv(t.elem, zeroValue(t.elem));
        break;
      }
      default:
        fail(`can't index item of type ${typeName(t)}`);
    }
  }
  return item;
}

function slice(args: RV[]): RV {
  const item = indirectInterface(args[0] as RV);
  const indexes = args.slice(1);
  if (item.t === null) fail('slice of untyped nil');
  if (indexes.length > 3) fail(`too many slice indexes: ${indexes.length}`);
  let len: number;
  const t = item.t;
  switch (t.kind) {
    case 'string':
      if (indexes.length === 3) fail('cannot 3-index slice a string');
      len = utf8Length(item.v as string);
      break;
    case 'slice':
      len = (item.v as GoSlice).items?.length ?? 0;
      break;
    case 'bytes':
      len = (item.v as GoBytes).bytes?.length ?? 0;
      break;
    default:
      fail(`can't slice item of type ${typeName(t)}`);
  }
  const idx = [0, len, len];
  indexes.forEach((x, i) => {
    idx[i] = indexArg(x, len);
  });
  const [i, j, k] = idx as [number, number, number];
  if (i > j) fail(`invalid slice index: ${i} > ${j}`);
  if (indexes.length === 3 && j > k) fail(`invalid slice index: ${j} > ${k}`);
  if (t.kind === 'string') return rv(T.string, utf8Decode(utf8Encode(item.v as string).subarray(i, j)));
  if (t.kind === 'bytes') return rv(t, new GoBytes(((item.v as GoBytes).bytes ?? new Uint8Array(0)).slice(i, j)));
  const s = item.v as GoSlice;
  return rv(t, new GoSlice(s.elem, s.items === null && i === 0 && j === 0 ? null : (s.items ?? []).slice(i, j)));
}

function length(args: RV[]): RV {
  const { v: item, isNil } = indirect(args[0] as RV);
  if (isNil) fail('len of nil pointer');
  if (item.t === null) fail('reflect: call of reflect.Value.Type on zero Value');
  const n = lenOf(item, utf8Length);
  if (n === null) fail(`len of type ${typeName(item.t)}`);
  return rv(T.int, BigInt(n));
}

// ---- comparison ----

type Kind = 'invalid' | 'bool' | 'complex' | 'int' | 'float' | 'string' | 'uint';

function basicKind(x: RV): Kind {
  if (x.t === null) return 'invalid';
  switch (x.t.kind) {
    case 'bool':
      return 'bool';
    case 'int':
      return isUnsignedInt(x.t.name) ? 'uint' : 'int';
    case 'float64':
      return 'float';
    case 'string':
      return 'string';
    case 'complex':
      return 'complex';
    default:
      return 'invalid';
  }
}

const errBadComparisonType = 'invalid type for comparison';
const errBadComparison = 'incompatible types for comparison';

function formatV(x: RV): string {
  return sprintArgs([toFmtArg(x)]);
}

/** reflect.Kind of a non-basic value, for eq's canCompare. */
function reflectKind(x: RV): string {
  if (x.t === null) return 'invalid';
  return x.t.kind === 'bytes' ? 'slice' : x.t.kind === 'time' ? 'struct' : x.t.kind;
}

/** eq's isNil: the zero Value, or a nil map/pointer/slice/interface. */
function isNilValue(x: RV): boolean {
  if (x.t === null) return true;
  switch (x.t.kind) {
    case 'ptr':
      return (x.v as { target: unknown }).target === null;
    case 'map':
      return (x.v as GoMap).entries === null;
    case 'slice':
      return (x.v as GoSlice).items === null;
    case 'bytes':
      return (x.v as GoBytes).bytes === null;
    case 'interface':
      return x.v === null;
    default:
      return false;
  }
}

function eqValues(arg1: RV, arg2: RV[]): boolean {
  arg1 = indirectInterface(arg1);
  if (arg2.length === 0) fail('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const raw of arg2) {
    const arg = indirectInterface(raw);
    const k2 = basicKind(arg);
    let t = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') t = (arg1.v as bigint) >= 0n && arg1.v === arg.v;
      else if (k1 === 'uint' && k2 === 'int') t = (arg.v as bigint) >= 0n && arg1.v === arg.v;
      else if (arg1.t !== null && arg.t !== null) fail(errBadComparison);
    } else {
      switch (k1) {
        case 'complex': {
          const a = arg1.v as Complex;
          const b = arg.v as Complex;
          t = a.re === b.re && a.im === b.im;
          break;
        }
        case 'bool':
        case 'float':
        case 'int':
        case 'string':
        case 'uint':
          t = arg1.v === arg.v;
          break;
        default: {
          const ka = reflectKind(arg1);
          const kb = reflectKind(arg);
          if (!(ka === kb || ka === 'invalid' || kb === 'invalid')) {
            fail(
              `non-comparable types ${sprintfArgs('%s', [toFmtArg(arg1)])}: ${typeName(arg1.t as RType)}, ` +
                `${typeName(arg.t as RType)}: ${formatV(arg)}`,
            );
          }
          if (isNilValue(arg1) || isNilValue(arg)) t = isNilValue(arg) === isNilValue(arg1);
          else {
            if (!comparable(arg.t as RType)) {
              fail(`non-comparable type ${sprintfArgs('%s', [toFmtArg(arg)])}: ${typeName(arg.t as RType)}`);
            }
            t =
              typeName(arg1.t as RType) === typeName(arg.t as RType) &&
              equalValues(arg1.v as GoValue, arg.v as GoValue);
          }
        }
      }
    }
    if (t) return true;
  }
  return false;
}

function ltValues(a: RV, b: RV): boolean {
  const arg1 = indirectInterface(a);
  const k1 = basicKind(arg1);
  if (k1 === 'invalid') fail(errBadComparisonType);
  const arg2 = indirectInterface(b);
  const k2 = basicKind(arg2);
  if (k2 === 'invalid') fail(errBadComparisonType);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return (arg1.v as bigint) < 0n || (arg1.v as bigint) < (arg2.v as bigint);
    if (k1 === 'uint' && k2 === 'int') return (arg2.v as bigint) >= 0n && (arg1.v as bigint) < (arg2.v as bigint);
    fail(errBadComparison);
  }
  switch (k1) {
    case 'bool':
    case 'complex':
      fail(errBadComparisonType);
      break;
    case 'string':
      return compareGoStrings(arg1.v as string, arg2.v as string) < 0;
    default:
      return (arg1.v as number | bigint) < (arg2.v as number | bigint);
  }
  return false;
}

const bool = (b: boolean): RV => rv(T.bool, b);

// ---- printing and escaping ----

function printableArg(x: RV): FmtArg {
  if (x.t !== null && x.t.kind === 'ptr') x = indirect(x).v;
  if (x.t === null) return { v: '<no value>', t: T.string };
  return toFmtArg(x);
}

function evalArgs(args: RV[]): string {
  if (args.length === 1) {
    const a = toFmtArg(args[0] as RV);
    if (a.t !== null && a.t.kind === 'string') return a.v as string;
  }
  return sprintArgs(args.map((a) => printableArg(indirectInterface(a))));
}

// ---- the table ----

interface Spec {
  params: ParamType[];
  variadic: ParamType | null;
  call: (args: RV[]) => RV;
}

const ANY = IFACE;

const specs: Record<string, Spec> = {
  and: { params: [REFLECT], variadic: REFLECT, call: (a) => a.find((x) => !truth(x)) ?? (a[a.length - 1] as RV) },
  or: { params: [REFLECT], variadic: REFLECT, call: (a) => a.find((x) => truth(x)) ?? (a[a.length - 1] as RV) },
  not: { params: [REFLECT], variadic: null, call: (a) => bool(!truth(a[0] as RV)) },
  call: {
    params: [REFLECT],
    variadic: REFLECT,
    call: (a) => {
      const fn = indirectInterface(a[0] as RV);
      if (fn.t === null) fail('call of nil');
      return fail(`non-function of type ${typeName(fn.t)}`);
    },
  },
  html: { params: [], variadic: ANY, call: (a) => rv(T.string, htmlEscapeString(evalArgs(a))) },
  js: { params: [], variadic: ANY, call: (a) => rv(T.string, jsEscapeString(evalArgs(a))) },
  urlquery: { params: [], variadic: ANY, call: (a) => rv(T.string, queryEscape(evalArgs(a))) },
  index: { params: [REFLECT], variadic: REFLECT, call: index },
  slice: { params: [REFLECT], variadic: REFLECT, call: slice },
  len: { params: [REFLECT], variadic: null, call: length },
  print: { params: [], variadic: ANY, call: (a) => rv(T.string, sprintArgs(a.map(toFmtArg))) },
  println: { params: [], variadic: ANY, call: (a) => rv(T.string, sprintlnArgs(a.map(toFmtArg))) },
  printf: {
    params: [T.string],
    variadic: ANY,
    call: (a) => rv(T.string, sprintfArgs((a[0] as RV).v as string, a.slice(1).map(toFmtArg))),
  },
  eq: { params: [REFLECT], variadic: REFLECT, call: (a) => bool(eqValues(a[0] as RV, a.slice(1))) },
  ne: { params: [REFLECT, REFLECT], variadic: null, call: (a) => bool(!eqValues(a[0] as RV, [a[1] as RV])) },
  lt: { params: [REFLECT, REFLECT], variadic: null, call: (a) => bool(ltValues(a[0] as RV, a[1] as RV)) },
  le: {
    params: [REFLECT, REFLECT],
    variadic: null,
    call: (a) => bool(ltValues(a[0] as RV, a[1] as RV) || eqValues(a[0] as RV, [a[1] as RV])),
  },
  gt: {
    params: [REFLECT, REFLECT],
    variadic: null,
    call: (a) => bool(!(ltValues(a[0] as RV, a[1] as RV) || eqValues(a[0] as RV, [a[1] as RV]))),
  },
  ge: { params: [REFLECT, REFLECT], variadic: null, call: (a) => bool(!ltValues(a[0] as RV, a[1] as RV)) },
};

function asTemplateParam(p: ParamType): GoType {
  return p.kind === 'reflect' ? T.iface : p;
}

/** A builtin called outside the executor (e.g. by another package): values take their dynamic types. */
function plainCall(spec: Spec, args: GoValue[]): GoValue {
  const rvs = args.map((v): RV => {
    const t = typeOf(v);
    return t === null ? INVALID : { t, v };
  });
  const out = spec.call(rvs);
  return out.t === null || out.v instanceof Complex ? null : out.v;
}

function makeBuiltins(): FuncMap {
  const m = new Map<string, TemplateFunc>();
  for (const [name, spec] of Object.entries(specs)) {
    const result: GoType = name === 'not' || ['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(name) ? T.bool : T.iface;
    const f: TemplateFunc = {
      params: spec.params.map(asTemplateParam),
      ...(spec.variadic === null ? {} : { variadic: asTemplateParam(spec.variadic) }),
      result: ['print', 'printf', 'println', 'html', 'js', 'urlquery'].includes(name) ? T.string : result,
      call: (args) => plainCall(spec, args),
    };
    const c: Callable = { params: spec.params, variadic: spec.variadic, builtin: true, call: spec.call };
    builtinCallables.set(f, c);
    m.set(name, f);
  }
  return m;
}

/** Go's builtin template functions. */
export const builtins: FuncMap = makeBuiltins();

/** Builtins plus `funcs`; entries of `funcs` win, as Go's template functions do. */
export function withBuiltins(funcs: FuncMap): FuncMap {
  return new Map([...builtins, ...funcs]);
}
