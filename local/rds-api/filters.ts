/**
 * `Filters` and `MaxRecords`/`Marker` of the Describe* actions. Each action names the filters it supports and how
 * to read them from a record; an unknown filter name is rejected as RDS does.
 */
import { faults } from './errors.js';
import type { QueryParams } from './query.js';

/** For each supported filter name, the values of a record it can match (ids and ARNs alike). */
export type FilterFields<T> = Readonly<Record<string, (item: T) => readonly (string | undefined)[]>>;

export function applyFilters<T>(items: readonly T[], params: QueryParams, fields: FilterFields<T>): T[] {
  let out = [...items];
  for (const filter of params.filters()) {
    const read = fields[filter.name];
    if (read === undefined) throw faults.invalidParameterValue(`Unrecognized filter name: ${filter.name}`);
    const wanted = new Set(filter.values.map((v) => v.toLowerCase()));
    out = out.filter((item) => read(item).some((value) => value !== undefined && wanted.has(value.toLowerCase())));
  }
  return out;
}

/** One page of results; the marker is the offset of the next page. */
export function paginate<T>(items: readonly T[], params: QueryParams): { page: T[]; marker: string | undefined } {
  const max = params.int('MaxRecords') ?? 100;
  if (max < 20 || max > 100) {
    throw faults.invalidParameterValue(`Invalid value ${max} for MaxRecords. Must be between 20 and 100`);
  }
  const start = Number(params.str('Marker') ?? '0');
  if (!Number.isInteger(start) || start < 0) throw faults.invalidParameterValue('Invalid Marker');
  const page = items.slice(start, start + max);
  return { page, marker: start + max < items.length ? String(start + max) : undefined };
}
