import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rdsEventId, rdsEventSchema, rdsWaitId, waitKeyForRdsEvent } from '../../events/rds.js';
import { repoRoot } from '../support/cli.js';

const dir = join(repoRoot, 'events/samples/aws.rds');
const sample = (name: string) => rdsEventSchema.parse(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')));

describe('aws.rds events', () => {
  it('parses every sample', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const file of files) {
      const parsed = rdsEventSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      expect(parsed.success, `${file}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it.each([
    ['db-snapshot-manual-created', 'rds-snapshot', 'us-east-1:snapshot:orders-daily-createsnapshot-5d41402a'],
    ['db-snapshot-automated-created', 'rds-snapshot', 'us-east-1:snapshot:rds:orders-2026-11-21-04-10'],
    ['db-snapshot-cross-region-copy-finished', 'rds-snapshot', 'eu-west-1:snapshot:orders-daily-copy-9e107d9d'],
    ['db-snapshot-cross-region-copy-canceled', 'rds-snapshot', 'eu-west-1:snapshot:orders-daily-copy-9e107d9d'],
    ['db-snapshot-copy-finished', 'rds-snapshot', 'us-east-1:snapshot:orders-weekly-copy-e4da3b7f'],
    ['db-snapshot-export-completed', 'rds-export', 'us-east-1:snapshot:orders-daily-createsnapshot-5d41402a'],
    ['db-snapshot-export-failed', 'rds-export', 'us-east-1:snapshot:orders-daily-createsnapshot-5d41402a'],
    [
      'db-cluster-snapshot-manual-created',
      'rds-cluster-snapshot',
      'us-east-1:cluster-snapshot:ledger-daily-createsnapshot-1f0e3dad',
    ],
    [
      'db-cluster-snapshot-automated-created',
      'rds-cluster-snapshot',
      'us-east-1:cluster-snapshot:rds:ledger-2026-11-21-03-30',
    ],
    [
      'db-cluster-snapshot-export-completed',
      'rds-export',
      'us-east-1:cluster-snapshot:ledger-daily-createsnapshot-1f0e3dad',
    ],
    ['db-instance-restored', 'rds-instance', 'us-east-1:db:orders'],
    ['db-instance-deleted', 'rds-instance', 'us-east-1:db:orders'],
    ['db-instance-created', 'rds-instance', 'us-east-1:db:orders-export-3c59dc04'],
    ['db-cluster-created', 'rds-cluster', 'us-east-1:cluster:ledger'],
    ['db-snapshot-manual-created-legacy', 'rds-snapshot', 'us-east-1:snapshot:orders-manual-1'],
  ])('%s completes the %s wait %s', (name, kind, id) => {
    expect(waitKeyForRdsEvent(sample(name))).toEqual({ kind, id });
  });

  it('keys waits the way the waiting side names them, case-insensitively', () => {
    expect(rdsWaitId('eu-west-1', 'snapshot', 'Orders-Copy')).toBe('eu-west-1:snapshot:orders-copy');
  });

  it('completes nothing on events that end no wait', () => {
    expect(waitKeyForRdsEvent(sample('db-instance-backing-up'))).toBeUndefined();
  });

  it('recognises events without an EventID by their message', () => {
    expect(rdsEventId(sample('db-snapshot-manual-created-legacy'))).toBe('RDS-EVENT-0042');
    expect(rdsEventId(sample('db-snapshot-deleted-legacy'))).toBe('RDS-EVENT-0041');
  });

  it('rejects an event without a source ARN, naming the field', () => {
    const event = JSON.parse(readFileSync(join(dir, 'db-snapshot-manual-created.json'), 'utf8'));
    delete event.detail.SourceArn;
    const parsed = rdsEventSchema.safeParse(event);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues.map((i) => i.path))).toContain('SourceArn');
  });

  it('rejects a detail whose source type does not match its detail type', () => {
    const event = JSON.parse(readFileSync(join(dir, 'db-snapshot-manual-created.json'), 'utf8'));
    event.detail.SourceType = 'DB_INSTANCE';
    expect(rdsEventSchema.safeParse(event).success).toBe(false);
  });
});
