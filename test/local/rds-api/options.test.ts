import { describe, expect, it } from 'vitest';
import { parseDelays, parseDuration, parseQuotas, resolveOptions } from '../../../local/rds-api/options.js';

describe('options', () => {
  it('parses CLI delays in kebab or camel case with units', () => {
    expect(parseDelays('creating=2s,export-running=500ms,copying=1m,deleting=5')).toEqual({
      creating: 2000,
      exportRunning: 500,
      copying: 60_000,
      deleting: 5,
    });
    expect(parseDuration('1.5s')).toBe(1500);
  });

  it('rejects unknown delay names and bad durations', () => {
    expect(() => parseDelays('cooking=2s')).toThrow();
    expect(() => parseDelays('creating=soon')).toThrow(/invalid duration/);
  });

  it('fills RDS defaults for quotas and keeps overrides', () => {
    const o = resolveOptions({ dataDir: '/tmp/x', quotas: { manualSnapshots: 3 } });
    expect(o.quotas).toEqual({
      manualSnapshots: 3,
      manualClusterSnapshots: 100,
      concurrentCopies: 20,
      concurrentClusterCopies: 5,
      concurrentExports: 5,
    });
    expect(o.exportDir).toBe('/tmp/x/s3');
    expect(() => resolveOptions({ dataDir: '/tmp/x', accountId: '42' })).toThrow();
  });
});

describe('parseQuotas', () => {
  it('reads the CLI form and refuses non-positive limits', () => {
    expect(parseQuotas('manualSnapshots=3, concurrentCopies=1')).toEqual({ manualSnapshots: 3, concurrentCopies: 1 });
    expect(() => parseQuotas('manualSnapshots=0')).toThrow();
  });
});
