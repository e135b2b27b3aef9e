/**
 * sprig v2.22.0 defaults.go (default, empty, coalesce, ternary, toJson, toPrettyJson) and `fail`.
 * json.Marshal errors are swallowed by sprig: the result is then "".
 */
import { type GoValue, T } from '../values.js';
import { empty } from './conv.js';
import { type FuncTable, fn, goError, str } from './define.js';
import { JsonEncodeError, marshal } from './json.js';

const I = T.iface;

function toJson(v: GoValue, indent: string | null): string {
  try {
    return marshal(v, indent);
  } catch (e) {
    if (e instanceof JsonEncodeError) return '';
    throw e;
  }
}

export const defaultFuncs: FuncTable = {
  default: fn(
    [I],
    I,
    ([d, ...given]) => (given.length === 0 || empty(given[0] ?? null) ? (d ?? null) : (given[0] ?? null)),
    I,
  ),
  empty: fn([I], T.bool, ([v]) => empty(v ?? null)),
  coalesce: fn([], I, (vs) => vs.find((v) => !empty(v)) ?? null, I),
  ternary: fn([I, I, T.bool], I, ([vt, vf, c]) => (c === true ? (vt ?? null) : (vf ?? null))),
  toJson: fn([I], T.string, ([v]) => toJson(v ?? null, null)),
  toPrettyJson: fn([I], T.string, ([v]) => toJson(v ?? null, '  ')),
  fail: fn([T.string], T.string, ([msg]) => goError(str(msg))),
};
