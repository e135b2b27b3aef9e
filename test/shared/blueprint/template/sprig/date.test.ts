import { describe, expect, it } from 'vitest';
import { formatValue } from '../../../../../shared/blueprint/template/fmt.js';
import { GoPointer, type GoTime, type GoValue, T } from '../../../../../shared/blueprint/template/values.js';
import { call, failure } from './call.js';

const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00';
const toDate = (layout: string, value: string): GoValue => call('toDate', layout, value);
const show = (v: GoValue): string => formatValue(v);

describe('sprig date functions', () => {
  const t = toDate(RFC3339_NANO, '2024-03-05T17:45:12.123456789Z');

  it('renders the Kanister blueprint idioms (toDate | date)', () => {
    expect(call('date', '3:04PM', t)).toBe('5:45PM');
    expect(call('date', '2006-01-02T15-04-05', t)).toBe('2024-03-05T17-45-12');
  });

  it('formats every Go layout element, in the Local zone (UTC)', () => {
    expect(call('date', 'Mon Jan _2 15:04:05.000 MST 2006 -07:00 Z07:00 pm 002', t)).toBe(
      'Tue Mar  5 17:45:12.123 UTC 2024 +00:00 Z pm 065',
    );
    const u = toDate('2006-01-02T15:04:05Z07:00', '2009-11-10T23:04:05+01:30');
    expect(show(u)).toBe('2009-11-10 23:04:05 +0130 +0130');
    expect(call('date', 'January 2, 2006 3:04:05 PM -07:00:00 Z070000 -07', u)).toBe(
      'November 10, 2009 9:34:05 PM +00:00:00 Z +00',
    );
    expect(call('date', 'Monday _2 __2 1 01 06 .000000 ,999 .9 15h', u)).toBe('Tuesday 10 314 11 11 09 .000000   21h');
  });

  it('formats in the Local zone (UTC), a named zone, or UTC for an unknown zone', () => {
    const jul = toDate('2006-01-02', '2024-07-01');
    const jan = toDate('2006-01-02', '2024-01-01');
    expect(call('dateInZone', '2006-01-02 15:04 MST -0700', jul, 'America/New_York')).toBe(
      '2024-06-30 20:00 EDT -0400',
    );
    expect(call('dateInZone', '15:04 MST', jan, 'Europe/Paris')).toBe('01:00 CET');
    expect(call('date_in_zone', '15:04 MST', jan, 'Asia/Kolkata')).toBe('05:30 IST');
    expect(call('dateInZone', '15:04 MST', jan, 'Asia/Singapore')).toBe('08:00 +08');
    expect(call('dateInZone', '15:04 MST', jan, 'Nowhere/Land')).toBe('00:00 UTC');
    expect(call('htmlDateInZone', jan, 'UTC')).toBe('2024-01-01');
  });

  it('takes Unix seconds or *time.Time for the date, and panics on a nil *time.Time', () => {
    expect(call('date', '2006-01-02', 86400n)).toBe('1970-01-02');
    expect(call('htmlDate', 0n)).toBe('1970-01-01');
    expect(call('date', '2006', new GoPointer(T.time, t))).toBe('2024');
    expect(failure('date', '2006', new GoPointer(T.time, null))).toBe(
      'runtime error: invalid memory address or nil pointer dereference',
    );
  });

  it('toDate parses like time.ParseInLocation(…, Local=UTC) and yields the zero time on error', () => {
    expect(show(toDate('2006-01-02 15:04:05 -0700', '2024-03-05 17:45:12 +0200'))).toBe(
      '2024-03-05 17:45:12 +0200 +0200',
    );
    expect(show(toDate('2006-01-02 MST', '2024-03-05 PST'))).toBe('2024-03-05 00:00:00 +0000 PST');
    expect(show(toDate('2006-01-02 MST', '2024-03-05 GMT+3'))).toBe('2024-03-05 03:00:00 +0300 GMT+3');
    expect(show(toDate('2006-01-02', '2024-02-30'))).toBe('0001-01-01 00:00:00 +0000 UTC');
    expect(show(toDate('Jan 2 2006 3PM', 'feb 29 2024 12AM'))).toBe('2024-02-29 00:00:00 +0000 UTC');
    expect(show(toDate('2006-01-02 15:04:05', '2024-03-05 17:45:12.5'))).toBe('2024-03-05 17:45:12.5 +0000 UTC');
    expect(show(toDate('2006-002', '2024-060'))).toBe('2024-02-29 00:00:00 +0000 UTC');
    expect(show(toDate('2006-01-02T15:04:05.000Z', '2009-11-10T23:00:00.12Z'))).toBe('0001-01-01 00:00:00 +0000 UTC');
    expect(show(toDate('2006-01-02', ' 2024-01-02'))).toBe('0001-01-01 00:00:00 +0000 UTC');
    expect(show(toDate('x', 'y'))).toBe('0001-01-01 00:00:00 +0000 UTC');
  });

  it('dateModify adds a Go duration (bad durations leave the time unchanged); unixEpoch floors', () => {
    const jan = toDate('2006-01-02', '2024-01-01');
    expect(show(call('dateModify', '-1.5h', jan))).toBe('2023-12-31 22:30:00 +0000 UTC');
    expect(show(call('date_modify', '1h30m15.5s', jan))).toBe('2024-01-01 01:30:15.5 +0000 UTC');
    expect(show(call('dateModify', '1µs', jan))).toBe('2024-01-01 00:00:00.000001 +0000 UTC');
    expect(show(call('dateModify', '1d', jan))).toBe('2024-01-01 00:00:00 +0000 UTC');
    expect(call('unixEpoch', toDate('2006-01-02', '1969-12-31'))).toBe('-86400');
  });

  it('now and ago read the clock', () => {
    const now = call('now') as GoTime;
    expect(Math.abs(Number(now.unixNanos / 1_000_000n) - Date.now())).toBeLessThan(60_000);
    expect(call('ago', now)).toMatch(/^(0s|1s|2s)$/);
    expect(call('ago', toDate('2006-01-02', '2000-01-01'))).toMatch(/^\d+h\d+m\d+s$/);
  });
});
