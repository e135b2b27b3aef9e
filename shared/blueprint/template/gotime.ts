/** Go's `time.Time.String()` for the values the template engine prints. */
import type { GoTime } from './values.js';

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}

/** The wall clock of `t` in its own zone: civil fields plus nanoseconds. */
export function civil(t: GoTime): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  weekday: number;
  yearDay: number;
} {
  const local = t.unixNanos + BigInt(t.offsetSeconds) * 1_000_000_000n;
  let secs = local / 1_000_000_000n;
  let nanos = Number(local % 1_000_000_000n);
  if (nanos < 0) {
    nanos += 1_000_000_000;
    secs -= 1n;
  }
  const d = new Date(Number(secs) * 1000);
  const startDate = new Date(0);
  startDate.setUTCFullYear(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    nanos,
    weekday: d.getUTCDay(),
    yearDay: Math.floor((d.getTime() - startDate.getTime()) / 86_400_000) + 1,
  };
}

/** `-0700` style offset. */
export function formatOffset(offsetSeconds: number, colon = false): string {
  const zone = Math.trunc(offsetSeconds / 60);
  const a = Math.abs(zone);
  return `${zone < 0 ? '-' : '+'}${pad(Math.floor(a / 60), 2)}${colon ? ':' : ''}${pad(a % 60, 2)}`;
}

/** time.Time.String(): `2006-01-02 15:04:05.999999999 -0700 MST`. */
export function formatGoTime(t: GoTime): string {
  const c = civil(t);
  let frac = '';
  if (c.nanos !== 0) frac = `.${pad(c.nanos, 9).replace(/0+$/, '')}`;
  const zone = t.zone !== '' ? t.zone : formatOffset(t.offsetSeconds);
  return (
    `${pad(c.year, 4)}-${pad(c.month, 2)}-${pad(c.day, 2)} ` +
    `${pad(c.hour, 2)}:${pad(c.minute, 2)}:${pad(c.second, 2)}${frac} ${formatOffset(t.offsetSeconds)} ${zone}`
  );
}
