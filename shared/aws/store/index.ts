/**
 * The DynamoDB single-table store (DESIGN.md §4): restore points, run records, wait registrations and quiesce
 * markers over one injected `DynamoDBClient`. Every write that can race is conditional; see each module.
 */
import { type BackupCompletion, completeBackup } from './backup-completion.js';
import { type StoreOptions, storeContext } from './dynamo.js';
import { QuiesceMarkers } from './quiesce.js';
import { RestorePoints } from './restore-points.js';
import { Runs } from './runs.js';
import { Waits } from './waits.js';

export interface Store {
  readonly restorePoints: RestorePoints;
  readonly runs: Runs;
  readonly waits: Waits;
  readonly quiesce: QuiesceMarkers;
  /** Restore point written and run succeeded in one transaction. */
  completeBackup(completion: BackupCompletion): ReturnType<typeof completeBackup>;
}

export function createStore(options: StoreOptions): Store {
  const ctx = storeContext(options);
  return {
    restorePoints: new RestorePoints(ctx),
    runs: new Runs(ctx),
    waits: new Waits(ctx),
    quiesce: new QuiesceMarkers(ctx),
    completeBackup: (completion) => completeBackup(ctx, completion),
  };
}

export type { BackupCompletion } from './backup-completion.js';
export type { Page, PageOptions, StoreOptions } from './dynamo.js';
export * from './errors.js';
export { parseRestorePointId, restorePointId } from './keys.js';
export type { NewQuiesceMarker, QuiesceMarker, QuiesceMarkers } from './quiesce.js';
export type { NewRestorePoint, RestorePointStatus, RestorePoints, StoredRestorePoint } from './restore-points.js';
export type { RunError, RunKind, RunPhase, RunState, RunSummary, RunView, StageRecord } from './run-records.js';
export type { NewRun, RunSnapshot, Runs, TransitionDetails } from './runs.js';
export { createStoreTable, createTableInput, tableDefinition } from './table.js';
export type { NewWait, WaitRegistration, Waits } from './waits.js';
