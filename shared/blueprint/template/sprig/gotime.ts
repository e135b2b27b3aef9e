/**
 * Go's time package pieces sprig's date functions need: calendar fields of a time.Time, time.Date, zones by IANA
 * name (Go's tzdata abbreviations via Intl, best effort), and time.Duration parsing and printing.
 * Layout formatting and parsing live in gotime-layout.ts and gotime-parse.ts.
 *
 * The controller's Local zone is UTC (Kanister's container has no zone database configured).
 */
import { GoTime } from '../values.js';

const NS = 1_000_000_000n;
const DAY = 86_400;

export interface Civil {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly nsec: number;
  readonly weekday: number; // 0 = Sunday
  readonly yday: number; // 1-366
}

const floorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));

/** Days since 1970-01-01 → proleptic Gregorian date (Howard Hinnant's civil_from_days). */
function civilFromDays(z0: number): { year: number; month: number; day: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Proleptic Gregorian date → days since 1970-01-01 (month and day may overflow, as time.Date allows). */
export function daysFromCivil(y0: number, m0: number, d: number): number {
  const m1 = m0 - 1;
  const y = y0 + Math.floor(m1 / 12);
  const m = (((m1 % 12) + 12) % 12) + 1;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

export function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The wall-clock fields of t in its own zone. */
export function civil(t: GoTime): Civil {
  const sec = floorDiv(t.unixNanos, NS);
  const nsec = Number(t.unixNanos - sec * NS);
  const local = sec + BigInt(t.offsetSeconds);
  const days = Number(floorDiv(local, BigInt(DAY)));
  const sod = Number(local - BigInt(days) * BigInt(DAY));
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(sod / 3600),
    minute: Math.floor((sod % 3600) / 60),
    second: sod % 60,
    nsec,
    weekday: (((days + 4) % 7) + 7) % 7,
    yday: days - daysFromCivil(year, 1, 1) + 1,
  };
}

/** time.Date(year, month, day, hour, min, sec, nsec, zone) for a fixed offset; fields may overflow. */
export function dateOf(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ns: number,
  offset: number,
  zone: string,
): GoTime {
  const days = BigInt(daysFromCivil(y, mo, d));
  const secs = days * BigInt(DAY) + BigInt(h * 3600 + mi * 60 + s) - BigInt(offset);
  return new GoTime(secs * NS + BigInt(ns), offset, zone);
}

export const utcTime = (t: GoTime): GoTime => new GoTime(t.unixNanos, 0, 'UTC');

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  if (!formatters.has(zone)) {
    let f: Intl.DateTimeFormat | null = null;
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
      const canonical = f.resolvedOptions().timeZone;
      // Go opens zoneinfo files by exact (case-sensitive) name; a name that differs from ICU's only in case is unknown.
      if (canonical !== zone && canonical.toLowerCase() === zone.toLowerCase()) f = null;
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return formatters.get(zone) ?? null;
}

function offsetAt(f: Intl.DateTimeFormat, ms: number): number {
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const year = p.era === 'BC' ? 1 - Number(p.year) : Number(p.year);
  const wall =
    daysFromCivil(year, Number(p.month), Number(p.day)) * DAY +
    Number(p.hour) * 3600 +
    Number(p.minute) * 60 +
    Number(p.second);
  return wall - Math.floor(ms / 1000);
}

/** tzdata abbreviations ICU does not know in English: [standard, daylight saving]. */
const TZDATA_ABBR: Readonly<Record<string, readonly [string, string]>> = Object.fromEntries(
  (
    [
      ['IST IST', 'Asia/Kolkata Asia/Calcutta'],
      ['CST CDT', 'Asia/Shanghai Asia/Chongqing Asia/Chungking Asia/Harbin Asia/Taipei PRC ROC'],
      ['JST JDT', 'Asia/Tokyo Japan'],
      ['KST KDT', 'Asia/Seoul ROK'],
      ['HKT HKST', 'Asia/Hong_Kong Hongkong'],
      ['PST PDT', 'Asia/Manila'],
      ['PKT PKST', 'Asia/Karachi'],
      ['WIB WIB', 'Asia/Jakarta Asia/Pontianak'],
      ['WITA WITA', 'Asia/Makassar'],
      ['WIT WIT', 'Asia/Jayapura'],
      ['IST IDT', 'Asia/Jerusalem Asia/Tel_Aviv Israel'],
      ['MSK MSD', 'Europe/Moscow Europe/Simferopol W-SU'],
      ['SAST SAST', 'Africa/Johannesburg Africa/Maseru Africa/Mbabane'],
      ['EET EEST', 'Africa/Cairo Egypt'],
      ['WAT WAT', 'Africa/Lagos Africa/Kinshasa Africa/Luanda Africa/Douala Africa/Libreville'],
      ['EAT EAT', 'Africa/Nairobi Africa/Addis_Ababa Africa/Dar_es_Salaam Africa/Kampala Africa/Mogadishu'],
      ['CAT CAT', 'Africa/Maputo Africa/Harare Africa/Lusaka Africa/Gaborone Africa/Kigali'],
      [
        'AEST AEDT',
        'Australia/Sydney Australia/Melbourne Australia/Canberra Australia/Hobart Australia/ACT Australia/NSW Australia/Victoria Australia/Tasmania Australia/Brisbane Australia/Queensland',
      ],
      ['ACST ACDT', 'Australia/Adelaide Australia/Darwin Australia/South Australia/North'],
      ['AWST AWDT', 'Australia/Perth Australia/West'],
      ['NZST NZDT', 'Pacific/Auckland NZ'],
      ['GMT IST', 'Europe/Dublin Eire'],
      ['NST NDT', 'America/St_Johns Canada/Newfoundland'],
    ] as const
  ).flatMap(([abbr, zones]) =>
    zones.split(' ').map((z) => [z, abbr.split(' ') as unknown as readonly [string, string]]),
  ),
);

function icuAbbreviation(zone: string, locale: string, ms: number): string | undefined {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName')?.value;
}

/** tzdata-style abbreviation: a known name, ICU's English name where it has one, else "+03" / "+0530". */
function abbreviation(zone: string, f: Intl.DateTimeFormat, ms: number, offset: number): string {
  const known = TZDATA_ABBR[zone];
  if (known) {
    const year = new Date(ms).getUTCFullYear();
    const jan = offsetAt(f, Date.UTC(year, 0, 1));
    const jul = offsetAt(f, Date.UTC(year, 6, 1));
    return offset === Math.max(jan, jul) && jan !== jul ? known[1] : known[0];
  }
  // en-GB knows European names (CET, BST, WEST); elsewhere it invents some tzdata lacks (Dubai "GST").
  const locales = /^(Europe|Africa)\//.test(zone) ? ['en-US', 'en-GB'] : ['en-US'];
  for (const locale of locales) {
    const name = icuAbbreviation(zone, locale, ms);
    if (name !== undefined && /^[A-Z]{2,5}$/.test(name) && (name !== 'GMT' || offset === 0)) return name;
  }
  const a = Math.abs(offset);
  const mm = a % 3600 === 0 ? '' : String(Math.floor((a % 3600) / 60)).padStart(2, '0');
  return `${offset < 0 ? '-' : '+'}${String(Math.floor(a / 3600)).padStart(2, '0')}${mm}`;
}

/** t.In(time.LoadLocation(name)); null if Go could not load the zone (sprig then uses UTC). */
export function inZone(t: GoTime, name: string): GoTime | null {
  if (name === '' || name === 'UTC' || name === 'Local') return utcTime(t);
  if (!/^[A-Za-z0-9_+\-/]+$/.test(name) || name.startsWith('/') || name.includes('..')) return null;
  const f = formatter(name);
  if (f === null) return null;
  const ms = Number(floorDiv(t.unixNanos, 1_000_000n));
  const offset = offsetAt(f, ms);
  return new GoTime(t.unixNanos, offset, abbreviation(name, f, ms, offset));
}

export function nowTime(): GoTime {
  const ns = process.hrtime.bigint() % 1_000_000n;
  return new GoTime(BigInt(Date.now()) * 1_000_000n + ns, 0, 'UTC');
}
