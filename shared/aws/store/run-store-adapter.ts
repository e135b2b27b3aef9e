/**
 * The run use cases' `RunStore` port (shared/runtime/ports.ts) on the DynamoDB store, so the backup run can use
 * DynamoDB as it uses the in-memory store. The port writes whole run records (`putRun`); the store's finer calls
 * (`runs.updatePhase`, `runs.transition`, `completeBackup`) are there for when two writers can overlap.
 */
import {
  QuiesceHeldError as PortQuiesceHeldError,
  type QuiesceMarker as PortQuiesceMarker,
  type RestorePoint,
  type RunRecord,
  type RunStore,
} from '../../runtime/ports.js';
import { NotQuiesceHolderError, QuiesceHeldError, StoreError } from './errors.js';
import type { Store } from './index.js';
import { parseRestorePointId } from './keys.js';
import type { QuiesceMarker } from './quiesce.js';

/** What `takeWait` registrations are recorded as: the port does not say what is awaited. */
const PORT_WAIT_KIND = 'event';

export class DynamoRunStore implements RunStore {
  constructor(private readonly store: Store) {}

  putRun(run: RunRecord): Promise<void> {
    return this.store.runs.replace(run);
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const run = await this.store.runs.get(runId);
    if (!run) return undefined;
    const { error, startedAt, createdAt, updatedAt: _u, stateChangedAt: _s, outputs: _o, ...rest } = run;
    return {
      ...rest,
      startedAt: startedAt ?? createdAt,
      ...(error ? { error: { stage: error.stage ?? error.phase ?? 'run', message: error.message } } : {}),
    };
  }

  async acquireQuiesce(marker: PortQuiesceMarker): Promise<void> {
    try {
      await this.store.quiesce.acquire(marker);
    } catch (err) {
      if (err instanceof QuiesceHeldError) throw new PortQuiesceHeldError(marker.app, err.holder ?? 'unknown');
      throw err;
    }
  }

  async releaseQuiesce(app: string, runId: string): Promise<void> {
    try {
      await this.store.quiesce.release(app, runId);
    } catch (err) {
      // The port's contract: releasing a marker another run holds now (the watchdog released ours) is a no-op.
      if (!(err instanceof NotQuiesceHolderError)) throw err;
    }
  }

  async listQuiesceMarkers(): Promise<PortQuiesceMarker[]> {
    return (await this.store.quiesce.list()).map(toPortMarker);
  }

  async putRestorePoint(rp: RestorePoint): Promise<boolean> {
    const { time, runId } = parseRestorePointId(rp.id);
    if (runId !== rp.runId) {
      throw new StoreError(`restore point id ${rp.id} must be "<time>#${rp.runId}" (the id is its key in the table)`);
    }
    const { id: _id, subjectId: _s, ...fields } = rp;
    const { created } = await this.store.restorePoints.put({
      ...fields,
      time,
      artifacts: rp.artifacts.map((a) => ({ ...a })),
    });
    return created;
  }

  async registerWait(waitKey: string, callbackId: string, runId: string, ttlSeconds: number): Promise<void> {
    await this.store.waits.register({
      resourceId: waitKey,
      runId,
      callbackId,
      kind: PORT_WAIT_KIND,
      timeoutSeconds: ttlSeconds,
    });
  }

  async takeWait(waitKey: string): Promise<{ callbackId: string; runId: string } | undefined> {
    const wait = await this.store.waits.take(waitKey);
    return wait ? { callbackId: wait.callbackId, runId: wait.runId } : undefined;
  }
}

function toPortMarker(m: QuiesceMarker): PortQuiesceMarker {
  return {
    app: m.app,
    runId: m.runId,
    since: m.since,
    maxQuiesceSeconds: m.maxQuiesceSeconds,
    posthook: { blueprint: m.posthook.blueprint, subject: m.posthook.subject, options: m.posthook.options },
  };
}
