// Label and field selectors as kube-apiserver parses them from `labelSelector` / `fieldSelector` query
// parameters, plus matching of `spec.selector`-style LabelSelector objects used by workloads and services.

import { z } from 'zod';
import { BadRequestError } from './errors.js';
import type { ResourceType } from './resources.js';
import { getPath, type KubeObject } from './types.js';

type LabelOp = 'exists' | 'notexists' | 'eq' | 'neq' | 'in' | 'notin' | 'gt' | 'lt';

interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

export type LabelSelector = LabelRequirement[];

/** Splits on commas that are not inside `(...)`, as in `env in (a,b),tier`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const SET_RE = /^([^\s!=<>()]+)\s+(in|notin)\s*\(([^)]*)\)$/;
const OP_RE = /^([^\s!=<>()]+)\s*(==|=|!=|<|>)\s*([^\s!=<>(),]*)$/;
const EXISTS_RE = /^(!?)\s*([^\s!=<>()]+)$/;

function parseRequirement(text: string): LabelRequirement {
  const set = SET_RE.exec(text);
  if (set) {
    const values = (set[3] ?? '').split(',').map((v) => v.trim());
    return { key: set[1] ?? '', op: set[2] === 'in' ? 'in' : 'notin', values };
  }
  const op = OP_RE.exec(text);
  if (op) {
    const symbol = op[2];
    const kind: LabelOp = symbol === '!=' ? 'neq' : symbol === '<' ? 'lt' : symbol === '>' ? 'gt' : 'eq';
    return { key: op[1] ?? '', op: kind, values: [op[3] ?? ''] };
  }
  const exists = EXISTS_RE.exec(text);
  if (exists) return { key: exists[2] ?? '', op: exists[1] === '!' ? 'notexists' : 'exists', values: [] };
  throw new BadRequestError(`unable to parse requirement: ${JSON.stringify(text)}`);
}

export function parseLabelSelector(text: string | null | undefined): LabelSelector {
  if (!text) return [];
  return splitTopLevel(text).map(parseRequirement);
}

function matchesRequirement(labels: Record<string, string>, req: LabelRequirement): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  switch (req.op) {
    case 'exists':
      return has;
    case 'notexists':
      return !has;
    case 'eq':
      return has && value === req.values[0];
    case 'neq':
      return !has || value !== req.values[0];
    case 'in':
      return has && req.values.includes(value ?? '');
    case 'notin':
      return !has || !req.values.includes(value ?? '');
    case 'gt':
      return has && Number(value) > Number(req.values[0]);
    case 'lt':
      return has && Number(value) < Number(req.values[0]);
  }
}

export function matchesLabels(labels: Record<string, string> | undefined, selector: LabelSelector): boolean {
  return selector.every((req) => matchesRequirement(labels ?? {}, req));
}

export const labelSelectorObjectSchema = z.looseObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z
    .array(z.looseObject({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() }))
    .optional(),
});

export type LabelSelectorObject = z.infer<typeof labelSelectorObjectSchema>;

/** Converts a `metav1.LabelSelector` object (matchLabels + matchExpressions) into requirements. */
export function fromSelectorObject(selector: LabelSelectorObject): LabelSelector {
  const reqs: LabelSelector = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
    key,
    op: 'eq',
    values: [value],
  }));
  for (const expr of selector.matchExpressions ?? []) {
    const op = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: 'notexists' }[expr.operator];
    if (!op) throw new BadRequestError(`"${expr.operator}" is not a valid label selector operator`);
    reqs.push({ key: expr.key, op: op as LabelOp, values: expr.values ?? [] });
  }
  return reqs;
}

/** Renders a selector object as the string form used in `status.selector` of scale subresources. */
export function selectorString(selector: LabelSelectorObject): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const expr of selector.matchExpressions ?? []) {
    const values = (expr.values ?? []).join(',');
    if (expr.operator === 'In') parts.push(`${expr.key} in (${values})`);
    if (expr.operator === 'NotIn') parts.push(`${expr.key} notin (${values})`);
    if (expr.operator === 'Exists') parts.push(expr.key);
    if (expr.operator === 'DoesNotExist') parts.push(`!${expr.key}`);
  }
  return parts.join(',');
}

interface FieldRequirement {
  field: string;
  negate: boolean;
  value: string;
}

export type FieldSelector = FieldRequirement[];

export function parseFieldSelector(text: string | null | undefined, type: ResourceType): FieldSelector {
  if (!text) return [];
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...type.fieldSelectors]);
  return splitTopLevel(text).map((part) => {
    const match = /^([^!=]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!match) throw new BadRequestError(`invalid selector: '${part}'; can't understand '${part}'`);
    const field = match[1] ?? '';
    if (!allowed.has(field)) throw new BadRequestError(`field label not supported: ${field}`);
    return { field, negate: match[2] === '!=', value: match[3] ?? '' };
  });
}

function fieldValue(object: KubeObject, field: string): string {
  const value = getPath(object, field);
  if (value === undefined || value === null) return '';
  return String(value);
}

export function matchesFields(object: KubeObject, selector: FieldSelector): boolean {
  return selector.every((req) => (fieldValue(object, req.field) === req.value) !== req.negate);
}
