import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRetention,
  type GfsPeriod,
  gfsPeriods,
  periodKeys,
  type RetainablePoint,
} from '../../../shared/policy/retention.js';
import type { RetentionCounts } from '../../../shared/policy/schema.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const pointArb = fc.record({
  time: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2026, 0, 1) }),
  complete: fc.boolean(),
});
const pointsArb = fc
  .array(pointArb, { maxLength: 120 })
  .map((ps): RetainablePoint[] => ps.map((p, i) => ({ id: `rp-${i}`, time: new Date(p.time), complete: p.complete })));
const countsArb = fc
  .record({
    hourly: fc.nat(6),
    daily: fc.nat(6),
    weekly: fc.nat(6),
    monthly: fc.nat(6),
    yearly: fc.nat(3),
  })
  .filter((c) => Object.values(c).some((n) => n > 0));
const zoneArb = fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata');
const nowArb = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 1, 1) }).map((t) => new Date(t));

const sum = (c: RetentionCounts) => c.hourly + c.daily + c.weekly + c.monthly + c.yearly;

describe('applyRetention properties', () => {
  it('never keeps more complete points than the counts add up to', () => {
    fc.assert(
      fc.property(pointsArb, countsArb, nowArb, zoneArb, (points, counts, now, timeZone) => {
        const keep = new Set(applyRetention(points, counts, now, { timeZone }).keep);
        return points.filter((p) => p.complete && keep.has(p.id)).length <= sum(counts);
      }),
    );
  });

  it('tags, per period, the newest point of each of the N most recent periods that hold one', () => {
    fc.assert(
      fc.property(pointsArb, countsArb, nowArb, zoneArb, (points, counts, now, timeZone) => {
        const r = applyRetention(points, counts, now, { timeZone });
        const complete = points.filter((p) => p.complete);
        for (const period of gfsPeriods) {
          const keyOf = (p: RetainablePoint) => periodKeys(p.time.getTime(), timeZone)[period];
          const tagged = complete.filter((p) => r.tags.get(p.id)?.includes(period));
          const periods = new Set(complete.map(keyOf));
          expect(tagged.length).toBe(Math.min(counts[period], periods.size));
          expect(new Set(tagged.map(keyOf)).size).toBe(tagged.length);
          for (const p of tagged) {
            expect(complete.some((q) => keyOf(q) === keyOf(p) && q.time > p.time)).toBe(false);
          }
          const taggedPeriods = new Set(tagged.map(keyOf));
          const oldestTagged = Math.min(...tagged.map((p) => p.time.getTime()));
          for (const q of complete.filter((x) => !taggedPeriods.has(keyOf(x)))) {
            expect(q.time.getTime()).toBeLessThan(oldestTagged);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('never expires the newest complete point', () => {
    fc.assert(
      fc.property(pointsArb, countsArb, nowArb, zoneArb, (points, counts, now, timeZone) => {
        const newest = points.filter((p) => p.complete).sort((a, b) => b.time.getTime() - a.time.getTime())[0];
        const r = applyRetention(points, counts, now, { timeZone });
        return newest === undefined || (r.keep.includes(newest.id) && !r.expire.includes(newest.id));
      }),
    );
  });

  it('splits every point into keep or expire, and tags exactly the kept complete points', () => {
    fc.assert(
      fc.property(pointsArb, countsArb, nowArb, zoneArb, (points, counts, now, timeZone) => {
        const r = applyRetention(points, counts, now, { timeZone });
        const ids = points.map((p) => p.id);
        const keptComplete = points.filter((p) => p.complete && r.keep.includes(p.id)).map((p) => p.id);
        expect([...r.keep, ...r.expire].sort()).toEqual([...ids].sort());
        expect([...r.tags.keys()].sort()).toEqual(keptComplete.sort());
      }),
    );
  });

  it('is idempotent: applied to what it kept, it expires nothing and tags the same', () => {
    fc.assert(
      fc.property(pointsArb, countsArb, nowArb, zoneArb, (points, counts, now, timeZone) => {
        const first = applyRetention(points, counts, now, { timeZone });
        const kept = points.filter((p) => first.keep.includes(p.id));
        const second = applyRetention(kept, counts, now, { timeZone });
        expect(second.expire).toEqual([]);
        expect(second.tags).toEqual(first.tags);
      }),
    );
  });
});

/** The GFS set computed independently: UTC calendar arithmetic, bucket by bucket. */
function expectedUtcKeep(points: readonly RetainablePoint[], counts: RetentionCounts): Set<string> {
  const bucketOf: Record<GfsPeriod, (t: number) => number> = {
    hourly: (t) => Math.floor(t / HOUR),
    daily: (t) => Math.floor(t / DAY),
    // 1970-01-01 was a Thursday; ISO weeks start on Monday 1969-12-29.
    weekly: (t) => Math.floor((Math.floor(t / DAY) + 3) / 7),
    monthly: (t) => new Date(t).getUTCFullYear() * 12 + new Date(t).getUTCMonth(),
    yearly: (t) => new Date(t).getUTCFullYear(),
  };
  const keep = new Set<string>();
  for (const period of Object.keys(bucketOf) as GfsPeriod[]) {
    const newestPerBucket = new Map<number, RetainablePoint>();
    for (const p of points.filter((x) => x.complete)) {
      const b = bucketOf[period](p.time.getTime());
      const cur = newestPerBucket.get(b);
      if (!cur || cur.time < p.time) newestPerBucket.set(b, p);
    }
    const buckets = [...newestPerBucket.keys()].sort((a, b) => b - a).slice(0, counts[period]);
    for (const b of buckets) keep.add(newestPerBucket.get(b)?.id ?? '');
  }
  return keep;
}

function hourlyYear(skip: (i: number) => boolean = () => false): RetainablePoint[] {
  const start = Date.UTC(2025, 0, 1);
  const out: RetainablePoint[] = [];
  for (let i = 0; i < 365 * 24; i++) {
    if (!skip(i)) out.push({ id: `h${i}`, time: new Date(start + i * HOUR), complete: true });
  }
  return out;
}

describe('a year of hourly restore points', () => {
  const counts: RetentionCounts = { hourly: 24, daily: 7, weekly: 4, monthly: 12, yearly: 2 };
  const now = new Date(Date.UTC(2026, 0, 1, 0, 30));

  it('keeps exactly the GFS set', () => {
    const points = hourlyYear();
    const r = applyRetention(points, counts, now);
    const expected = expectedUtcKeep(points, counts);
    expect(new Set(r.keep)).toEqual(expected);
    // 24 hourly (the last day), 6 more days, 3 more weeks, 11 more months: the Sundays and month ends overlap.
    expect(r.keep.length).toBe(expected.size);
    expect(r.expire.length).toBe(points.length - expected.size);
    expect(r.tags.get('h8759')).toEqual(['hourly', 'daily', 'weekly', 'monthly', 'yearly']);
    expect(r.tags.get('h743')).toEqual(['monthly']); // 2025-01-31T23:00Z, newest of January
  });

  it('keeps exactly the GFS set when backups had gaps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 2, max: 9 }), (seed, mod) => {
        const points = hourlyYear((i) => ((i * 2654435761 + seed) >>> 0) % mod === 0);
        expect(new Set(applyRetention(points, counts, now).keep)).toEqual(expectedUtcKeep(points, counts));
      }),
      { numRuns: 6 },
    );
  });
});

describe('periods and incomplete points', () => {
  const t = (s: string) => new Date(s);

  it("reads days on the policy's wall clock", () => {
    const points: RetainablePoint[] = [
      { id: 'noon', time: t('2025-01-01T12:00Z'), complete: true },
      { id: 'late', time: t('2025-01-01T22:30Z'), complete: true }, // 23:30 in Berlin, 1 January
      { id: 'after', time: t('2025-01-01T23:30Z'), complete: true }, // 00:30 in Berlin, 2 January
    ];
    const now = t('2025-01-03T00:00Z');
    expect(applyRetention(points, { daily: 2 }, now).keep).toEqual(['after']);
    expect(applyRetention(points, { daily: 2 }, now, { timeZone: 'Europe/Berlin' }).keep).toEqual(['late', 'after']);
  });

  it('counts the hour a fall-back transition repeats as two hours', () => {
    const points: RetainablePoint[] = [
      { id: 'cest', time: t('2025-10-26T00:30Z'), complete: true }, // 02:30 CEST
      { id: 'cet', time: t('2025-10-26T01:30Z'), complete: true }, // 02:30 CET
    ];
    const r = applyRetention(points, { hourly: 2 }, t('2025-10-27T00:00Z'), { timeZone: 'Europe/Berlin' });
    expect(r.keep).toEqual(['cest', 'cet']);
  });

  it('weeks run Monday to Sunday', () => {
    const points: RetainablePoint[] = [
      { id: 'sun', time: t('2025-01-05T10:00Z'), complete: true },
      { id: 'mon', time: t('2025-01-06T10:00Z'), complete: true },
      { id: 'tue', time: t('2025-01-07T10:00Z'), complete: true },
    ];
    expect(applyRetention(points, { weekly: 2 }, t('2025-01-08T00:00Z')).keep).toEqual(['sun', 'tue']);
  });

  it('never lets an incomplete point fill a period, and expires it once superseded and past the grace', () => {
    const now = t('2025-01-10T00:00Z');
    const points: RetainablePoint[] = [
      { id: 'old-failed', time: t('2025-01-08T00:00Z'), complete: false },
      { id: 'good', time: t('2025-01-09T20:00Z'), complete: true },
      { id: 'recent-failed', time: t('2025-01-09T12:00Z'), complete: false }, // superseded, but < 24 h old
      { id: 'running', time: t('2025-01-09T23:00Z'), complete: false }, // newer than every complete point
    ];
    const r = applyRetention(points, { hourly: 1 }, now);
    expect(r.keep).toEqual(['good', 'recent-failed', 'running']);
    expect(r.expire).toEqual(['old-failed']);
    expect(r.tags.has('running')).toBe(false);
    expect(applyRetention(points, { hourly: 1 }, now, { incompleteGraceMs: 0 }).expire).toEqual([
      'old-failed',
      'recent-failed',
    ]);
  });

  it('keeps incomplete points when no complete one exists', () => {
    const points = [{ id: 'only', time: t('2024-01-01T00:00Z'), complete: false }];
    expect(applyRetention(points, { daily: 1 }, t('2025-01-01T00:00Z')).keep).toEqual(['only']);
  });
});
