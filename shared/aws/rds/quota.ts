/**
 * The manual-snapshot quota pre-check: RDS allows 100 manual DB snapshots and 100 manual DB cluster snapshots per
 * region (copies count), and refuses the 101st with a bare "Cannot create more than 100 manual snapshots". Holdfast
 * counts first and fails with how many exist, where, and which to expire.
 */
import { DescribeDBClusterSnapshotsCommand, DescribeDBSnapshotsCommand, type RDSClient } from '@aws-sdk/client-rds';
import { clusterSnapshotInfo, type DbKind, dbSnapshotInfo, type SnapshotInfo } from './describe.js';
import { RdsRunError } from './errors.js';
import type { RdsSession } from './session.js';

/** Every manual snapshot of `kind` in `region`. */
export async function listManualSnapshots(s: RdsSession, kind: DbKind, region = s.region): Promise<SnapshotInfo[]> {
  const out: SnapshotInfo[] = [];
  let marker: string | undefined;
  do {
    const page = await s.send(
      kind === 'instance' ? 'DescribeDBSnapshots' : 'DescribeDBClusterSnapshots',
      region,
      (client, signal) => manualPage(client, kind, marker, signal),
      region,
    );
    out.push(...page.items);
    marker = page.marker;
  } while (marker);
  return out;
}

async function manualPage(
  client: RDSClient,
  kind: DbKind,
  marker: string | undefined,
  abortSignal: AbortSignal,
): Promise<{ items: SnapshotInfo[]; marker?: string }> {
  const query = { SnapshotType: 'manual', MaxRecords: 100, Marker: marker };
  if (kind === 'instance') {
    const r = await client.send(new DescribeDBSnapshotsCommand(query), { abortSignal });
    return { items: (r.DBSnapshots ?? []).map((x) => dbSnapshotInfo(x)), marker: r.Marker };
  }
  const r = await client.send(new DescribeDBClusterSnapshotsCommand(query), { abortSignal });
  return { items: (r.DBClusterSnapshots ?? []).map((x) => clusterSnapshotInfo(x)), marker: r.Marker };
}

/** Throws `SnapshotQuotaExceeded` with advice when creating one more manual snapshot would be refused. */
export async function checkManualSnapshotQuota(
  s: RdsSession,
  kind: DbKind,
  operation: string,
  resource: string,
  region = s.region,
): Promise<void> {
  const snapshots = await listManualSnapshots(s, kind, region);
  if (snapshots.length < s.snapshotQuota) return;
  const oldest = [...snapshots]
    .sort((a, b) => (a.createTime?.getTime() ?? 0) - (b.createTime?.getTime() ?? 0))
    .slice(0, 3)
    .map((x) => x.id);
  const noun = kind === 'instance' ? 'manual DB snapshots' : 'manual DB cluster snapshots';
  throw new RdsRunError(
    'SnapshotQuotaExceeded',
    operation,
    resource,
    `${snapshots.length} ${noun} exist in ${region} (limit ${s.snapshotQuota})`,
    `expire restore points or delete snapshots (oldest: ${oldest.join(', ')}) before creating more; copies count too`,
  );
}
