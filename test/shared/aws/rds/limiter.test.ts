import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessRunContext } from '../../../../shared/blueprint/in-process-context.js';
import { copyRDSSnapshot } from '../../../../shared/functions/copy-rds-snapshot.js';
import { execCopyRDSSnapshot } from '../../../../shared/functions/rds/copy-rds-snapshot.js';
import { execStartRDSExportTask } from '../../../../shared/functions/rds/start-rds-export-task.js';
import { startRDSExportTask } from '../../../../shared/functions/start-rds-export-task.js';
import { parseFunctionArgs } from '../../../../shared/functions/types.js';
import { ACCOUNT, awsError, FakeRds } from '../../functions/rds/fake-rds.js';
import { FAST, phaseCall, rdsClients, recordingLogger } from '../../functions/rds/support.js';

/** Runs `n` copies at once, each in its own run, and returns the most copies RDS had in progress at any moment. */
async function copyConcurrently(rds: FakeRds, n: number, extra: Record<string, unknown> = {}): Promise<number> {
  let max = 0;
  rds.onCall = (command) => {
    if (!command.startsWith('Copy')) return;
    // Counted after RDS accepted it: the handler runs after onCall, so add the one being started.
    const copying = rds.snapshots.filter((s) => s.region === 'eu-west-1' && s.status === 'copying').length + 1;
    max = Math.max(max, copying);
  };
  const clients = rdsClients();
  await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const run = new InProcessRunContext({ log: recordingLogger(), runId: `run-${i}`, firstPollMs: 1, maxPollMs: 3 });
      const args = parseFunctionArgs(copyRDSSnapshot, { destinationRegion: 'eu-west-1', ...extra });
      return execCopyRDSSnapshot(phaseCall(args, { run, phase: 'copy' }), clients, FAST);
    }),
  );
  return max;
}

describe('copy and export concurrency limits', () => {
  let rds: FakeRds;
  beforeEach(() => {
    rds = new FakeRds();
    rds.ticks = 4; // each copy stays in progress for a few of its own Describes
  });
  afterEach(() => rds.restore());

  it('runs 25 instance-snapshot copies to one region at most 20 at a time, and all of them complete', async () => {
    rds.addSnapshot({ id: 'orders-snap', sourceDb: 'orders' });
    const max = await copyConcurrently(rds, 25, { snapshotID: 'orders-snap' });
    expect(max).toBe(20);
    const copies = rds.snapshots.filter((s) => s.region === 'eu-west-1');
    expect(copies).toHaveLength(25);
    expect(copies.every((s) => s.status === 'available')).toBe(true);
  });

  it('counts copies other processes started (listed by RDS) against the limit', async () => {
    rds.addSnapshot({ id: 'orders-snap', sourceDb: 'orders' });
    for (let i = 0; i < 18; i++) {
      rds.addSnapshot({
        id: `foreign-${i}`,
        region: 'eu-west-1',
        sourceDb: 'other',
        status: 'copying',
        ticks: 1_000_000,
        copiedFrom: `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:x`,
      });
    }
    const max = await copyConcurrently(rds, 5, { snapshotID: 'orders-snap' });
    expect(max).toBe(20);
  });

  it('runs cluster-snapshot copies at most 5 at a time', async () => {
    rds.addSnapshot({ id: 'ledger-snap', sourceDb: 'ledger', kind: 'cluster' });
    const max = await copyConcurrently(rds, 8, { snapshotID: 'ledger-snap', dbEngine: 'aurora-postgresql' });
    expect(max).toBe(5);
  });

  it('queues again when RDS still refuses a copy for capacity, instead of failing', async () => {
    rds.addSnapshot({ id: 'orders-snap', sourceDb: 'orders' });
    rds.fail('CopyDBSnapshot', awsError('SnapshotQuotaExceeded', 'Cannot copy more than 20 snapshots across regions'));
    const args = parseFunctionArgs(copyRDSSnapshot, { snapshotID: 'orders-snap', destinationRegion: 'eu-west-1' });
    const out = await execCopyRDSSnapshot(phaseCall(args, { phase: 'copy' }), rdsClients(), {
      ...FAST,
      limits: { refusalPauseSeconds: 0.001 },
    });
    expect(rds.count('CopyDBSnapshot')).toBe(2);
    expect(rds.snapshot('instance', 'eu-west-1', String(out.snapshotID))?.status).toBe('available');
  });

  it('runs at most 5 export tasks at a time', async () => {
    rds.addSnapshot({ id: 'orders-snap', sourceDb: 'orders' });
    let max = 0;
    rds.onCall = (command) => {
      if (command !== 'StartExportTask') return;
      max = Math.max(max, rds.exports.filter((t) => t.status !== 'COMPLETE').length + 1);
    };
    const clients = rdsClients();
    await Promise.all(
      Array.from({ length: 7 }, (_, i) => {
        const run = new InProcessRunContext({
          log: recordingLogger(),
          runId: `run-${i}`,
          firstPollMs: 1,
          maxPollMs: 3,
        });
        const args = parseFunctionArgs(startRDSExportTask, {
          snapshotID: 'orders-snap',
          s3Bucket: 'exports',
          iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/export`,
          kmsKeyID: 'alias/exports',
        });
        return execStartRDSExportTask(phaseCall(args, { run, phase: 'export' }), clients, FAST);
      }),
    );
    expect(max).toBe(5);
    expect(rds.exports.every((t) => t.status === 'COMPLETE')).toBe(true);
  });
});
