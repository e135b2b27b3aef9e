import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleExpressionError, TimeZoneError } from '../../../shared/policy/errors.js';
import { nextFireTimes, parseScheduleExpression, scheduledTimeAt } from '../../../shared/policy/schedule.js';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
const at = (s: string) => new Date(s);

describe('cron schedules in a time zone', () => {
  it('fires at 09:00 Berlin time in winter and in summer', () => {
    const winter = nextFireTimes('cron(0 9 * * ? *)', at('2025-01-15T00:00Z'), 1, { timeZone: 'Europe/Berlin' });
    const summer = nextFireTimes('cron(0 9 * * ? *)', at('2025-07-15T00:00Z'), 1, { timeZone: 'Europe/Berlin' });
    expect(iso([...winter, ...summer])).toEqual(['2025-01-15T08:00:00.000Z', '2025-07-15T07:00:00.000Z']);
  });

  it('skips a time that a spring-forward transition removes (Berlin, 30 March 2025)', () => {
    const fires = nextFireTimes('cron(30 2 * * ? *)', at('2025-03-29T00:00Z'), 3, { timeZone: 'Europe/Berlin' });
    expect(iso(fires)).toEqual(['2025-03-29T01:30:00.000Z', '2025-03-31T00:30:00.000Z', '2025-04-01T00:30:00.000Z']);
  });

  it('fires once for a time that a fall-back transition repeats (Berlin, 26 October 2025)', () => {
    const fires = nextFireTimes('cron(30 2 * * ? *)', at('2025-10-25T12:00Z'), 2, { timeZone: 'Europe/Berlin' });
    expect(iso(fires)).toEqual(['2025-10-26T00:30:00.000Z', '2025-10-27T01:30:00.000Z']);
  });

  it('runs hourly through both Berlin transitions', () => {
    const spring = nextFireTimes('cron(0 * * * ? *)', at('2025-03-29T23:30Z'), 3, { timeZone: 'Europe/Berlin' });
    // 01:00 CET, (02:00 does not exist), 03:00 CEST, 04:00 CEST: consecutive UTC hours.
    expect(iso(spring)).toEqual(['2025-03-30T00:00:00.000Z', '2025-03-30T01:00:00.000Z', '2025-03-30T02:00:00.000Z']);
    const autumn = nextFireTimes('cron(0 * * * ? *)', at('2025-10-25T23:30Z'), 3, { timeZone: 'Europe/Berlin' });
    // 02:00 CEST, (02:00 CET is the repeat), 03:00 CET: a two-hour gap in UTC.
    expect(iso(autumn)).toEqual(['2025-10-26T00:00:00.000Z', '2025-10-26T02:00:00.000Z', '2025-10-26T03:00:00.000Z']);
  });

  it('handles New York transitions (9 March and 2 November 2025)', () => {
    const spring = nextFireTimes('cron(30 2 * * ? *)', at('2025-03-08T00:00Z'), 2, { timeZone: 'America/New_York' });
    expect(iso(spring)).toEqual(['2025-03-08T07:30:00.000Z', '2025-03-10T06:30:00.000Z']);
    const autumn = nextFireTimes('cron(30 1 * * ? *)', at('2025-11-01T12:00Z'), 2, { timeZone: 'America/New_York' });
    expect(iso(autumn)).toEqual(['2025-11-02T05:30:00.000Z', '2025-11-03T06:30:00.000Z']);
  });

  it('reads L, W and # the Quartz way', () => {
    const from = at('2025-01-01T00:00Z');
    expect(iso(nextFireTimes('cron(0 10 L * ? *)', from, 2))).toEqual([
      '2025-01-31T10:00:00.000Z',
      '2025-02-28T10:00:00.000Z',
    ]);
    // 1 Feb and 1 Mar 2025 are Saturdays: the nearest weekday in the month is Monday the 3rd.
    expect(iso(nextFireTimes('cron(0 10 1W * ? *)', from, 3))).toEqual([
      '2025-01-01T10:00:00.000Z',
      '2025-02-03T10:00:00.000Z',
      '2025-03-03T10:00:00.000Z',
    ]);
    // 31 May 2025 is a Saturday.
    expect(iso(nextFireTimes('cron(0 10 LW 5 ? *)', from, 1))).toEqual(['2025-05-30T10:00:00.000Z']);
    expect(iso(nextFireTimes('cron(0 10 ? * 6L *)', from, 2))).toEqual([
      '2025-01-31T10:00:00.000Z',
      '2025-02-28T10:00:00.000Z',
    ]);
    expect(iso(nextFireTimes('cron(0 10 ? * 3#2 *)', from, 2))).toEqual([
      '2025-01-14T10:00:00.000Z',
      '2025-02-11T10:00:00.000Z',
    ]);
  });

  it('reads names, ranges, wrapping ranges, steps and the year field', () => {
    const from = at('2025-01-06T00:00Z'); // a Monday
    expect(iso(nextFireTimes('cron(0 8 ? JAN-MAR MON-FRI *)', from, 2))).toEqual([
      '2025-01-06T08:00:00.000Z',
      '2025-01-07T08:00:00.000Z',
    ]);
    // Strictly after Monday 00:00: 01:00, then 22:00 and 23:00, then Tuesday 00:00.
    expect(iso(nextFireTimes('cron(0 22-1 * * ? *)', from, 4)).map((s) => s.slice(11, 13))).toEqual([
      '01',
      '22',
      '23',
      '00',
    ]);
    expect(iso(nextFireTimes('cron(5/20 * * * ? *)', from, 3)).map((s) => s.slice(14, 16))).toEqual(['05', '25', '45']);
    expect(iso(nextFireTimes('cron(0 0 1 1 ? 2030)', from, 2))).toEqual(['2030-01-01T00:00:00.000Z']);
    expect(nextFireTimes('cron(0 0 30 2 ? *)', from, 1)).toEqual([]);
  });
});

describe('rate schedules', () => {
  it('fires at multiples of the rate from the epoch, or from an anchor', () => {
    expect(iso(nextFireTimes('rate(5 minutes)', at('2025-01-01T00:02Z'), 2))).toEqual([
      '2025-01-01T00:05:00.000Z',
      '2025-01-01T00:10:00.000Z',
    ]);
    const anchor = at('2025-01-01T00:07Z');
    expect(iso(nextFireTimes('rate(1 hour)', at('2025-01-01T03:00Z'), 1, { anchor }))).toEqual([
      '2025-01-01T03:07:00.000Z',
    ]);
    expect(iso(nextFireTimes('rate(1 hour)', at('2024-12-01T00:00Z'), 1, { anchor }))).toEqual([
      '2025-01-01T00:07:00.000Z',
    ]);
  });

  it('counts a day as 24 hours across a DST change', () => {
    const fires = nextFireTimes('rate(1 day)', at('2025-03-29T12:00Z'), 2, { timeZone: 'Europe/Berlin' });
    expect(iso(fires)).toEqual(['2025-03-30T00:00:00.000Z', '2025-03-31T00:00:00.000Z']);
  });
});

describe('scheduledTimeAt', () => {
  it('maps a late invocation to the fire time it belongs to', () => {
    const t = scheduledTimeAt('cron(0/15 * * * ? *)', at('2025-01-01T00:44:59Z'));
    expect(t?.toISOString()).toBe('2025-01-01T00:30:00.000Z');
    expect(scheduledTimeAt('rate(6 hours)', at('2025-01-01T13:00Z'))?.toISOString()).toBe('2025-01-01T12:00:00.000Z');
    const berlin = scheduledTimeAt('cron(0 9 * * ? *)', at('2025-07-15T07:00:30Z'), { timeZone: 'Europe/Berlin' });
    expect(berlin?.toISOString()).toBe('2025-07-15T07:00:00.000Z');
    expect(scheduledTimeAt('cron(0 0 1 1 ? 2030)', at('2029-06-01T00:00Z'))).toBeUndefined();
  });

  it('agrees with nextFireTimes: each fire time is its own scheduled time, and the minute before belongs earlier', () => {
    const expressions = ['cron(0 * * * ? *)', 'cron(30 2 * * ? *)', 'cron(0 10 ? * 6L *)', 'rate(7 minutes)'];
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.constantFrom(...expressions),
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        (expr, timeZone, from) => {
          const [first, second] = nextFireTimes(expr, new Date(from), 2, { timeZone });
          if (!first || !second) return false;
          const before = scheduledTimeAt(expr, new Date(first.getTime() - 60_000), { timeZone });
          return (
            first.getTime() > from &&
            second > first &&
            scheduledTimeAt(expr, first, { timeZone })?.getTime() === first.getTime() &&
            scheduledTimeAt(expr, new Date(second.getTime() - 1), { timeZone })?.getTime() === first.getTime() &&
            (before === undefined || before < first)
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('errors', () => {
  it('throws typed errors with hints', () => {
    expect(() => parseScheduleExpression('cron(0 3 * * MON *)')).toThrow(ScheduleExpressionError);
    try {
      parseScheduleExpression('rate(5 minute)');
    } catch (e) {
      expect(e).toBeInstanceOf(ScheduleExpressionError);
      expect((e as ScheduleExpressionError).hint).toBe('write rate(5 minutes)');
    }
    expect(() => nextFireTimes('rate(1 hour)', new Date(), 1, { timeZone: 'Mars/Olympus' })).toThrow(TimeZoneError);
  });
});
