import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  copyIdentifier,
  exportTaskIdentifier,
  MAX_LENGTH,
  rdsIdentifier,
  snapshotIdentifier,
  temporaryInstanceIdentifier,
} from '../../../../shared/aws/rds/identifiers.js';

const VALID = /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$|^[a-z]$/;
const scope = { runId: 'daily/prod/orders/2026-11-21T02:00:00Z', action: 'backup', phase: 'createSnapshot' };

describe('RDS identifiers', () => {
  it('keeps a clean name readable and adds no hash', () => {
    expect(rdsIdentifier(['orders', 'run-1', 'backup', 'snap'], 255)).toBe('orders-run-1-backup-snap');
  });

  it('cleans a run id into a valid identifier with a stable hash of the exact inputs', () => {
    const id = snapshotIdentifier(scope, 'orders');
    expect(id).toMatch(/^holdfast-orders-daily-prod-orders-2026-11-21t02-00-00z-backup-createsnapshot-[0-9a-f]{8}$/);
    expect(snapshotIdentifier(scope, 'orders')).toBe(id);
    expect(snapshotIdentifier({ ...scope, runId: 'daily/prod/orders/2026-11-21T02:00:00Y' }, 'orders')).not.toBe(id);
  });

  it('distinguishes inputs that clean up to the same text', () => {
    expect(rdsIdentifier(['a/b'], 63)).not.toBe(rdsIdentifier(['a-b'], 63));
    expect(rdsIdentifier(['a/b'], 63)).not.toBe(rdsIdentifier(['a_b'], 63));
  });

  it('cuts long names to the limit with the hash, never ending in a hyphen', () => {
    const id = temporaryInstanceIdentifier({ ...scope, runId: 'x'.repeat(80) }, 'orders');
    expect(id.length).toBeLessThanOrEqual(MAX_LENGTH.instance);
    expect(id).toMatch(VALID);
  });

  it('starts with a letter whatever the inputs start with', () => {
    expect(rdsIdentifier(['2026-backup'], 63)).toMatch(/^hf-2026-backup-[0-9a-f]{8}$/);
  });

  it('is always valid for its type, for any inputs', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (runId, phase, db) => {
        const s = { runId, action: 'backup', phase };
        for (const [id, max] of [
          [snapshotIdentifier(s, db), MAX_LENGTH.snapshot],
          [copyIdentifier(s, db, 'eu-west-1'), MAX_LENGTH.snapshot],
          [exportTaskIdentifier(s, db), MAX_LENGTH.exportTask],
          [temporaryInstanceIdentifier(s, db), MAX_LENGTH.instance],
        ] as const) {
          expect(id).toMatch(VALID);
          expect(id.length).toBeLessThanOrEqual(max);
        }
      }),
    );
  });
});
