import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RdsRunError } from '../../../../shared/aws/rds/errors.js';
import { deleteRDSSnapshot } from '../../../../shared/functions/delete-rds-snapshot.js';
import { execDeleteRDSSnapshot } from '../../../../shared/functions/rds/delete-rds-snapshot.js';
import { parseFunctionArgs } from '../../../../shared/functions/types.js';
import { awsError, FakeRds } from './fake-rds.js';
import { FAST, phaseCall, rdsClients, recordingLogger } from './support.js';

const args = (rendered: Record<string, unknown>) => parseFunctionArgs(deleteRDSSnapshot, rendered);

describe('DeleteRDSSnapshot', () => {
  let rds: FakeRds;
  beforeEach(() => {
    rds = new FakeRds();
  });
  afterEach(() => rds.restore());

  it('deletes the DB snapshot and returns no outputs', async () => {
    rds.addSnapshot({ id: 'orders-1', sourceDb: 'orders' });
    rds.addSnapshot({ id: 'orders-2', sourceDb: 'orders' });
    const out = await execDeleteRDSSnapshot(phaseCall(args({ snapshotID: 'orders-1' })), rdsClients(), FAST);
    expect(out).toEqual({});
    expect(rds.snapshots.map((s) => s.id)).toEqual(['orders-2']);
  });

  it('deletes the cluster snapshot for an Aurora engine', async () => {
    rds.addSnapshot({ id: 'ledger-1', sourceDb: 'ledger', kind: 'cluster' });
    await execDeleteRDSSnapshot(
      phaseCall(args({ snapshotID: 'ledger-1', dbEngine: 'aurora-mysql' })),
      rdsClients(),
      FAST,
    );
    expect(rds.snapshots).toEqual([]);
    expect(rds.count('DeleteDBClusterSnapshot')).toBe(1);
  });

  it('counts a snapshot that is already gone as deleted (Kanister), and says so', async () => {
    const log = recordingLogger();
    const out = await execDeleteRDSSnapshot(phaseCall(args({ snapshotID: 'gone' }), { log }), rdsClients(), FAST);
    expect(out).toEqual({});
    expect(log.lines.some((l) => l.message.includes('already gone'))).toBe(true);
  });

  it('fails with a clear error when RDS refuses for a snapshot still being created', async () => {
    rds.addSnapshot({ id: 'busy', sourceDb: 'orders', status: 'creating', ticks: 5 });
    rds.fail(
      'DeleteDBSnapshot',
      awsError('InvalidDBSnapshotState', 'Cannot delete the snapshot because it is not available.'),
    );
    const err = await execDeleteRDSSnapshot(phaseCall(args({ snapshotID: 'busy' })), rdsClients(), FAST).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RdsRunError);
    expect((err as Error).message).toContain('wait for it to finish, then retry');
  });
});
