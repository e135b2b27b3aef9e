/**
 * sprig v2.22.0 list functions (list.go). They accept any slice through reflection, return []interface{}, and
 * panic with "Cannot … on type <kind>" for non-slices (and Go's nil-pointer panic for a nil argument).
 */
import { GoBytes, GoSlice, type GoValue, T } from '../values.js';
import { empty, kindName, sliceItems, strslice, strval, toInt64 } from './conv.js';
import { type FuncTable, fn, goError, nilDeref, T_IFACES, T_STRINGS } from './define.js';
import { compareStrings } from './gostr.js';
import { deepEqual } from './reflect.js';

const I = T.iface;

/** The elements of a slice argument, or sprig's panic naming the operation. */
function itemsOf(v: GoValue | undefined, panicText: (kind: string) => string): GoValue[] {
  if (v === undefined || v === null) return nilDeref();
  const items = sliceItems(v);
  if (items === null) return goError(panicText(kindName(v)));
  return items;
}

const cannot = (op: string) => (kind: string) => `Cannot ${op} on type ${kind}`;
const list = (items: GoValue[] | null): GoSlice => new GoSlice(I, items);
const inList = (haystack: GoValue[], needle: GoValue): boolean => haystack.some((h) => deepEqual(needle, h));

function uniq(items: GoValue[]): GoValue[] {
  const dest: GoValue[] = [];
  for (const item of items) if (!inList(dest, item)) dest.push(item);
  return dest;
}

/** sortAlpha sorts a []string in place (sort.Strings on the same backing array) and returns it. */
function sortAlpha(v: GoValue): GoSlice {
  if (!(v instanceof GoSlice || v instanceof GoBytes)) return new GoSlice(T.string, [strval(v)]);
  const strs = strslice(v);
  strs.sort(compareStrings);
  return v instanceof GoSlice && v.elem.kind === 'string' ? v : new GoSlice(T.string, strs);
}

/** reflect.Value.Slice(start, end) on the original slice type. */
function slice(v: GoValue | undefined, indices: GoValue[]): GoValue {
  const items = itemsOf(v, (k) => `list should be type of slice or array but ${k}`);
  if (items.length === 0) return null;
  const start = indices.length > 0 ? Number(toInt64(indices[0] ?? null)) : 0;
  const end = indices.length < 2 ? items.length : Number(toInt64(indices[1] ?? null));
  if (start < 0 || end < start || end > items.length) goError('reflect.Value.Slice: slice index out of bounds');
  if (v instanceof GoBytes) return new GoBytes(v.bytes?.subarray(start, end) ?? null);
  return new GoSlice(v instanceof GoSlice ? v.elem : I, items.slice(start, end));
}

function concat(lists: GoValue[]): GoSlice {
  let res: GoValue[] | null = null;
  for (const l of lists) {
    const items = itemsOf(l, (k) => `Cannot concat type ${k} as list`);
    if (items.length > 0) res = [...(res ?? []), ...items];
  }
  return list(res);
}

export const listFuncs: FuncTable = {
  list: fn([], T_IFACES, (args) => list(args), I),
  tuple: fn([], T_IFACES, (args) => list(args), I),
  push: fn([I, I], T_IFACES, ([l, v]) => list([...itemsOf(l, cannot('push')), v ?? null])),
  append: fn([I, I], T_IFACES, ([l, v]) => list([...itemsOf(l, cannot('push')), v ?? null])),
  prepend: fn([I, I], T_IFACES, ([l, v]) => list([v ?? null, ...itemsOf(l, cannot('prepend'))])),
  first: fn([I], I, ([l]) => itemsOf(l, cannot('find first'))[0] ?? null),
  last: fn([I], I, ([l]) => itemsOf(l, cannot('find last')).at(-1) ?? null),
  rest: fn([I], T_IFACES, ([l]) => {
    const items = itemsOf(l, cannot('find rest'));
    return list(items.length === 0 ? null : items.slice(1));
  }),
  initial: fn([I], T_IFACES, ([l]) => {
    const items = itemsOf(l, cannot('find initial'));
    return list(items.length === 0 ? null : items.slice(0, -1));
  }),
  reverse: fn([I], T_IFACES, ([l]) => list([...itemsOf(l, cannot('find reverse'))].reverse())),
  compact: fn([I], T_IFACES, ([l]) => list(itemsOf(l, cannot('compact')).filter((x) => !empty(x)))),
  uniq: fn([I], T_IFACES, ([l]) => list(uniq(itemsOf(l, cannot('find uniq'))))),
  without: fn(
    [I],
    T_IFACES,
    ([l, ...omit]) => list(itemsOf(l, cannot('find without')).filter((x) => !inList(omit, x))),
    I,
  ),
  has: fn([I, I], T.bool, ([needle, haystack]) => {
    if (haystack === null || haystack === undefined) return false;
    return inList(itemsOf(haystack, cannot('find has')), needle ?? null);
  }),
  slice: fn([I], I, ([l, ...indices]) => slice(l, indices), I),
  concat: fn([], I, (lists) => concat(lists), I),
  sortAlpha: fn([I], T_STRINGS, ([v]) => sortAlpha(v ?? null)),
};
