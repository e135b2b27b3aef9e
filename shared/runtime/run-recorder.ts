/**
 * Keeps a run's record current: stages and phase progress, persisted as the run goes. Progress writes are
 * best-effort (a lost progress update never fails a backup); the run's final state is written in a step.
 */
import type { ActionResult } from '../blueprint/interpreter.js';
import type { RunContext } from '../blueprint/run-context.js';
import type { RunKind, RunRecord, RunStore, StageRecord } from './ports.js';

/** A run failure attributed to the stage where it happened. */
export class RunStageError extends Error {
  override readonly name = 'RunStageError';
  constructor(
    readonly stage: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class RunRecorder {
  readonly record: RunRecord;

  constructor(
    private readonly store: RunStore,
    private readonly rc: RunContext,
    init: { runId: string; kind: RunKind; policy?: string; subjectId: string; startedAt: string },
  ) {
    this.record = { ...init, state: 'running', phases: [], stages: [] };
  }

  /** Persists the initial record in a step (replays keep the first start time). */
  async start(): Promise<void> {
    const startedAt = await this.rc.step('run:start', async () => {
      await this.store.putRun(this.record);
      return this.record.startedAt;
    });
    (this.record as { startedAt: string }).startedAt = startedAt;
  }

  /** Runs a stage, recording when it started and ended and whether it failed. */
  async stage<T>(name: string, fn: () => Promise<T>, detail?: (r: T) => string | undefined): Promise<T> {
    const rec: StageRecord = { name, state: 'running', startedAt: this.rc.now().toISOString() };
    this.record.stages.push(rec);
    await this.flush();
    try {
      const result = await fn();
      rec.state = 'succeeded';
      rec.detail = detail?.(result);
      return result;
    } catch (err) {
      rec.state = 'failed';
      rec.detail = err instanceof Error ? err.message : String(err);
      throw err instanceof RunStageError ? err : new RunStageError(name, rec.detail, { cause: err });
    } finally {
      rec.endedAt = this.rc.now().toISOString();
      await this.flush();
    }
  }

  skip(name: string, detail: string): void {
    const now = this.rc.now().toISOString();
    this.record.stages.push({ name, state: 'skipped', startedAt: now, endedAt: now, detail });
  }

  /** Adds a blueprint action's phases (already redacted by the interpreter). */
  addAction(action: string, result: ActionResult): void {
    this.record.phases.push(...result.phases.map((p) => ({ ...p, action })));
  }

  async finish(state: 'succeeded' | 'failed', error?: { stage: string; message: string }): Promise<RunRecord> {
    const done = await this.rc.step(`run:${state}`, async () => {
      this.record.state = state;
      this.record.endedAt = this.rc.now().toISOString();
      if (error) this.record.error = error;
      await this.store.putRun(this.record);
      return { endedAt: this.record.endedAt, error };
    });
    this.record.state = state;
    this.record.endedAt = done.endedAt;
    if (done.error) this.record.error = done.error;
    return this.record;
  }

  private async flush(): Promise<void> {
    try {
      await this.store.putRun(this.record);
    } catch (err) {
      this.rc.log.warn('progress update not saved; the run goes on', { error: String(err) });
    }
  }
}
