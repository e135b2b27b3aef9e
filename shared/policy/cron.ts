/**
 * EventBridge Scheduler's cron grammar (Quartz-derived): six fields `minutes hours day-of-month month day-of-week
 * year`, wildcards `, - * /` everywhere, `? L W` in day-of-month, `? L #` in day-of-week, exactly one of the two day
 * fields `?`. Parsing and day matching only; walking the calendar lives in schedule.ts.
 */
import { ScheduleExpressionError } from './errors.js';
import { daysInMonth } from './time-zone.js';

export type DayOfMonthRule =
  | { readonly kind: 'any' }
  | { readonly kind: 'days'; readonly days: ReadonlySet<number> }
  | { readonly kind: 'last' }
  | { readonly kind: 'lastWeekday' }
  | { readonly kind: 'nearestWeekday'; readonly day: number };

/** Days of week are EventBridge's: 1 = SUN … 7 = SAT. */
export type DayOfWeekRule =
  | { readonly kind: 'any' }
  | { readonly kind: 'days'; readonly days: ReadonlySet<number> }
  | { readonly kind: 'last'; readonly day: number }
  | { readonly kind: 'nth'; readonly day: number; readonly nth: number };

export interface CronSchedule {
  /** Ascending. */
  readonly minutes: readonly number[];
  /** Ascending. */
  readonly hours: readonly number[];
  readonly dayOfMonth: DayOfMonthRule;
  readonly months: ReadonlySet<number>;
  readonly dayOfWeek: DayOfWeekRule;
  readonly years: ReadonlySet<number>;
}

interface FieldSpec {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly wildcards: string;
  readonly names?: readonly string[];
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS = {
  minutes: { label: 'minutes', min: 0, max: 59, wildcards: ', - * /' },
  hours: { label: 'hours', min: 0, max: 23, wildcards: ', - * /' },
  dayOfMonth: { label: 'day-of-month', min: 1, max: 31, wildcards: ', - * ? / L W' },
  month: { label: 'month', min: 1, max: 12, wildcards: ', - * /', names: MONTH_NAMES },
  dayOfWeek: { label: 'day-of-week', min: 1, max: 7, wildcards: ', - * ? L #', names: DAY_NAMES },
  year: { label: 'year', min: 1970, max: 2199, wildcards: ', - * /' },
} as const satisfies Record<string, FieldSpec>;

const SIX_FIELDS_HINT =
  'EventBridge cron has six fields: minutes hours day-of-month month day-of-week year, e.g. cron(0 3 * * ? *)';

/** Parses the text between `cron(` and `)`. */
export function parseCron(body: string, expression: string): CronSchedule {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6) {
    const unix =
      parts.length === 5 ? '; Unix cron has five: add the year (*) and put ? in day-of-month or day-of-week' : '';
    throw new ScheduleExpressionError(
      expression,
      `cron has ${parts.length} fields, not 6`,
      `${SIX_FIELDS_HINT}${unix}`,
    );
  }
  const [min = '', hour = '', dom = '', month = '', dow = '', year = ''] = parts;
  if ((dom === '?') === (dow === '?')) {
    throw new ScheduleExpressionError(
      expression,
      dom === '?' ? 'day-of-month and day-of-week are both ?' : 'day-of-month and day-of-week are both set',
      'exactly one of day-of-month and day-of-week must be ?, e.g. cron(0 3 * * ? *) or cron(0 3 ? * MON *)',
    );
  }
  return {
    minutes: [...parseList(min, FIELDS.minutes, expression)].sort((a, b) => a - b),
    hours: [...parseList(hour, FIELDS.hours, expression)].sort((a, b) => a - b),
    dayOfMonth: parseDayOfMonth(dom, expression),
    months: parseList(month, FIELDS.month, expression),
    dayOfWeek: parseDayOfWeek(dow, expression),
    years: parseList(year, FIELDS.year, expression),
  };
}

/** Whether the calendar date (local to the schedule's zone) is one the day fields select. */
export function cronMatchesDay(c: CronSchedule, year: number, month: number, day: number): boolean {
  if (!c.years.has(year) || !c.months.has(month)) return false;
  return matchesDayOfMonth(c.dayOfMonth, year, month, day) && matchesDayOfWeek(c.dayOfWeek, year, month, day);
}

function matchesDayOfMonth(rule: DayOfMonthRule, year: number, month: number, day: number): boolean {
  const last = daysInMonth(year, month);
  switch (rule.kind) {
    case 'any':
      return true;
    case 'days':
      return rule.days.has(day);
    case 'last':
      return day === last;
    case 'lastWeekday':
      return day === nearestWeekday(year, month, last);
    case 'nearestWeekday':
      return rule.day <= last && day === nearestWeekday(year, month, rule.day);
  }
}

function matchesDayOfWeek(rule: DayOfWeekRule, year: number, month: number, day: number): boolean {
  if (rule.kind === 'any') return true;
  const dow = new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
  switch (rule.kind) {
    case 'days':
      return rule.days.has(dow);
    case 'last':
      return dow === rule.day && day + 7 > daysInMonth(year, month);
    case 'nth':
      return dow === rule.day && Math.ceil(day / 7) === rule.nth;
  }
}

/** The weekday closest to `day` without leaving the month (Quartz's `W`). */
function nearestWeekday(year: number, month: number, day: number): number {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const last = daysInMonth(year, month);
  if (weekday === 6) return day === 1 ? 3 : day - 1;
  if (weekday === 0) return day === last ? day - 2 : day + 1;
  return day;
}

function parseDayOfMonth(text: string, expression: string): DayOfMonthRule {
  const t = text.toUpperCase();
  if (t === '?') return { kind: 'any' };
  if (t === 'L') return { kind: 'last' };
  if (t === 'LW') return { kind: 'lastWeekday' };
  const w = /^(\d+)W$/.exec(t);
  if (w) return { kind: 'nearestWeekday', day: inRange(Number(w[1]), FIELDS.dayOfMonth, expression) };
  if (/[LW]/.test(t)) {
    throw fieldError(expression, FIELDS.dayOfMonth, `"${text}"`, 'L, LW and nW (e.g. 15W) stand alone, not in lists');
  }
  return { kind: 'days', days: parseList(text, FIELDS.dayOfMonth, expression) };
}

function parseDayOfWeek(text: string, expression: string): DayOfWeekRule {
  const t = text.toUpperCase();
  if (t === '?') return { kind: 'any' };
  if (t === 'L') return { kind: 'days', days: new Set([7]) };
  const last = /^(\w+)L$/.exec(t);
  if (last?.[1]) return { kind: 'last', day: value(last[1], FIELDS.dayOfWeek, expression) };
  const nth = /^(\w+)#(\d+)$/.exec(t);
  if (nth?.[1] && nth[2]) {
    const n = Number(nth[2]);
    if (n < 1 || n > 5)
      throw fieldError(expression, FIELDS.dayOfWeek, `"${text}"`, 'in d#n, n is 1–5 (3#2: 2nd Tuesday)');
    return { kind: 'nth', day: value(nth[1], FIELDS.dayOfWeek, expression), nth: n };
  }
  if (/[L#]/.test(t)) {
    throw fieldError(expression, FIELDS.dayOfWeek, `"${text}"`, 'nL (last) and d#n (nth) stand alone, not in lists');
  }
  return { kind: 'days', days: parseList(text, FIELDS.dayOfWeek, expression) };
}

/** A comma list of `*`, `n`, `a-b`, with an optional `/step` after `*`, `n` or `a-b`. */
function parseList(text: string, spec: FieldSpec, expression: string): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!m?.[1]) throw fieldError(expression, spec, `"${item || text}"`);
    const [range, stepText] = [m[1], m[2]];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw fieldError(expression, spec, `step "/${stepText}"`, 'a step is a positive number');
    let from = spec.min;
    let to = spec.max;
    if (range !== '*') {
      const [a = '', b] = range.split('-');
      from = value(a, spec, expression);
      // Quartz reads `n/step` as "from n to the end of the range".
      to = b === undefined ? (stepText === undefined ? from : spec.max) : value(b, spec, expression);
    }
    // A range may wrap (FRI-MON, 22-2), as Quartz allows.
    const span = to >= from ? to - from : to - from + (spec.max - spec.min + 1);
    for (let i = 0; i <= span; i += step) out.add(((from - spec.min + i) % (spec.max - spec.min + 1)) + spec.min);
  }
  return out;
}

function value(text: string, spec: FieldSpec, expression: string): number {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(text)) throw fieldError(expression, spec, `"${text}"`);
  return inRange(Number(text), spec, expression);
}

function inRange(n: number, spec: FieldSpec, expression: string): number {
  if (n < spec.min || n > spec.max) throw fieldError(expression, spec, `value ${n} is out of range`);
  return n;
}

function fieldError(expression: string, spec: FieldSpec, what: string, extra?: string): ScheduleExpressionError {
  const names = spec.names ? ` or ${spec.names[0]}-${spec.names.at(-1)}` : '';
  const allowed = `${spec.label} takes ${spec.min}-${spec.max}${names} with ${spec.wildcards}`;
  return new ScheduleExpressionError(
    expression,
    `invalid ${spec.label} ${what}`,
    extra ? `${extra}; ${allowed}` : allowed,
  );
}
