/**
 * Run records (`RUN#<id>` · `RUN`): created once, moved through `pending → running → succeeded|failed|cancelled`
 * by conditional writes (nothing leaves a final state), and given per-phase and per-stage progress through
 * attribute-path updates that cannot lose a concurrent writer's entry. Listed by state through gsi2.
 */
import { GetCommand, PutCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { PhaseRecord } from '../../blueprint/phase-runner.js';
import { onRefusal, type Page, type PageOptions, queryPage, type StoreContext, stringAttr } from './dynamo.js';
import { InvalidRunTransitionError, RunEndedError, RunNotFoundError } from './errors.js';
import { runKey } from './keys.js';
import {
  ALLOWED_FROM,
  FINAL_PROGRESS_STATES,
  isFinal,
  parseRun,
  parseRunSummary,
  phaseKey,
  type RunError,
  type RunKind,
  type RunPhase,
  type RunState,
  type RunSummary,
  type RunView,
  type StageRecord,
} from './run-records.js';
import { GSI2 } from './table.js';

export interface NewRun {
  readonly runId: string;
  readonly kind: RunKind;
  readonly policy?: string;
  readonly subjectId: string;
  /** `pending` when a trigger records the run before it starts; `running` when the run records itself. */
  readonly state?: 'pending' | 'running';
}

export interface TransitionDetails {
  /** Redacted by the caller. */
  readonly error?: RunError;
  /** Redacted by the caller. */
  readonly outputs?: Record<string, unknown>;
  readonly restorePointId?: string;
}

/** A whole run record as an in-memory recorder holds it. */
export interface RunSnapshot {
  readonly runId: string;
  readonly kind: RunKind;
  readonly policy?: string;
  readonly subjectId: string;
  readonly state: RunState;
  readonly createdAt?: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly phases: readonly RunPhase[];
  readonly stages: readonly StageRecord[];
  readonly error?: RunError;
  readonly restorePointId?: string;
  readonly outputs?: Record<string, unknown>;
}

const stateIndex = (state: RunState, at: string, runId: string) => ({
  gsi2pk: `RUNSTATE#${state}`,
  gsi2sk: `${at}#${runId}`,
});

/** The conditional update moving a run to `to` (shared with the backup-completion transaction). */
export function runTransitionUpdate(
  ctx: StoreContext,
  runId: string,
  to: Exclude<RunState, 'pending'>,
  details: TransitionDetails = {},
): UpdateCommandInput {
  const now = ctx.clock().toISOString();
  const from = ALLOWED_FROM[to];
  const index = stateIndex(to, now, runId);
  const sets = ['#state = :to', 'stateChangedAt = :now', 'updatedAt = :now', 'gsi2pk = :gpk', 'gsi2sk = :gsk'];
  const values: Record<string, unknown> = { ':to': to, ':now': now, ':gpk': index.gsi2pk, ':gsk': index.gsi2sk };
  if (to === 'running') sets.push('startedAt = if_not_exists(startedAt, :now)');
  if (isFinal(to)) sets.push('endedAt = :now');
  const given = Object.entries(details).filter(([, value]) => value !== undefined);
  for (const [name, value] of given) {
    sets.push(`#${name} = :${name}`);
    values[`:${name}`] = value;
  }
  from.forEach((state, i) => {
    values[`:from${i}`] = state;
  });
  return {
    TableName: ctx.tableName,
    Key: runKey(runId),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: `#state IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
    ExpressionAttributeNames: {
      '#state': 'state',
      ...Object.fromEntries(given.map(([name]) => [`#${name}`, name])),
    },
    ExpressionAttributeValues: values,
  };
}

/** The attributes a whole-record write sets (`createdAt` aside, which only the first write sets). */
function snapshotFields(run: RunSnapshot, now: string): Record<string, unknown> {
  // Derived from the record, not the clock, so progress flushes leave gsi2 untouched.
  const stateChangedAt = (isFinal(run.state) ? run.endedAt : run.startedAt) ?? run.createdAt ?? now;
  return {
    runId: run.runId,
    kind: run.kind,
    policy: run.policy,
    subjectId: run.subjectId,
    state: run.state,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    stateChangedAt,
    updatedAt: now,
    error: run.error,
    restorePointId: run.restorePointId,
    outputs: run.outputs,
    phases: Object.fromEntries(run.phases.map((p, order) => [phaseKey(p.action, p.name), { ...p, order }])),
    stages: Object.fromEntries(run.stages.map((st, order) => [st.name, { ...st, order }])),
    ...stateIndex(run.state, stateChangedAt, run.runId),
  };
}

export class Runs {
  constructor(private readonly ctx: StoreContext) {}

  /** Writes the record unless it exists (a retried trigger or step finds the first one): `created: false` then. */
  async create(run: NewRun): Promise<{ created: boolean }> {
    const now = this.ctx.clock().toISOString();
    const state = run.state ?? 'pending';
    const item = {
      ...runKey(run.runId),
      ...run,
      state,
      createdAt: now,
      ...(state === 'running' ? { startedAt: now } : {}),
      stateChangedAt: now,
      updatedAt: now,
      phases: {},
      stages: {},
      ...stateIndex(state, now, run.runId),
    };
    const write = this.ctx.doc.send(
      new PutCommand({ TableName: this.ctx.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return onRefusal(
      write.then(() => ({ created: true })),
      () => ({ created: false }),
    );
  }

  async get(runId: string): Promise<RunView | undefined> {
    const out = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: runKey(runId), ConsistentRead: true }),
    );
    return out.Item ? parseRun(out.Item) : undefined;
  }

  /**
   * Moves the run to `to` if the state machine allows it from the stored state. Asking for the state the run is
   * already in is a no-op (`unchanged`): a retried step must not fail. Anything else refused throws
   * InvalidRunTransitionError with the stored state.
   */
  transition(
    runId: string,
    to: Exclude<RunState, 'pending'>,
    details: TransitionDetails = {},
  ): Promise<'changed' | 'unchanged'> {
    const update = runTransitionUpdate(this.ctx, runId, to, details);
    const write = this.ctx.doc.send(new UpdateCommand({ ...update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
    return onRefusal(
      write.then(() => 'changed' as const),
      (old) => {
        const from = stringAttr(old, 'state');
        if (from === to) return 'unchanged';
        throw new InvalidRunTransitionError(runId, from, to, runKey(runId));
      },
    );
  }

  /**
   * Records one phase's progress. Returns false when that phase already reached a final state (a replayed or late
   * update is dropped, so `succeeded` never goes back to `running`). Throws RunEndedError once the run ended.
   * `order` is the phase's position in the run (phases of all actions), used to list phases in order.
   */
  updatePhase(runId: string, update: { action: string; order: number; phase: PhaseRecord }): Promise<boolean> {
    const value = { ...update.phase, action: update.action, order: update.order };
    return this.updateProgress(runId, 'phases', phaseKey(update.action, update.phase.name), value);
  }

  /** Records one stage of the run (quiesce, capture, unquiesce, export, record), as `updatePhase` does. */
  updateStage(runId: string, update: { order: number; stage: StageRecord }): Promise<boolean> {
    return this.updateProgress(runId, 'stages', update.stage.name, { ...update.stage, order: update.order });
  }

  /**
   * Writes a whole record as an in-memory recorder holds it (the RunStore port's `putRun`): one write per call, but
   * the last writer's progress wins, so prefer updatePhase/updateStage where two writers can overlap. Refused only
   * when it would move the run out of a final state (InvalidRunTransitionError).
   */
  replace(run: RunSnapshot): Promise<void> {
    const now = this.ctx.clock().toISOString();
    const fields = snapshotFields(run, now);
    const given = Object.entries(fields).filter(([, v]) => v !== undefined);
    const write = this.ctx.doc.send(
      new UpdateCommand({
        TableName: this.ctx.tableName,
        Key: runKey(run.runId),
        UpdateExpression: `SET ${given.map(([k]) => `#${k} = :${k}`).join(', ')}, #createdAt = if_not_exists(#createdAt, :createdAt)`,
        ConditionExpression: 'attribute_not_exists(pk) OR #state IN (:pending, :running) OR #state = :state',
        ExpressionAttributeNames: Object.fromEntries([...given.map(([k]) => k), 'createdAt'].map((k) => [`#${k}`, k])),
        ExpressionAttributeValues: {
          ...Object.fromEntries(given.map(([k, v]) => [`:${k}`, v])),
          ':createdAt': run.createdAt ?? run.startedAt ?? now,
          ':pending': 'pending',
          ':running': 'running',
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return onRefusal(
      write.then(() => undefined),
      (old) => {
        throw new InvalidRunTransitionError(run.runId, stringAttr(old, 'state'), run.state, runKey(run.runId));
      },
    );
  }

  /** Runs in `state`, most recently changed first (summaries: gsi2 does not carry progress). */
  listByState(state: RunState, page: PageOptions = {}): Promise<Page<RunSummary>> {
    return queryPage(
      this.ctx,
      {
        IndexName: GSI2,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': `RUNSTATE#${state}` },
        ScanIndexForward: false,
      },
      page,
      parseRunSummary,
    );
  }

  private updateProgress(
    runId: string,
    map: 'phases' | 'stages',
    key: string,
    value: { readonly state: string; readonly order: number },
  ): Promise<boolean> {
    const write = this.ctx.doc.send(
      new UpdateCommand({
        TableName: this.ctx.tableName,
        Key: runKey(runId),
        UpdateExpression: `SET #map.#key = :value, updatedAt = :now`,
        // A missing entry makes the IN comparison false, so a first write passes.
        ConditionExpression:
          'attribute_exists(pk) AND #state IN (:pending, :running) AND NOT (#map.#key.#state IN (:f0, :f1, :f2))',
        ExpressionAttributeNames: { '#map': map, '#key': key, '#state': 'state' },
        ExpressionAttributeValues: {
          ':value': value,
          ':now': this.ctx.clock().toISOString(),
          ':pending': 'pending',
          ':running': 'running',
          ...Object.fromEntries(FINAL_PROGRESS_STATES.map((s, i) => [`:f${i}`, s])),
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return onRefusal(
      write.then(() => true),
      (old) => {
        const state = stringAttr(old, 'state');
        if (state === undefined) throw new RunNotFoundError(runId);
        if (isFinal(state)) throw new RunEndedError(runId, state, runKey(runId));
        return false;
      },
    );
  }
}
