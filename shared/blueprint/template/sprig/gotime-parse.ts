/**
 * time.ParseInLocation(layout, value, Local) with Local = UTC, as sprig's toDate calls it. Only success and the
 * resulting time matter (toDate discards the error), so failures return null instead of Go's error text.
 *
 * Slightly over the usual file size: it is one port of Go's time.parse, whose per-element switch reads best whole.
 */
import { GoTime } from '../values.js';
import { dateOf, daysIn, isLeap } from './gotime.js';
import { type Chunk, LONG_DAYS, LONG_MONTHS, nextStdChunk } from './gotime-layout.js';

class ParseFail extends Error {}
const fail = (): never => {
  throw new ParseFail();
};

const isDigit = (s: string, i: number): boolean => /[0-9]/.test(s[i] ?? '');
const cutspace = (s: string): string => s.replace(/^ +/, '');

/** time.skip: layout spaces match any run of spaces; other bytes must match exactly. */
function skip(valueIn: string, prefixIn: string): string {
  let value = valueIn;
  let prefix = prefixIn;
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') fail();
      prefix = cutspace(prefix);
      value = cutspace(value);
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) fail();
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

/** getnum: one or two digits (exactly two if fixed). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigit(s, 0)) fail();
  if (!isDigit(s, 1)) {
    if (fixed) fail();
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let i = 0;
  while (i < 3 && isDigit(s, i)) i++;
  if (i === 0 || (fixed && i !== 3)) fail();
  return [Number(s.slice(0, i)), s.slice(i)];
}

/** time's atoi: optional sign, then all digits. */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) fail();
  return Number(s);
}

function lookup(names: readonly string[], value: string): [number, string] {
  const i = names.findIndex(
    (n) => value.slice(0, n.length).toLowerCase() === n.toLowerCase() && value.length >= n.length,
  );
  if (i < 0) fail();
  return [i, value.slice(names[i]?.length ?? 0)];
}

function parseNanoseconds(value: string, nbytes: number): number {
  if (value[0] !== '.' && value[0] !== ',') fail();
  const n = Math.min(nbytes, 10);
  const ns = atoi(value.slice(1, n));
  if (ns < 0) fail();
  return ns * 10 ** (10 - n);
}

function parseSignedOffset(value: string): number {
  const m = /^[+-]([0-9]+)/.exec(value);
  if (!m || Number(m[1]) > 12) return 0;
  return m[0].length;
}

/** time.parseTimeZone: the length of a zone abbreviation at the start of value, or 0. */
function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) return value.length === 3 ? 3 : 3 + parseSignedOffset(value.slice(3));
  if (value[0] === '+' || value[0] === '-') return parseSignedOffset(value);
  const upper = /^[A-Z]{0,6}/.exec(value)?.[0].length ?? 0;
  if (upper === 5 && value[4] === 'T') return 5;
  if (upper === 4 && (value[3] === 'T' || value.startsWith('WITA'))) return 4;
  return upper === 3 ? 3 : 0;
}

interface Fields {
  year: number;
  month: number;
  day: number;
  yday: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  pm: boolean | null;
  utc: boolean;
  zoneOffset: number | null;
  zoneName: string;
}

function parseOffset(std: string, value: string, f: Fields): string {
  const colon = std.includes(':');
  const short = std === '-07' || std === 'Z07';
  const secs = std.endsWith('0000') || std.endsWith(':00:00');
  const len = short ? 3 : colon ? (secs ? 9 : 6) : secs ? 7 : 5;
  if (value.length < len) fail();
  if (colon && (value[3] !== ':' || (secs && value[6] !== ':'))) fail();
  const hh = value.slice(1, 3);
  const mm = short ? '00' : colon ? value.slice(4, 6) : value.slice(3, 5);
  const ss = !secs ? '00' : colon ? value.slice(7, 9) : value.slice(5, 7);
  const [hr] = getnum(hh, true);
  const [mi] = getnum(mm, true);
  const [se] = getnum(ss, true);
  if (hr > 24 || mi > 60 || se > 60) fail();
  const off = (hr * 60 + mi) * 60 + se;
  if (value[0] === '+') f.zoneOffset = off;
  else if (value[0] === '-') f.zoneOffset = -off;
  else fail();
  return value.slice(len);
}

function parseSeconds(value: string, layout: string, f: Fields, fixed: boolean): string {
  let rest: string;
  [f.sec, rest] = getnum(value, fixed);
  if (f.sec >= 60) fail();
  // A fractional second in the value but not in the layout is still accepted.
  if (rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && isDigit(rest, 1)) {
    const next = nextStdChunk(layout).std;
    if (next === 'frac0' || next === 'frac9') return rest;
    let n = 2;
    while (n < rest.length && isDigit(rest, n)) n++;
    f.nsec = parseNanoseconds(rest, n);
    return rest.slice(n);
  }
  return rest;
}

function parseChunk(c: Chunk, value: string, layout: string, f: Fields): string {
  let v = value;
  switch (c.std) {
    case '06':
      if (v.length < 2) fail();
      f.year = atoi(v.slice(0, 2));
      f.year += f.year >= 69 ? 1900 : 2000;
      return v.slice(2);
    case '2006':
      if (v.length < 4 || !isDigit(v, 0)) fail();
      f.year = atoi(v.slice(0, 4));
      return v.slice(4);
    case 'Jan':
    case 'January': {
      const names = c.std === 'Jan' ? LONG_MONTHS.map((m) => m.slice(0, 3)) : LONG_MONTHS;
      [f.month, v] = lookup(names, v);
      f.month++;
      return v;
    }
    case '1':
    case '01':
      [f.month, v] = getnum(v, c.std === '01');
      if (f.month <= 0 || f.month > 12) fail();
      return v;
    case 'Mon':
      return lookup(
        LONG_DAYS.map((d) => d.slice(0, 3)),
        v,
      )[1];
    case 'Monday':
      return lookup(LONG_DAYS, v)[1];
    case '2':
    case '_2':
    case '02':
      if (c.std === '_2' && v[0] === ' ') v = v.slice(1);
      [f.day, v] = getnum(v, c.std === '02');
      return v;
    case '__2':
    case '002':
      for (let i = 0; i < 2; i++) if (c.std === '__2' && v[0] === ' ') v = v.slice(1);
      [f.yday, v] = getnum3(v, c.std === '002');
      return v;
    case '15':
      [f.hour, v] = getnum(v, false);
      if (f.hour >= 24) fail();
      return v;
    case '3':
    case '03':
      [f.hour, v] = getnum(v, c.std === '03');
      if (f.hour > 12) fail();
      return v;
    case '4':
    case '04':
      [f.min, v] = getnum(v, c.std === '04');
      if (f.min >= 60) fail();
      return v;
    case '5':
    case '05':
      return parseSeconds(v, layout, f, c.std === '05');
    case 'PM':
    case 'pm': {
      const p = v.slice(0, 2);
      const [am, pm] = c.std === 'PM' ? ['AM', 'PM'] : ['am', 'pm'];
      if (v.length < 2 || (p !== am && p !== pm)) fail();
      f.pm = p === pm;
      return v.slice(2);
    }
    case 'MST': {
      if (v.startsWith('UTC')) {
        f.utc = true;
        return v.slice(3);
      }
      const n = parseTimeZone(v);
      if (n === 0) fail();
      f.zoneName = v.slice(0, n);
      return v.slice(n);
    }
    case 'frac0': {
      const n = 1 + (c.digits ?? 0);
      if (v.length < n) fail();
      f.nsec = parseNanoseconds(v, n);
      return v.slice(n);
    }
    case 'frac9': {
      if (v.length < 2 || (v[0] !== '.' && v[0] !== ',') || !isDigit(v, 1)) return v;
      let i = 0;
      while (i < 9 && isDigit(v, i + 1)) i++;
      f.nsec = parseNanoseconds(v, 1 + i);
      return v.slice(1 + i);
    }
    default: {
      const std = c.std ?? '';
      if (std.startsWith('Z') && v[0] === 'Z') {
        f.utc = true;
        return v.slice(1);
      }
      return parseOffset(std, v, f);
    }
  }
}

/** Turns a day of the year into month and day, checking it against any month/day also parsed. */
function applyYday(f: Fields): void {
  let yday = f.yday;
  let m = 0;
  let d = 0;
  if (isLeap(f.year)) {
    if (yday === 60) [m, d] = [2, 29];
    else if (yday > 60) yday--;
  }
  if (yday < 1 || yday > 365) fail();
  if (m === 0) {
    const before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
    m = Math.floor((yday - 1) / 31) + 1;
    if ((before[m] ?? 0) < yday) m++;
    d = yday - (before[m - 1] ?? 0);
  }
  if (f.month >= 0 && f.month !== m) fail();
  if (f.day >= 0 && f.day !== d) fail();
  f.month = m;
  f.day = d;
}

function build(f: Fields): GoTime {
  const { year, month, day, hour, min, sec, nsec } = f;
  if (f.utc) return dateOf(year, month, day, hour, min, sec, nsec, 0, 'UTC');
  if (f.zoneOffset !== null) {
    // An offset equal to Local's (UTC) gets the Local zone; any other gets an unnamed fixed zone.
    if (f.zoneOffset === 0 && (f.zoneName === '' || f.zoneName === 'UTC'))
      return dateOf(year, month, day, hour, min, sec, nsec, 0, 'UTC');
    return dateOf(year, month, day, hour, min, sec, nsec, f.zoneOffset, f.zoneName);
  }
  if (f.zoneName !== '') {
    // An unknown abbreviation keeps the wall clock as UTC and only records the zone (GMT±N with its offset).
    const gmt = /^GMT([+-][0-9]+)$/.exec(f.zoneName);
    const asUtc = dateOf(year, month, day, hour, min, sec, nsec, 0, 'UTC');
    return new GoTime(asUtc.unixNanos, gmt ? Number(gmt[1]) * 3600 : 0, f.zoneName);
  }
  return dateOf(year, month, day, hour, min, sec, nsec, 0, 'UTC');
}

/** time.ParseInLocation(layout, value, UTC); null where Go returns an error. */
export function parseLayout(layoutIn: string, valueIn: string): GoTime | null {
  const f: Fields = {
    year: 0,
    month: -1,
    day: -1,
    yday: -1,
    hour: 0,
    min: 0,
    sec: 0,
    nsec: 0,
    pm: null,
    utc: false,
    zoneOffset: null,
    zoneName: '',
  };
  let layout = layoutIn;
  let value = valueIn;
  try {
    for (;;) {
      const c = nextStdChunk(layout);
      value = skip(value, c.prefix);
      if (c.std === null) {
        if (value.length !== 0) fail();
        break;
      }
      layout = c.suffix;
      value = parseChunk(c, value, layout, f);
    }
    if (f.pm === true && f.hour < 12) f.hour += 12;
    else if (f.pm === false && f.hour === 12) f.hour = 0;
    if (f.yday >= 0) applyYday(f);
    else {
      if (f.month < 0) f.month = 1;
      if (f.day < 0) f.day = 1;
    }
    if (f.day < 1 || f.day > daysIn(f.month, f.year)) fail();
    return build(f);
  } catch (e) {
    if (e instanceof ParseFail) return null;
    throw e;
  }
}
