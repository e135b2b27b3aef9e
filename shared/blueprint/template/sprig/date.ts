/**
 * sprig v2.22.0 date functions (date.go). `date` accepts a time.Time, *time.Time or Unix seconds (int); any other
 * value means "now", as in Go. Zones are loaded by IANA name, unknown names fall back to UTC, and "Local" is UTC.
 */
import { GoPointer, GoTime, type GoValue, T, zeroValue } from '../values.js';
import { type FuncTable, fn, nilDeref, str } from './define.js';
import { inZone, nowTime, utcTime } from './gotime.js';
import { durationString, parseDuration } from './gotime-duration.js';
import { formatLayout } from './gotime-layout.js';
import { parseLayout } from './gotime-parse.js';

const S = T.string;
const I = T.iface;
const NS = 1_000_000_000n;

/** The time a date argument stands for: time.Time, *time.Time, Unix seconds, else now. */
function timeArg(v: GoValue | undefined): GoTime {
  if (v instanceof GoTime) return v;
  if (v instanceof GoPointer && v.elem.kind === 'time') {
    if (v.target === null) return nilDeref();
    return v.target as GoTime;
  }
  if (typeof v === 'bigint') return new GoTime(v * NS, 0, 'UTC');
  return nowTime();
}

function dateInZone(layout: string, date: GoValue | undefined, zone: string): string {
  const t = timeArg(date);
  return formatLayout(inZone(t, zone) ?? utcTime(t), layout);
}

function dateModify(spec: string, t: GoTime): GoTime {
  const d = parseDuration(spec);
  return d === null ? t : new GoTime(t.unixNanos + d, t.offsetSeconds, t.zone);
}

/** time.Since(t).Round(time.Second).String(). */
function ago(v: GoValue | undefined): string {
  const t = v instanceof GoTime ? v : typeof v === 'bigint' ? new GoTime(v * NS, 0, 'UTC') : nowTime();
  const since = nowTime().unixNanos - t.unixNanos;
  const half = NS / 2n;
  const rounded = since >= 0n ? ((since + half) / NS) * NS : -((-since + half) / NS) * NS;
  return durationString(rounded);
}

const floorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));

const asTime = (v: GoValue | undefined): GoTime => (v instanceof GoTime ? v : (zeroValue(T.time) as GoTime));

const dateInZoneFn = fn([S, I, S], S, ([f, d, z]) => dateInZone(str(f), d, str(z)));
const dateModifyFn = fn([S, T.time], T.time, ([s, t]) => dateModify(str(s), asTime(t)));

export const dateFuncs: FuncTable = {
  date: fn([S, I], S, ([f, d]) => dateInZone(str(f), d, 'Local')),
  date_in_zone: dateInZoneFn,
  dateInZone: dateInZoneFn,
  date_modify: dateModifyFn,
  dateModify: dateModifyFn,
  now: fn([], T.time, () => nowTime()),
  htmlDate: fn([I], S, ([d]) => dateInZone('2006-01-02', d, 'Local')),
  htmlDateInZone: fn([I, S], S, ([d, z]) => dateInZone('2006-01-02', d, str(z))),
  ago: fn([I], S, ([d]) => ago(d)),
  toDate: fn([S, S], T.time, ([f, s]) => parseLayout(str(f), str(s)) ?? zeroValue(T.time)),
  unixEpoch: fn([T.time], S, ([t]) => floorDiv(asTime(t).unixNanos, NS).toString()),
};
