/**
 * EventBridge event pattern validation, so a policy's pattern trigger fails at `holdfast validate` rather than at
 * deploy time: a pattern is a JSON object whose leaves are arrays (of values or content filters), with `$or` lists of
 * sub-patterns.
 */

export interface PatternIssue {
  /** Path inside the pattern. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly hint: string;
}

type Path = readonly (string | number)[];

const LEAF_HINT = 'EventBridge matches a field against a list: write source: ["aws.rds"], not source: aws.rds';

/** Content filters and the type of their operand. */
const FILTERS: Record<string, (v: unknown) => boolean> = {
  prefix: (v) => typeof v === 'string' || isCaseFilter(v),
  suffix: (v) => typeof v === 'string' || isCaseFilter(v),
  'equals-ignore-case': (v) => typeof v === 'string',
  wildcard: (v) => typeof v === 'string',
  cidr: (v) => typeof v === 'string',
  exists: (v) => typeof v === 'boolean',
  numeric: (v) => Array.isArray(v) && v.length > 0,
  'anything-but': (v) => v !== undefined && v !== null,
};

export function validateEventPattern(pattern: unknown): PatternIssue[] {
  if (!isPlainObject(pattern)) {
    return [
      {
        path: [],
        message: 'an event pattern must be an object',
        hint: 'write fields to match, e.g. { source: ["aws.rds"], detail-type: ["RDS DB Snapshot Event"] }',
      },
    ];
  }
  return validateObject(pattern, []);
}

function validateObject(obj: Record<string, unknown>, path: Path): PatternIssue[] {
  const keys = Object.keys(obj);
  if (keys.length === 0) {
    return [
      { path, message: 'an empty object matches nothing', hint: 'name at least one field to match, or remove it' },
    ];
  }
  return keys.flatMap((key) => {
    const value = obj[key];
    const at = [...path, key];
    if (key === '$or') return validateOr(value, at);
    if (Array.isArray(value)) return validateLeaf(value, at);
    if (isPlainObject(value)) return validateObject(value, at);
    return [{ path: at, message: `"${key}" must be an array of values or a nested object`, hint: LEAF_HINT }];
  });
}

function validateOr(value: unknown, path: Path): PatternIssue[] {
  if (!Array.isArray(value) || value.length < 2 || !value.every(isPlainObject)) {
    return [
      {
        path,
        message: '$or must be a list of at least two sub-patterns (objects)',
        hint: 'write $or: [{ source: ["a"] }, { detail-type: ["b"] }]',
      },
    ];
  }
  return value.flatMap((sub, i) => validateObject(sub as Record<string, unknown>, [...path, i]));
}

function validateLeaf(values: unknown[], path: Path): PatternIssue[] {
  if (values.length === 0) {
    return [{ path, message: 'an empty list matches nothing', hint: 'list at least one value, or remove the field' }];
  }
  return values.flatMap((v, i): PatternIssue[] => {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return [];
    if (Array.isArray(v)) {
      return [{ path: [...path, i], message: 'lists do not nest in event patterns', hint: LEAF_HINT }];
    }
    return validateFilter(v, [...path, i]);
  });
}

function validateFilter(v: unknown, path: Path): PatternIssue[] {
  const known = Object.keys(FILTERS).join(', ');
  const entries = isPlainObject(v) ? Object.entries(v) : [];
  const [entry] = entries;
  if (entries.length !== 1 || !entry) {
    return [{ path, message: 'a content filter is an object with exactly one key', hint: `use one of ${known}` }];
  }
  const [name, operand] = entry;
  const check = FILTERS[name];
  if (!check) return [{ path, message: `unknown content filter "${name}"`, hint: `use one of ${known}` }];
  if (!check(operand)) {
    return [
      {
        path: [...path, name],
        message: `invalid operand for "${name}"`,
        hint: 'e.g. {prefix: "db-"}, {exists: true}, {numeric: [">", 0]}, {anything-but: ["x"]}',
      },
    ];
  }
  return [];
}

function isCaseFilter(v: unknown): boolean {
  return isPlainObject(v) && Object.keys(v).length === 1 && typeof v['equals-ignore-case'] === 'string';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
