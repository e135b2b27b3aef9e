import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportRDSSnapshotToLocation } from '../../../../shared/functions/export-rds-snapshot-to-location.js';
import type {
  PostgresDumpRequest,
  PostgresDumpRunner,
  StoredDump,
} from '../../../../shared/functions/rds/dump-runner.js';
import { execExportRDSSnapshotToLocation } from '../../../../shared/functions/rds/export-rds-snapshot-to-location.js';
import { parseFunctionArgs } from '../../../../shared/functions/types.js';
import { FakeRds } from './fake-rds.js';
import { FAST, phaseCall, rdsClients } from './support.js';

const base = { namespace: 'db', instanceID: 'orders', snapshotID: 'orders-snap', dbEngine: 'PostgreSQL' };
const call = (rendered: Record<string, unknown> = {}) =>
  phaseCall(parseFunctionArgs(exportRDSSnapshotToLocation, { ...base, ...rendered }), { phase: 'dump' });

class FakeDumper implements PostgresDumpRunner {
  readonly dumps: PostgresDumpRequest[] = [];
  failWith?: Error;
  /** What the temporary instance looked like while the dump ran. */
  seen?: string;
  constructor(private readonly rds: FakeRds) {}
  async dump(req: PostgresDumpRequest): Promise<StoredDump> {
    this.dumps.push(req);
    this.seen = this.rds.dbs.find((d) => req.host.startsWith(`${d.id}.`))?.status;
    if (this.failWith) throw this.failWith;
    return { path: req.path, size: 10, sha256: 'ab' };
  }
  async restore(): Promise<void> {}
}

describe('ExportRDSSnapshotToLocation (RDS half, with a fake dump runner)', () => {
  let rds: FakeRds;
  let dumper: FakeDumper;
  beforeEach(() => {
    rds = new FakeRds();
    rds.addDb({ id: 'orders', securityGroups: ['sg-app'] });
    rds.addSnapshot({ id: 'orders-snap', sourceDb: 'orders' });
    dumper = new FakeDumper(rds);
  });
  afterEach(() => rds.restore());

  it('restores a temporary instance, hands its endpoint to the dump, deletes it, and returns the outputs', async () => {
    const out = await execExportRDSSnapshotToLocation(
      call({ username: 'app\n', password: 'pw', databases: '- app\n', backupArtifactPrefix: 'rds/orders' }),
      rdsClients(),
      { ...FAST, dumpRunner: () => dumper },
    );
    const dump = dumper.dumps[0];
    expect(dumper.seen).toBe('available');
    expect(dump).toMatchObject({ namespace: 'db', port: 5432, username: 'app', password: 'pw', databases: ['app'] });
    expect(dump?.host).toMatch(/^holdfast-orders-dump-run-1-backup-dump.*\.rds\.amazonaws\.com$/);
    expect(dump?.path).toBe(`rds/orders/${out.backupID}`);
    expect(out).toMatchObject({ snapshotID: 'orders-snap', instanceID: 'orders', securityGroupID: '- sg-app\n' });
    expect(String(out.backupID)).toMatch(/^backup-[0-9a-f]{8}\.sql\.gz$/);
    expect(rds.dbs.map((d) => d.id)).toEqual(['orders']);
    expect(rds.calls.find((c) => c.command === 'RestoreDBInstanceFromDBSnapshot')?.input).toMatchObject({
      VpcSecurityGroupIds: ['sg-app'],
      DBSubnetGroupName: 'default',
    });
  });

  it('deletes the temporary instance when the dump fails, and reports the dump error', async () => {
    dumper.failWith = new Error('pg_dump: connection refused');
    const err = await execExportRDSSnapshotToLocation(call(), rdsClients(), {
      ...FAST,
      dumpRunner: () => dumper,
    }).catch((e: unknown) => e);
    expect(String(err)).toContain('pg_dump: connection refused');
    expect(rds.dbs.map((d) => d.id)).toEqual(['orders']);
    expect(rds.count('DeleteDBInstance')).toBe(1);
  });

  it('deletes the temporary instance even when the phase is aborted mid-dump', async () => {
    const aborter = new AbortController();
    const c = { ...call(), signal: aborter.signal };
    dumper.dump = async (req) => {
      aborter.abort();
      throw req.signal.reason ?? new Error('aborted');
    };
    await execExportRDSSnapshotToLocation(c, rdsClients(), { ...FAST, dumpRunner: () => dumper }).catch(
      () => undefined,
    );
    expect(rds.dbs.map((d) => d.id)).toEqual(['orders']);
  });

  it('creates nothing when the runtime has no dump runner', async () => {
    const err = await execExportRDSSnapshotToLocation(call(), rdsClients(), FAST).catch((e: unknown) => e);
    expect(String(err)).toContain('no such runner');
    expect(rds.calls).toEqual([]);
  });
});
