/**
 * When a schedule trigger fires, EventBridge Scheduler's way: `cron(...)` evaluated on the wall clock of the
 * schedule's time zone (a time skipped by a spring-forward transition does not fire, a time repeated by a fall-back
 * transition fires once), `rate(...)` as fixed durations from an anchor (a day is 24 hours, whatever the clock says).
 * The trigger uses `scheduledTimeAt` to name the fire time a (possibly late) invocation belongs to: that time is part
 * of the run's idempotency key, so a redelivered invocation maps to the same run.
 */
import { type CronSchedule, cronMatchesDay, parseCron } from './cron.js';
import { ScheduleExpressionError, TimeZoneError } from './errors.js';
import { daysInMonth, fromLocal, isIanaTimeZone, steadyOffsetMinutes, toLocal } from './time-zone.js';

export type ScheduleExpression =
  | { readonly kind: 'cron'; readonly cron: CronSchedule }
  | { readonly kind: 'rate'; readonly everyMs: number };

export interface ScheduleOptions {
  /** IANA zone the cron fields are read in. @default 'UTC' */
  readonly timeZone?: string;
  /**
   * First fire time of a rate schedule (Scheduler's StartDate); rates fire at anchor + k × period.
   * @default the Unix epoch, so `rate(1 hour)` fires on the hour and `rate(1 day)` at midnight UTC
   */
  readonly anchor?: Date;
}

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const FIRST_YEAR = 1970;
const LAST_YEAR = 2199;

/** Parses `cron(...)` or `rate(...)`; throws ScheduleExpressionError with a hint. */
export function parseScheduleExpression(expression: string): ScheduleExpression {
  const m = /^(cron|rate)\((.*)\)$/.exec(expression.trim());
  if (!m?.[1]) {
    throw new ScheduleExpressionError(
      expression,
      'not a schedule expression',
      'write cron(minutes hours day-of-month month day-of-week year) or rate(value unit), e.g. cron(0 3 * * ? *) or rate(6 hours)',
    );
  }
  return m[1] === 'cron'
    ? { kind: 'cron', cron: parseCron(m[2] ?? '', expression) }
    : parseRate(m[2] ?? '', expression);
}

function parseRate(body: string, expression: string): ScheduleExpression {
  const m = /^\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*$/.exec(body);
  const hint =
    'write rate(value unit) with a positive whole value and minute(s), hour(s) or day(s), e.g. rate(5 minutes)';
  if (!m?.[1] || !m[2]) throw new ScheduleExpressionError(expression, 'invalid rate', hint);
  const n = Number(m[1]);
  const unit = m[2].replace(/s$/, '');
  if (n < 1) throw new ScheduleExpressionError(expression, 'rate value must be at least 1', hint);
  // Scheduler wants the singular unit for 1 and the plural otherwise.
  if ((n === 1) !== (m[2] === unit)) {
    const right = n === 1 ? unit : `${unit}s`;
    throw new ScheduleExpressionError(expression, `rate of ${n} takes "${right}"`, `write rate(${n} ${right})`);
  }
  return { kind: 'rate', everyMs: n * (RATE_UNITS[unit] ?? 0) };
}

/** The next `count` fire times strictly after `after`. */
export function nextFireTimes(expression: string, after: Date, count: number, opts: ScheduleOptions = {}): Date[] {
  const parsed = parseScheduleExpression(expression);
  const timeZone = zone(opts);
  const out: Date[] = [];
  if (parsed.kind === 'rate') {
    const anchor = opts.anchor?.getTime() ?? 0;
    let k = Math.max(0, Math.floor((after.getTime() - anchor) / parsed.everyMs) + 1);
    while (out.length < count) out.push(new Date(anchor + k++ * parsed.everyMs));
    return out;
  }
  for (const t of walkCron(parsed.cron, after.getTime(), 1, timeZone)) {
    if (t > after.getTime()) out.push(new Date(t));
    if (out.length >= count) break;
  }
  return out;
}

/** The latest fire time at or before `at`: the scheduled time an invocation at `at` belongs to. */
export function scheduledTimeAt(expression: string, at: Date, opts: ScheduleOptions = {}): Date | undefined {
  const parsed = parseScheduleExpression(expression);
  const timeZone = zone(opts);
  if (parsed.kind === 'rate') {
    const anchor = opts.anchor?.getTime() ?? 0;
    if (at.getTime() < anchor) return undefined;
    return new Date(anchor + Math.floor((at.getTime() - anchor) / parsed.everyMs) * parsed.everyMs);
  }
  for (const t of walkCron(parsed.cron, at.getTime(), -1, timeZone)) {
    if (t <= at.getTime()) return new Date(t);
  }
  return undefined;
}

function zone(opts: ScheduleOptions): string {
  const timeZone = opts.timeZone ?? 'UTC';
  if (!isIanaTimeZone(timeZone)) throw new TimeZoneError(timeZone);
  return timeZone;
}

/**
 * Fire instants in time order (ascending for direction 1, descending for -1), starting a day before (after) the
 * local date of `from` so no fire near a day boundary is missed; callers filter against `from`.
 */
function* walkCron(cron: CronSchedule, from: number, direction: 1 | -1, timeZone: string): Generator<number> {
  const start = toLocal(from, timeZone);
  const startDay = Date.UTC(start.year, start.month - 1, start.day) - direction * 86_400_000;
  const s = new Date(startDay);
  const [sy, sm, sd] = [s.getUTCFullYear(), s.getUTCMonth() + 1, s.getUTCDate()];
  for (const year of ordered(FIRST_YEAR, LAST_YEAR, direction)) {
    if ((year - sy) * direction < 0 || !cron.years.has(year)) continue;
    for (const month of ordered(1, 12, direction)) {
      if (year === sy && (month - sm) * direction < 0) continue;
      if (!cron.months.has(month)) continue;
      for (const day of ordered(1, daysInMonth(year, month), direction)) {
        if (year === sy && month === sm && (day - sd) * direction < 0) continue;
        if (cronMatchesDay(cron, year, month, day)) yield* firesOnDay(cron, year, month, day, direction, timeZone);
      }
    }
  }
}

function* firesOnDay(
  cron: CronSchedule,
  year: number,
  month: number,
  day: number,
  direction: 1 | -1,
  timeZone: string,
): Generator<number> {
  const hours = direction === 1 ? cron.hours : [...cron.hours].reverse();
  const minutes = direction === 1 ? cron.minutes : [...cron.minutes].reverse();
  const offset = steadyOffsetMinutes(year, month, day, timeZone);
  for (const hour of hours) {
    for (const minute of minutes) {
      const t =
        offset === undefined
          ? fromLocal(year, month, day, hour, minute, timeZone)
          : Date.UTC(year, month - 1, day, hour, minute) - offset * 60_000;
      if (t !== undefined) yield t;
    }
  }
}

function* ordered(first: number, last: number, direction: 1 | -1): Generator<number> {
  if (direction === 1) for (let i = first; i <= last; i++) yield i;
  else for (let i = last; i >= first; i--) yield i;
}

/** Validation for the schema: undefined when fine, else the error. */
export function checkScheduleExpression(expression: string): ScheduleExpressionError | undefined {
  try {
    parseScheduleExpression(expression);
    return undefined;
  } catch (e) {
    if (e instanceof ScheduleExpressionError) return e;
    throw e;
  }
}
