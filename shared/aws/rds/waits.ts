/**
 * Every RDS wait: registered under the resource's key (events/rds.ts) BEFORE the call that can complete it
 * (`start`), completed by the resource's `aws.rds` event or by polling, and confirmed with a Describe afterwards —
 * an event is a hint (it may be about another transition of the same resource, or a duplicate), so a wait only
 * ends when `check` agrees. `check` returns true when done and throws an `RdsRunError` on a terminal failure.
 */
import { type RdsResourceType, type RdsWaitKind, rdsWaitId } from '../../../events/rds.js';
import { WaitTimeoutError } from '../../blueprint/run-context.js';
import type { DbKind } from './describe.js';
import type { RdsSession } from './session.js';

export interface RdsWait<T> {
  readonly kind: RdsWaitKind | 'rds-copy-slot' | 'rds-export-slot';
  readonly id: string;
  readonly timeoutSeconds: number;
  readonly start?: () => Promise<T>;
  readonly check: () => Promise<boolean>;
}

export async function waitUntil<T = void>(s: RdsSession, wait: RdsWait<T>): Promise<T> {
  const key = { kind: wait.kind, id: wait.id };
  const deadline = s.run.now().getTime() + wait.timeoutSeconds * 1000;
  let done = false;
  const poll = async () => {
    done = await wait.check();
    return done;
  };
  const started = await s.run.waitFor(key, {
    timeoutSeconds: wait.timeoutSeconds,
    poll,
    start: wait.start,
    signal: s.signal,
  });
  while (!done && !(await poll())) {
    // Woken by an event the resource's state does not (yet) reflect: keep waiting for the rest of the time.
    const left = Math.ceil((deadline - s.run.now().getTime()) / 1000);
    if (left <= 0) throw new WaitTimeoutError(key, wait.timeoutSeconds);
    await s.run.waitFor(key, { timeoutSeconds: left, poll, signal: s.signal });
  }
  return started;
}

export const snapshotWaitKind = (kind: DbKind): RdsWaitKind =>
  kind === 'instance' ? 'rds-snapshot' : 'rds-cluster-snapshot';

export const dbWaitKind = (kind: DbKind): RdsWaitKind => (kind === 'instance' ? 'rds-instance' : 'rds-cluster');

const SNAPSHOT_TYPE: Record<DbKind, RdsResourceType> = { instance: 'snapshot', cluster: 'cluster-snapshot' };
const DB_TYPE: Record<DbKind, RdsResourceType> = { instance: 'db', cluster: 'cluster' };

export const snapshotWaitId = (kind: DbKind, region: string, id: string): string =>
  rdsWaitId(region, SNAPSHOT_TYPE[kind], id);

export const dbWaitId = (kind: DbKind, region: string, id: string): string => rdsWaitId(region, DB_TYPE[kind], id);

/** Export waits are keyed by the exported snapshot: RDS's export events name it, not the task. */
export const exportWaitId = (kind: DbKind, region: string, snapshotId: string): string =>
  rdsWaitId(region, SNAPSHOT_TYPE[kind], snapshotId);
