/**
 * Wall-clock arithmetic in IANA time zones through `Intl` (no tz database of our own): the local date and time of an
 * instant, and the instant of a local date and time, with the daylight-saving rules schedules and GFS periods need.
 */

export interface LocalDateTime {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  /** 1–31 */
  readonly day: number;
  /** 0–23 */
  readonly hour: number;
  /** 0–59 */
  readonly minute: number;
  /** 0 (Sunday) – 6 (Saturday), as `Date.prototype.getUTCDay`. */
  readonly weekday: number;
  /** Offset from UTC in minutes at this instant (Berlin in summer: 120). */
  readonly offsetMinutes: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Whether `name` is an IANA zone name EventBridge Scheduler accepts. `Intl` alone also accepts offsets (`+01:00`)
 * and lower-case spellings, which Scheduler rejects, so the shape is checked too.
 */
export function isIanaTimeZone(name: string): boolean {
  if (!/^(UTC|[A-Z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*)$/.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The local date and time of `instant` in `timeZone` (seconds dropped). */
export function toLocal(instant: number, timeZone: string): LocalDateTime {
  const minuteStart = Math.floor(instant / MINUTE) * MINUTE;
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(minuteStart)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const year = p.year ?? 1970;
  const month = p.month ?? 1;
  const day = p.day ?? 1;
  const hour = p.hour ?? 0;
  const minute = p.minute ?? 0;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  return {
    year,
    month,
    day,
    hour,
    minute,
    weekday: new Date(wall).getUTCDay(),
    offsetMinutes: Math.round((wall - minuteStart) / MINUTE),
  };
}

export function offsetMinutesAt(instant: number, timeZone: string): number {
  return toLocal(instant, timeZone).offsetMinutes;
}

/**
 * The instant a wall-clock time names in `timeZone`, EventBridge Scheduler's way: a time skipped by a spring-forward
 * transition does not exist (`undefined`, the invocation is skipped); a time repeated by a fall-back transition
 * names its first occurrence only (Scheduler "runs only once").
 */
export function fromLocal(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number | undefined {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const before = offsetMinutesAt(wall - DAY, timeZone);
  const after = offsetMinutesAt(wall + DAY, timeZone);
  if (before === after && offsetMinutesAt(wall - before * MINUTE, timeZone) === before) {
    return wall - before * MINUTE;
  }
  const candidates = [wall - before * MINUTE, wall - after * MINUTE]
    .filter((t) => offsetMinutesAt(t, timeZone) * MINUTE === wall - t)
    .sort((a, b) => a - b);
  return candidates[0];
}

/**
 * The offset in force for the whole local day, or undefined when the day (give or take a day) holds a transition;
 * lets a schedule skip the per-minute lookups on the 363 ordinary days of a year.
 */
export function steadyOffsetMinutes(year: number, month: number, day: number, timeZone: string): number | undefined {
  const midnight = Date.UTC(year, month - 1, day);
  const before = offsetMinutesAt(midnight - DAY, timeZone);
  const middle = offsetMinutesAt(midnight + DAY / 2, timeZone);
  const after = offsetMinutesAt(midnight + 2 * DAY, timeZone);
  return before === middle && middle === after ? before : undefined;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
