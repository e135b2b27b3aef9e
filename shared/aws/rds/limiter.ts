/**
 * Concurrency limits RDS enforces by refusing work — 20 instance-snapshot copies (5 cluster-snapshot copies) in
 * progress per destination region, 5 export tasks per account — enforced here by WAITING for a free slot instead.
 * A slot is free when RDS lists fewer copies/exports in progress than the limit, counting the ones this process has
 * just been granted and RDS may not list yet (so concurrent phases of one process cannot overshoot). The wait is a
 * run wait, polled with backoff, so a durable run pays nothing while queued. If RDS still refuses (another process
 * took the slot first), the slot is given back and the phase queues again after a pause.
 */
import { DescribeExportTasksCommand } from '@aws-sdk/client-rds';
import { WaitTimeoutError } from '../../blueprint/run-context.js';
import type { DbKind } from './describe.js';
import { hasRdsCode } from './errors.js';
import { listManualSnapshots } from './quota.js';
import type { RdsSession } from './session.js';
import { waitUntil } from './waits.js';

export interface SlotPool {
  readonly kind: 'rds-copy-slot' | 'rds-export-slot';
  /** What the limit applies to, e.g. `copies:instance:eu-west-1`. */
  readonly scope: string;
  readonly limit: number;
  /** How long a phase may queue for a slot. */
  readonly timeoutSeconds: number;
  /** Identifiers of the copies / export tasks RDS reports in progress. */
  readonly inFlight: () => Promise<Set<string>>;
  /** Whether an error is RDS refusing for lack of capacity (queue again) rather than a failure. */
  readonly isRefusal: (err: unknown) => boolean;
}

// Process-wide on purpose: the limit is per account and region, shared by every run this process executes.
const granted = new Map<string, Set<string>>();

const IN_PROGRESS_COPY = new Set(['pending', 'creating', 'copying']);

export function copySlots(s: RdsSession, kind: DbKind, region: string): SlotPool {
  return {
    kind: 'rds-copy-slot',
    scope: `copies:${kind}:${region}`,
    limit: kind === 'instance' ? s.limits.instanceCopies : s.limits.clusterCopies,
    timeoutSeconds: s.timeouts.copySeconds,
    inFlight: async () => {
      const snapshots = await listManualSnapshots(s, kind, region);
      const copying = snapshots.filter((x) => x.copiedFrom !== undefined && IN_PROGRESS_COPY.has(x.status));
      return new Set(copying.map((x) => x.id.toLowerCase()));
    },
    isRefusal: (err) => hasRdsCode(err, 'SnapshotQuotaExceeded') && /cop(y|ies)/i.test(String(err)),
  };
}

export function exportSlots(s: RdsSession): SlotPool {
  return {
    kind: 'rds-export-slot',
    // RDS counts exports per account; the tasks of the session's region are what one Describe lists.
    scope: `exports:${s.region}`,
    limit: s.limits.exports,
    timeoutSeconds: s.timeouts.exportSeconds,
    inFlight: async () => {
      const out = await s.send('DescribeExportTasks', s.region, (c, signal) =>
        c.send(new DescribeExportTasksCommand({ MaxRecords: 100 }), { abortSignal: signal }),
      );
      const running = (out.ExportTasks ?? []).filter((t) =>
        ['STARTING', 'IN_PROGRESS', 'CANCELING'].includes(t.Status ?? ''),
      );
      return new Set(running.map((t) => (t.ExportTaskIdentifier ?? '').toLowerCase()));
    },
    isRefusal: (err) => hasRdsCode(err, 'ExportTaskLimitReached'),
  };
}

/** Runs `work` (which starts the copy/export and waits for it) holding a slot of `pool`. */
export async function withSlot<T>(s: RdsSession, pool: SlotPool, id: string, work: () => Promise<T>): Promise<T> {
  const key = id.toLowerCase();
  for (let refusals = 0; ; refusals++) {
    await waitUntil(s, {
      kind: pool.kind,
      id: `${pool.scope}/${key}`,
      timeoutSeconds: pool.timeoutSeconds,
      check: () => tryGrant(pool, key),
    });
    try {
      return await work();
    } catch (err) {
      if (!pool.isRefusal(err)) throw err;
      s.log.info('RDS refused for lack of capacity; queueing again', { scope: pool.scope, id });
    } finally {
      granted.get(pool.scope)?.delete(key);
    }
    await pause(s, pool, key, Math.min(s.limits.refusalPauseSeconds * 2 ** refusals, 600));
  }
}

async function tryGrant(pool: SlotPool, key: string): Promise<boolean> {
  const busy = await pool.inFlight();
  const mine = granted.get(pool.scope) ?? new Set<string>();
  granted.set(pool.scope, mine);
  if (busy.has(key) || mine.has(key)) return true; // already running (a retried phase) or already granted
  for (const other of mine) busy.add(other);
  if (busy.size >= pool.limit) return false;
  mine.add(key);
  return true;
}

/** A run wait nothing completes: a pause a durable run does not pay for. */
async function pause(s: RdsSession, pool: SlotPool, key: string, seconds: number): Promise<void> {
  try {
    await s.run.waitFor(
      { kind: pool.kind, id: `${pool.scope}/${key}/pause` },
      { timeoutSeconds: seconds, poll: async () => false, signal: s.signal },
    );
  } catch (err) {
    if (!(err instanceof WaitTimeoutError)) throw err;
  }
}
