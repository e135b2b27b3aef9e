/**
 * Kubernetes JSONPath (client-go `util/jsonpath`, as kubectl's `-o jsonpath` printer runs it with missing keys
 * refused), for the `{$.status.phase}` placeholders of Kanister's Wait conditions. Supported: `$`, `.field`,
 * `['field', …]`, `..field` (recursive descent), `*`, `[i]`, `[-i]`, `[start:end:step]`, `[i,j]`,
 * `[?(@.path op literal|@.path)]` with == != < > <= >= or existence, and quoted text; `range`/`end` are not.
 * Results print as kubectl prints them: strings bare, numbers and booleans as Go prints them, maps and lists as
 * compact JSON, several results separated by spaces.
 */
import { KubeError } from './errors.js';

export class JsonPathError extends KubeError {
  override readonly name = 'JsonPathError';
}

type Json = unknown;
type Step =
  | { readonly kind: 'field'; readonly names: readonly string[] }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'recursive' }
  | { readonly kind: 'index'; readonly slices: readonly Slice[] }
  | { readonly kind: 'filter'; readonly left: readonly Step[]; readonly op: string; readonly right: Operand }
  | { readonly kind: 'text'; readonly value: string };
interface Slice {
  readonly start?: number;
  readonly end?: number;
  readonly step?: number;
  readonly single: boolean;
}
type Operand =
  | { readonly path: readonly Step[] }
  | { readonly literal: string | number | boolean; readonly int: boolean };

const TERMINATORS = new Set([' ', '.', ',', '{', '}', '[', ']', '(', ')', '=', '<', '>', '!']);
const isMap = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Evaluates a template such as `{.status.phase}` (text outside braces is copied). */
export function jsonPathText(object: Json, template: string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open === -1) return out + template.slice(i);
    out += template.slice(i, open);
    const close = template.indexOf('}', open);
    if (close === -1) throw new JsonPathError(`unclosed action in ${JSON.stringify(template)}`);
    out += printResults(evaluate([object], parsePath(template.slice(open + 1, close).trim(), false), object));
    i = close + 1;
  }
  return out;
}

function parsePath(text: string, relative: boolean): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new JsonPathError(`invalid JSONPath ${JSON.stringify(text)}: ${why}`);
  };
  if (text.startsWith(relative ? '@' : '$')) i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ') i++;
    else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end === -1) fail('unterminated quote');
      steps.push({ kind: 'text', value: text.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '.') {
      if (text[i + 1] === '.') {
        steps.push({ kind: 'recursive' });
        i += 2;
        if (text[i] === '[') continue;
      } else i++;
      if (text[i] === '*') {
        steps.push({ kind: 'wildcard' });
        i++;
        continue;
      }
      let j = i;
      while (j < text.length && !TERMINATORS.has(text[j] as string)) j++;
      if (j > i) steps.push({ kind: 'field', names: [text.slice(i, j)] });
      i = j;
    } else if (c === '[') {
      const end = bracketEnd(text, i);
      if (end === -1) fail('unterminated [');
      steps.push(parseBracket(text.slice(i + 1, end).trim(), fail));
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c as string)) {
      const word = /^[A-Za-z_][\w-]*/.exec(text.slice(i))?.[0] ?? '';
      if (word === 'range' || word === 'end') fail(`${word} is not supported`);
      steps.push({ kind: 'field', names: [word] });
      i += word.length;
    } else fail(`unexpected ${JSON.stringify(c)}`);
  }
  return steps;
}

function bracketEnd(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function parseBracket(inner: string, fail: (why: string) => never): Step {
  if (inner === '*') return { kind: 'wildcard' };
  if (inner.startsWith('?(') && inner.endsWith(')')) return parseFilter(inner.slice(2, -1).trim(), fail);
  if (/^['"]/.test(inner)) {
    const names = inner.split(',').map((part) => part.trim().replace(/^(['"])(.*)\1$/, '$2'));
    return { kind: 'field', names };
  }
  const slices = inner.split(',').map((part): Slice => {
    const nums = part.split(':').map((n) => n.trim());
    if (nums.length > 3 || nums.some((n) => n !== '' && !/^-?\d+$/.test(n))) fail(`bad index [${inner}]`);
    const [a, b, c] = nums.map((n) => (n === '' ? undefined : Number.parseInt(n, 10)));
    return nums.length === 1 ? { start: a, single: true } : { start: a, end: b, step: c, single: false };
  });
  return { kind: 'index', slices };
}

function parseFilter(expr: string, fail: (why: string) => never): Step {
  const m = /^(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(expr);
  if (!m) return { kind: 'filter', left: parsePath(expr, true), op: 'exists', right: { literal: true, int: false } };
  const [, left = '', op = '', right = ''] = m;
  let operand: Operand;
  if (right.startsWith('@')) operand = { path: parsePath(right, true) };
  else if (/^(['"]).*\1$/.test(right)) operand = { literal: right.slice(1, -1), int: false };
  else if (/^-?\d+$/.test(right)) operand = { literal: Number.parseInt(right, 10), int: true };
  else if (/^-?\d*\.\d+$/.test(right)) operand = { literal: Number.parseFloat(right), int: false };
  else if (right === 'true' || right === 'false') operand = { literal: right === 'true', int: false };
  else return fail(`unsupported filter operand ${right}`);
  return { kind: 'filter', left: parsePath(left.trim(), true), op, right: operand };
}

function evaluate(input: Json[], steps: readonly Step[], root: Json): Json[] {
  let values = input;
  for (const step of steps) values = apply(values, step, root);
  return values;
}

function apply(values: Json[], step: Step, root: Json): Json[] {
  switch (step.kind) {
    case 'text':
      return [step.value];
    case 'field': {
      const out = values.flatMap((v) => (isMap(v) ? step.names.filter((n) => n in v).map((n) => v[n]) : []));
      if (values.length > 0 && out.length === 0) throw new JsonPathError(`${step.names.join(',')} is not found`);
      return out;
    }
    case 'wildcard':
      return values.flatMap((v) =>
        Array.isArray(v)
          ? v
          : isMap(v)
            ? Object.keys(v)
                .sort()
                .map((k) => v[k])
            : [],
      );
    case 'recursive':
      return values.flatMap(descendants);
    case 'index':
      return values.filter((v) => v !== null).flatMap((v) => step.slices.flatMap((s) => slice(v, s)));
    case 'filter':
      return values.flatMap((v) => filter(v, step, root));
  }
}

function descendants(value: Json): Json[] {
  if (Array.isArray(value)) return [value, ...value.flatMap(descendants)];
  if (isMap(value))
    return [
      value,
      ...Object.keys(value)
        .sort()
        .flatMap((k) => descendants(value[k])),
    ];
  return [value];
}

function slice(value: Json, s: Slice): Json[] {
  if (!Array.isArray(value)) throw new JsonPathError(`${typeName(value)} is not array or slice`);
  const len = value.length;
  let start = s.start ?? 0;
  if (start < 0) start += len;
  let end = s.single ? start + 1 : (s.end ?? len);
  if (!s.single && end < 0) end += len;
  if (start === end) return [];
  if (start >= len || start < 0) throw new JsonPathError(`array index out of bounds: index ${start}, length ${len}`);
  if (end > len || end < 0) throw new JsonPathError(`array index out of bounds: index ${end - 1}, length ${len}`);
  if (start > end) throw new JsonPathError(`starting index ${start} is greater than ending index ${end}`);
  const step = s.step ?? 1;
  if (step <= 0) throw new JsonPathError('step must be > 0');
  return value.slice(start, end).filter((_, i) => i % step === 0);
}

function filter(value: Json, step: Extract<Step, { kind: 'filter' }>, root: Json): Json[] {
  if (!Array.isArray(value)) throw new JsonPathError(`${typeName(value)} is not array or slice and cannot be filtered`);
  return value.filter((item) => {
    if (step.op === 'exists') {
      try {
        return evaluate([item], step.left, root).length > 0;
      } catch {
        return false;
      }
    }
    const lefts = evaluate([item], step.left, root);
    if (lefts.length !== 1) throw new JsonPathError('can only compare one element at a time');
    const right = 'path' in step.right ? evaluate([item], step.right.path, root)[0] : step.right.literal;
    return compare(lefts[0], step.op, right, 'path' in step.right ? undefined : step.right.int);
  });
}

function compare(left: Json, op: string, right: Json, rightIsInt: boolean | undefined): boolean {
  const kind = (v: Json, int?: boolean) =>
    typeof v === 'number' ? ((int ?? Number.isInteger(v)) ? 'int' : 'float') : typeof v;
  if (kind(left) !== kind(right, rightIsInt)) throw new JsonPathError('incompatible types for comparison');
  const l = left as number | string | boolean;
  const r = right as number | string | boolean;
  if (op === '==') return l === r;
  if (op === '!=') return l !== r;
  if (typeof l === 'boolean') throw new JsonPathError('invalid type for comparison');
  if (op === '<') return l < r;
  if (op === '>') return l > r;
  if (op === '<=') return l <= r;
  return l >= r;
}

function typeName(value: Json): string {
  if (Array.isArray(value)) return '[]interface {}';
  if (isMap(value)) return 'map[string]interface {}';
  return typeof value === 'number' ? (Number.isInteger(value) ? 'int64' : 'float64') : typeof value;
}

function printResults(values: Json[]): string {
  return values.map((v) => (v !== null && typeof v === 'object' ? goJson(v) : goText(v))).join(' ');
}

function goText(value: Json): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : goFloat(value);
  return String(value);
}

/** Go's `%v` of a float64: shortest form, exponent below 1e-4 and from 1e21. */
function goFloat(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [mantissa = '', exp = '0'] = n.toExponential().split('e');
    const e = Number.parseInt(exp, 10);
    return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(n);
}

/** Go's `json.Marshal`: map keys sorted, <, > and & escaped. */
function goJson(value: Json): string {
  const sorted = (v: Json): Json =>
    Array.isArray(v)
      ? v.map(sorted)
      : isMap(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted(v[k])]),
          )
        : v;
  return JSON.stringify(sorted(value)).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}
