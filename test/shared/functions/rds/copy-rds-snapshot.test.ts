import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RdsRunError } from '../../../../shared/aws/rds/errors.js';
import { copyRDSSnapshot } from '../../../../shared/functions/copy-rds-snapshot.js';
import { execCopyRDSSnapshot } from '../../../../shared/functions/rds/copy-rds-snapshot.js';
import { parseFunctionArgs } from '../../../../shared/functions/types.js';
import { ACCOUNT, FakeRds } from './fake-rds.js';
import { FAST, phaseCall, rdsClients, recordingLogger } from './support.js';

const args = (rendered: Record<string, unknown>) => parseFunctionArgs(copyRDSSnapshot, rendered);
const call = (rendered: Record<string, unknown>) => phaseCall(args(rendered), { action: 'backup', phase: 'copy' });
const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const SOURCE_ARN = `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:orders-snap`;

describe('CopyRDSSnapshot', () => {
  let rds: FakeRds;
  beforeEach(() => {
    rds = new FakeRds();
    rds.addSnapshot({
      id: 'orders-snap',
      sourceDb: 'orders',
      encrypted: true,
      kmsKeyId: 'arn:aws:kms:us-east-1:1:key/src',
    });
  });
  afterEach(() => rds.restore());

  it('copies in the destination region from the source ARN, with the destination key and tags, and waits', async () => {
    const out = await execCopyRDSSnapshot(
      call({ snapshotID: 'orders-snap', destinationRegion: 'eu-west-1', kmsKeyID: 'alias/backup-eu' }),
      rdsClients(),
      FAST,
    );
    const copy = rds.calls.find((c) => c.command === 'CopyDBSnapshot');
    expect(copy?.region).toBe('eu-west-1');
    expect(copy?.input).toMatchObject({
      SourceDBSnapshotIdentifier: SOURCE_ARN,
      KmsKeyId: 'alias/backup-eu',
      CopyTags: true,
    });
    expect(out).toMatchObject({ region: 'eu-west-1' });
    expect(out).not.toHaveProperty('incremental');
    expect(rds.snapshot('instance', 'eu-west-1', String(out.snapshotID))?.status).toBe('available');
    expect(String(out.snapshotArn)).toMatch(
      /^arn:aws:rds:eu-west-1:\d+:snapshot:holdfast-orders-snap-copy-eu-west-1-run-1/,
    );
  });

  it('refuses an encrypted cross-region copy without a destination key, before calling RDS', async () => {
    const err = await execCopyRDSSnapshot(
      call({ snapshotID: 'orders-snap', destinationRegion: 'eu-west-1' }),
      rdsClients(),
      FAST,
    ).catch((e: unknown) => e);
    expect((err as RdsRunError).code).toBe('KMSKeyRequired');
    expect((err as Error).message).toContain('set kmsKeyID to a key in eu-west-1');
    expect(rds.count('CopyDBSnapshot')).toBe(0);
  });

  it('maps KMSKeyNotAccessible to the grant the runtime role needs', async () => {
    const err = await execCopyRDSSnapshot(
      call({ snapshotID: 'orders-snap', destinationRegion: 'eu-west-1', kmsKeyID: 'alias/inaccessible' }),
      rdsClients(),
      FAST,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RdsRunError);
    expect((err as RdsRunError).code).toBe('KMSKeyNotAccessible');
    expect((err as Error).message).toContain('kms:CreateGrant and kms:DescribeKey');
  });

  it('reports an incremental copy when a previous copy of the same instance with the same key is there', async () => {
    rds.addSnapshot({
      id: 'orders-older-copy',
      region: 'eu-west-1',
      sourceDb: 'orders',
      encrypted: true,
      kmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${KEY}`,
      copiedFrom: `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:orders-older`,
    });
    const log = recordingLogger();
    const c = phaseCall(args({ snapshotID: SOURCE_ARN, destinationRegion: 'eu-west-1', kmsKeyID: KEY }), { log });
    await execCopyRDSSnapshot(c, rdsClients(), FAST);
    expect(log.lines.find((l) => l.message === 'copied the snapshot')?.fields).toMatchObject({ incremental: true });
  });

  it('shares the copy with the given accounts, never publicly', async () => {
    const out = await execCopyRDSSnapshot(
      call({
        snapshotID: 'orders-snap',
        destinationRegion: 'eu-west-1',
        kmsKeyID: 'alias/k',
        shareWithAccounts: ['210987654321'],
      }),
      rdsClients(),
      FAST,
    );
    expect(rds.snapshot('instance', 'eu-west-1', String(out.snapshotID))?.shared).toEqual(['210987654321']);
  });

  it('a retried copy adopts the copy its first attempt started', async () => {
    const first = await execCopyRDSSnapshot(
      call({ snapshotID: 'orders-snap', destinationRegion: 'eu-west-1', kmsKeyID: 'alias/k' }),
      rdsClients(),
      FAST,
    );
    const again = await execCopyRDSSnapshot(
      call({ snapshotID: 'orders-snap', destinationRegion: 'eu-west-1', kmsKeyID: 'alias/k' }),
      rdsClients(),
      FAST,
    );
    expect(again.snapshotID).toBe(first.snapshotID);
    expect(rds.count('CopyDBSnapshot')).toBe(1);
  });

  it('copies an Aurora cluster snapshot with CopyDBClusterSnapshot', async () => {
    rds.addSnapshot({ id: 'ledger-snap', sourceDb: 'ledger', kind: 'cluster' });
    const out = await execCopyRDSSnapshot(
      call({ snapshotID: 'ledger-snap', dbEngine: 'aurora-postgresql', destinationRegion: 'us-west-2' }),
      rdsClients(),
      FAST,
    );
    expect(rds.count('CopyDBClusterSnapshot')).toBe(1);
    expect(rds.snapshot('cluster', 'us-west-2', String(out.snapshotID))?.status).toBe('available');
  });

  it('says which snapshot was not found where', async () => {
    const err = await execCopyRDSSnapshot(
      call({ snapshotID: 'nope', sourceRegion: 'us-east-1', destinationRegion: 'eu-west-1', kmsKeyID: 'alias/k' }),
      rdsClients(),
      FAST,
    ).catch((e: unknown) => e);
    expect((err as RdsRunError).code).toBe('DBSnapshotNotFound');
    expect((err as Error).message).toContain('no such source snapshot in us-east-1');
  });
});
