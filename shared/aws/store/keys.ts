/**
 * Item keys of the single table (DESIGN.md §4) and the time format they sort by. Every timestamp the store writes is
 * `Date.toISOString()` (UTC, milliseconds, `Z`), so lexical order in keys is time order.
 */
import type { ItemKey } from './errors.js';
import { StoreError } from './errors.js';

/** Sorts after every character our keys contain: closes a range on a key prefix (`<time>#…`). */
export const KEY_MAX = '\uffff';

export function runKey(runId: string): ItemKey {
  return { pk: `RUN#${runId}`, sk: 'RUN' };
}

export function restorePointKey(subjectId: string, time: string, runId: string): ItemKey {
  return { pk: `APP#${subjectId}`, sk: `RP#${restorePointId(time, runId)}` };
}

export function waitKey(resourceId: string): ItemKey {
  return { pk: `WAIT#${resourceId}`, sk: 'WAIT' };
}

export function quiesceKey(app: string): ItemKey {
  return { pk: `QUIESCE#${app}`, sk: 'QUIESCE' };
}

/** A restore point's id within its app: its time and run, as in the sort key (`<time>#<run>`). */
export function restorePointId(time: string, runId: string): string {
  return `${time}#${runId}`;
}

/** Splits `<time>#<run>`; an ISO time contains no `#`, so the first one separates them. */
export function parseRestorePointId(id: string): { time: string; runId: string } {
  const at = id.indexOf('#');
  const time = at > 0 ? id.slice(0, at) : '';
  const runId = at > 0 ? id.slice(at + 1) : '';
  if (!time || !runId || Number.isNaN(Date.parse(time))) {
    throw new StoreError(`restore point id "${id}" is not "<ISO time>#<run id>"`);
  }
  return { time: isoTime(time), runId };
}

/** Normalises a time to the one sortable form the keys use. */
export function isoTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new StoreError(`"${String(value)}" is not a valid time`);
  return date.toISOString();
}

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
