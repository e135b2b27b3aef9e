/**
 * GFS (grandfather-father-son) retention, as a pure function of restore points, counts and the clock.
 *
 * The rule, per period (hourly, daily, weekly, monthly, yearly) with count N: among the complete restore points, keep
 * the newest one of each of the N most recent periods that hold one — restic's and Borg's `--keep-<period>` rule.
 * Periods with no restore point are not counted, so a pause in backups never expires the last good ones. A point
 * kept for several periods carries each as a tag (`daily`, `weekly`, …). Periods are calendar periods on the wall
 * clock of the policy's time zone; weeks are ISO weeks (Monday to Sunday, numbered in their ISO week-year). An hour
 * repeated by a fall-back transition is two hourly periods.
 *
 * Incomplete restore points (the run failed or is still running) never count toward a period and carry no tags.
 * One is expired when a complete point newer than it exists (it has been superseded) and it is older than the grace
 * (24 hours by default, so a run still exporting is not pulled from under itself). Incomplete points newer than
 * every complete point are kept: they are the most recent data there is, and a failure notification says so.
 */

import { TimeZoneError } from './errors.js';
import type { RetentionCounts } from './schema.js';
import { isIanaTimeZone, toLocal } from './time-zone.js';

export type GfsPeriod = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly';
export const gfsPeriods: readonly GfsPeriod[] = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'];

export interface RetainablePoint {
  readonly id: string;
  readonly time: Date;
  readonly complete: boolean;
}

export interface RetentionDecision {
  /** Ids to keep, in input order. */
  readonly keep: string[];
  /** Ids to expire, in input order. */
  readonly expire: string[];
  /** The periods each kept complete point is kept for. */
  readonly tags: Map<string, GfsPeriod[]>;
}

export interface RetentionOptions {
  /** @default 'UTC' */
  readonly timeZone?: string;
  /** How long an incomplete, superseded point is left alone. @default 24 hours */
  readonly incompleteGraceMs?: number;
}

const DAY = 86_400_000;

export function applyRetention(
  points: readonly RetainablePoint[],
  counts: Partial<RetentionCounts>,
  now: Date,
  opts: RetentionOptions = {},
): RetentionDecision {
  const timeZone = opts.timeZone ?? 'UTC';
  if (!isIanaTimeZone(timeZone)) throw new TimeZoneError(timeZone);
  const complete = points.filter((p) => p.complete).sort(newestFirst);
  const keys = new Map(complete.map((p) => [p.id, periodKeys(p.time.getTime(), timeZone)]));
  const tags = new Map<string, GfsPeriod[]>();
  for (const period of gfsPeriods) {
    const n = counts[period] ?? 0;
    const seen = new Set<string>();
    for (const p of complete) {
      if (seen.size >= n) break;
      const key = keys.get(p.id)?.[period] ?? '';
      if (seen.has(key)) continue;
      seen.add(key);
      tags.set(p.id, [...(tags.get(p.id) ?? []), period]);
    }
  }
  const newestComplete = complete[0]?.time.getTime();
  const grace = opts.incompleteGraceMs ?? DAY;
  const kept = (p: RetainablePoint) =>
    p.complete
      ? tags.has(p.id)
      : newestComplete === undefined || p.time.getTime() >= newestComplete || now.getTime() - p.time.getTime() < grace;
  return {
    keep: points.filter(kept).map((p) => p.id),
    expire: points.filter((p) => !kept(p)).map((p) => p.id),
    tags,
  };
}

/** Newest first; ties broken by id so the result does not depend on input order. */
function newestFirst(a: RetainablePoint, b: RetainablePoint): number {
  return b.time.getTime() - a.time.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** The calendar period of each kind an instant falls in, as comparable keys. */
export function periodKeys(instant: number, timeZone: string): Record<GfsPeriod, string> {
  const l = toLocal(instant, timeZone);
  const date = `${l.year}-${pad(l.month)}-${pad(l.day)}`;
  return {
    hourly: `${date}T${pad(l.hour)}${l.offsetMinutes >= 0 ? '+' : '-'}${Math.abs(l.offsetMinutes)}`,
    daily: date,
    weekly: isoWeek(l.year, l.month, l.day),
    monthly: `${l.year}-${pad(l.month)}`,
    yearly: String(l.year),
  };
}

function isoWeek(year: number, month: number, day: number): string {
  const d = Date.UTC(year, month - 1, day);
  const isoWeekday = new Date(d).getUTCDay() || 7;
  const thursday = new Date(d + (4 - isoWeekday) * DAY);
  const weekYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / (7 * DAY)) + 1;
  return `${weekYear}-W${pad(week)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
