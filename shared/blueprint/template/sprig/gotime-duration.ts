/**
 * time.ParseDuration and time.Duration.String, for sprig's dateModify and ago.
 */

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const LIMIT = 1n << 63n;

/** time.ParseDuration in nanoseconds; null where Go returns an error. */
export function parseDuration(orig: string): bigint | null {
  let s = orig;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return null;
  let d = 0n;
  while (s !== '') {
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(s);
    const whole = m?.[1] ?? '';
    const frac = m?.[2];
    if (whole === '' && (frac === undefined || frac === '')) return null;
    s = s.slice(m?.[0].length ?? 0);
    const unitLen = /^[^0-9.]*/.exec(s)?.[0].length ?? 0;
    const unit = UNITS[s.slice(0, unitLen)];
    if (unitLen === 0 || unit === undefined) return null;
    s = s.slice(unitLen);
    const v = BigInt(whole === '' ? '0' : whole);
    if (v > LIMIT / unit) return null;
    let total = v * unit;
    if (frac !== undefined && /[1-9]/.test(frac)) {
      // Go scales the fraction in float64 (it keeps at most the digits that fit in an int64).
      const digits = frac.slice(0, 18);
      total += BigInt(Math.trunc(Number(digits) * (Number(unit) / 10 ** digits.length)));
      if (total > LIMIT) return null;
    }
    d += total;
    if (d > LIMIT) return null;
  }
  if (neg) return -d;
  return d > LIMIT - 1n ? null : d;
}

/** The fraction of v / 10^prec as ".123" with trailing zeros dropped, and the integer part. */
function frac(v: bigint, prec: number): [string, bigint] {
  const p = 10n ** BigInt(prec);
  const digits = (v % p).toString().padStart(prec, '0').replace(/0+$/, '');
  return [digits === '' ? '' : `.${digits}`, v / p];
}

/** time.Duration.String: "1h2m3.5s", "1.5ms", "0s". */
export function durationString(d: bigint): string {
  const neg = d < 0n;
  const u = neg ? -d : d;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return '0s';
    const [unit, prec] = u < 1_000n ? ['ns', 0] : u < 1_000_000n ? ['µs', 3] : ['ms', 6];
    const [f, i] = frac(u, prec as number);
    out = `${i}${f}${unit}`;
  } else {
    const [f, secs] = frac(u, 9);
    out = `${secs % 60n}${f}s`;
    const mins = secs / 60n;
    if (mins > 0n) {
      out = `${mins % 60n}m${out}`;
      const hours = mins / 60n;
      if (hours > 0n) out = `${hours}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}
