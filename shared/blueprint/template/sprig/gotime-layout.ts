/**
 * Go time layouts: the chunk scanner (time.nextStdChunk, Go ≥ 1.20 with day-of-year `002`/`__2` and `,` as a
 * fractional-second separator) and time.Time.Format.
 */
import type { GoTime } from '../values.js';
import { civil } from './gotime.js';

export type Std =
  | 'Jan'
  | 'January'
  | 'Mon'
  | 'Monday'
  | 'MST'
  | '01'
  | '02'
  | '03'
  | '04'
  | '05'
  | '06'
  | '002'
  | '__2'
  | '1'
  | '15'
  | '2'
  | '_2'
  | '3'
  | '4'
  | '5'
  | '2006'
  | 'PM'
  | 'pm'
  | '-070000'
  | '-07:00:00'
  | '-0700'
  | '-07:00'
  | '-07'
  | 'Z070000'
  | 'Z07:00:00'
  | 'Z0700'
  | 'Z07:00'
  | 'Z07'
  | 'frac0'
  | 'frac9';

export interface Chunk {
  readonly prefix: string;
  readonly std: Std | null;
  readonly suffix: string;
  /** Fractional seconds: digit count and separator ('.' or ','). */
  readonly digits?: number;
  readonly sep?: string;
}

const startsWithLower = (s: string): boolean => /^[a-z]/.test(s);
const isDigitAt = (s: string, i: number): boolean => i < s.length && s[i] !== undefined && s[i] >= '0' && s[i] <= '9';

const TZ_DASH: readonly Std[] = ['-070000', '-07:00:00', '-0700', '-07:00', '-07'];
const TZ_Z: readonly Std[] = ['Z070000', 'Z07:00:00', 'Z0700', 'Z07:00', 'Z07'];

function chunkAt(layout: string, i: number): { std: Std; len: number; digits?: number; sep?: string } | null {
  const rest = layout.slice(i);
  const c = layout[i];
  switch (c) {
    case 'J':
      if (rest.startsWith('January')) return { std: 'January', len: 7 };
      if (rest.startsWith('Jan') && !startsWithLower(rest.slice(3))) return { std: 'Jan', len: 3 };
      return null;
    case 'M':
      if (rest.startsWith('Monday')) return { std: 'Monday', len: 6 };
      if (rest.startsWith('Mon') && !startsWithLower(rest.slice(3))) return { std: 'Mon', len: 3 };
      if (rest.startsWith('MST')) return { std: 'MST', len: 3 };
      return null;
    case '0':
      if (rest.length >= 2 && rest[1] !== undefined && rest[1] >= '1' && rest[1] <= '6')
        return { std: rest.slice(0, 2) as Std, len: 2 };
      if (rest.startsWith('002')) return { std: '002', len: 3 };
      return null;
    case '1':
      return rest.startsWith('15') ? { std: '15', len: 2 } : { std: '1', len: 1 };
    case '2':
      return rest.startsWith('2006') ? { std: '2006', len: 4 } : { std: '2', len: 1 };
    case '_':
      if (rest.startsWith('_2')) return rest.startsWith('_2006') ? null : { std: '_2', len: 2 };
      if (rest.startsWith('__2')) return { std: '__2', len: 3 };
      return null;
    case '3':
    case '4':
    case '5':
      return { std: c, len: 1 };
    case 'P':
      return rest.startsWith('PM') ? { std: 'PM', len: 2 } : null;
    case 'p':
      return rest.startsWith('pm') ? { std: 'pm', len: 2 } : null;
    case '-': {
      const std = TZ_DASH.find((t) => rest.startsWith(t));
      return std ? { std, len: std.length } : null;
    }
    case 'Z': {
      const std = TZ_Z.find((t) => rest.startsWith(t));
      return std ? { std, len: std.length } : null;
    }
    case '.':
    case ',': {
      const d = rest[1];
      if (d !== '0' && d !== '9') return null;
      let j = 1;
      while (rest[j] === d) j++;
      if (isDigitAt(rest, j)) return null;
      return { std: d === '0' ? 'frac0' : 'frac9', len: j, digits: j - 1, sep: c };
    }
    default:
      return null;
  }
}

/** time.nextStdChunk. */
export function nextStdChunk(layout: string): Chunk {
  for (let i = 0; i < layout.length; i++) {
    // "_2006" is a literal underscore followed by the year.
    if (layout.startsWith('_2006', i))
      return { prefix: layout.slice(0, i + 1), std: '2006', suffix: layout.slice(i + 5) };
    const m = chunkAt(layout, i);
    if (m) {
      const base = { prefix: layout.slice(0, i), std: m.std, suffix: layout.slice(i + m.len) };
      return m.digits === undefined ? base : { ...base, digits: m.digits, sep: m.sep ?? '.' };
    }
  }
  return { prefix: layout, std: null, suffix: '' };
}

export const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Go's appendInt(b, x, width): sign, then digits zero-padded to width. */
export function padInt(x: number, width: number): string {
  const digits = String(Math.abs(x)).padStart(width, '0');
  return x < 0 ? `-${digits}` : digits;
}

function formatOffset(std: Std, offset: number): string {
  if (std.startsWith('Z') && offset === 0) return 'Z';
  const zone = Math.trunc(offset / 60);
  const abs = Math.abs(zone);
  let out = (zone < 0 ? '-' : '+') + padInt(Math.floor(abs / 60), 2);
  const colon = std.includes(':');
  if (std !== '-07' && std !== 'Z07') out += (colon ? ':' : '') + padInt(abs % 60, 2);
  if (std.endsWith('0000') || std.endsWith(':00:00')) out += (colon ? ':' : '') + padInt(Math.abs(offset) % 60, 2);
  return out;
}

function formatFrac(nsec: number, digits: number, sep: string, trim: boolean): string {
  if (trim && (digits === 0 || nsec === 0)) return '';
  let frac = String(nsec).padStart(9, '0');
  if (digits < 9) frac = frac.slice(0, digits);
  if (trim) frac = frac.replace(/0+$/, '');
  return frac === '' ? '' : sep + frac;
}

function formatStd(t: GoTime, c: Chunk): string {
  const f = civil(t);
  const std = c.std;
  const hr12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  switch (std) {
    case '2006':
      return padInt(f.year, 4);
    case '06':
      return padInt(f.year % 100, 2);
    case 'Jan':
      return (LONG_MONTHS[f.month - 1] ?? '').slice(0, 3);
    case 'January':
      return LONG_MONTHS[f.month - 1] ?? '';
    case '1':
      return String(f.month);
    case '01':
      return padInt(f.month, 2);
    case 'Mon':
      return (LONG_DAYS[f.weekday] ?? '').slice(0, 3);
    case 'Monday':
      return LONG_DAYS[f.weekday] ?? '';
    case '2':
      return String(f.day);
    case '_2':
      return String(f.day).padStart(2, ' ');
    case '02':
      return padInt(f.day, 2);
    case '__2':
      return String(f.yday).padStart(3, ' ');
    case '002':
      return padInt(f.yday, 3);
    case '15':
      return padInt(f.hour, 2);
    case '3':
      return String(hr12);
    case '03':
      return padInt(hr12, 2);
    case '4':
      return String(f.minute);
    case '04':
      return padInt(f.minute, 2);
    case '5':
      return String(f.second);
    case '05':
      return padInt(f.second, 2);
    case 'PM':
      return f.hour >= 12 ? 'PM' : 'AM';
    case 'pm':
      return f.hour >= 12 ? 'pm' : 'am';
    case 'MST':
      return t.zone !== '' ? t.zone : formatOffset('-0700', t.offsetSeconds);
    case 'frac0':
      return formatFrac(f.nsec, c.digits ?? 0, c.sep ?? '.', false);
    case 'frac9':
      return formatFrac(f.nsec, c.digits ?? 0, c.sep ?? '.', true);
    case null:
      return '';
    default:
      return formatOffset(std, t.offsetSeconds);
  }
}

/** time.Time.Format. */
export function formatLayout(t: GoTime, layoutIn: string): string {
  let out = '';
  let layout = layoutIn;
  while (layout !== '') {
    const c = nextStdChunk(layout);
    out += c.prefix;
    if (c.std === null) break;
    out += formatStd(t, c);
    layout = c.suffix;
  }
  return out;
}
