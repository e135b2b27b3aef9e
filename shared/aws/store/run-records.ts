/**
 * The shape of a run record as stored and as read back. Progress lives in maps keyed per phase (`<action>/<phase>`)
 * and per stage, each entry carrying its position, so two writers updating different phases touch different
 * attribute paths and never overwrite each other; readers get them back as ordered lists.
 */
import { z } from 'zod';
import type { PhaseRecord } from '../../blueprint/phase-runner.js';
import { parseItem } from './dynamo.js';

export const runStateSchema = z.enum(['pending', 'running', 'succeeded', 'failed', 'cancelled']);
export type RunState = z.infer<typeof runStateSchema>;
export type FinalRunState = 'succeeded' | 'failed' | 'cancelled';
export const FINAL_RUN_STATES: readonly FinalRunState[] = ['succeeded', 'failed', 'cancelled'];

/** Which states a run may move to a state from; `pending` is only ever the initial state. */
export const ALLOWED_FROM: Readonly<Record<Exclude<RunState, 'pending'>, readonly RunState[]>> = {
  running: ['pending'],
  succeeded: ['running'],
  failed: ['pending', 'running'],
  cancelled: ['pending', 'running'],
};

export const runKindSchema = z.enum(['backup', 'restore', 'delete']);
export type RunKind = z.infer<typeof runKindSchema>;

/** Phase and stage states after which a progress entry is never overwritten. */
export const FINAL_PROGRESS_STATES = ['succeeded', 'failed', 'skipped'] as const;

/** The interpreter's PhaseRecord (shared/blueprint/phase-runner.ts), as stored. */
const phaseRecordSchema = z.object({
  name: z.string(),
  func: z.string(),
  deferred: z.boolean(),
  state: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']),
  attempts: z.number(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  args: z.record(z.string(), z.unknown()).optional(),
  output: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
});

export const stageRecordSchema = z.object({
  name: z.string().min(1),
  state: z.enum(['running', 'succeeded', 'failed', 'skipped']),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  detail: z.string().optional(),
});
export type StageRecord = z.infer<typeof stageRecordSchema>;

export const runErrorSchema = z.object({
  stage: z.string().optional(),
  phase: z.string().optional(),
  message: z.string(),
});
export type RunError = z.infer<typeof runErrorSchema>;

const storedPhaseSchema = phaseRecordSchema.extend({ action: z.string(), order: z.number() });
const storedStageSchema = stageRecordSchema.extend({ order: z.number() });

const summaryFields = {
  runId: z.string(),
  kind: runKindSchema,
  policy: z.string().optional(),
  subjectId: z.string(),
  state: runStateSchema,
  createdAt: z.string(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  stateChangedAt: z.string(),
  error: runErrorSchema.optional(),
  restorePointId: z.string().optional(),
};

/** What gsi2 projects (table.ts RUN_SUMMARY_ATTRIBUTES): enough for a list of runs. */
const summarySchema = z.object(summaryFields);
export type RunSummary = z.infer<typeof summarySchema>;

const storedRunSchema = z.object({
  ...summaryFields,
  updatedAt: z.string(),
  phases: z.record(z.string(), storedPhaseSchema),
  stages: z.record(z.string(), storedStageSchema),
  /** Redacted by the caller. */
  outputs: z.record(z.string(), z.unknown()).optional(),
});

export type RunPhase = PhaseRecord & { readonly action: string };

export interface RunView extends RunSummary {
  readonly updatedAt: string;
  /** Every phase of every action, in run order. */
  readonly phases: RunPhase[];
  readonly stages: StageRecord[];
  readonly outputs?: Record<string, unknown>;
}

export function phaseKey(action: string, phase: string): string {
  return `${action}/${phase}`;
}

export function parseRunSummary(item: Record<string, unknown>): RunSummary {
  return parseItem(summarySchema, item);
}

export function parseRun(item: Record<string, unknown>): RunView {
  const { phases, stages, ...rest } = parseItem(storedRunSchema, item);
  const byOrder = (a: { order: number }, b: { order: number }) => a.order - b.order;
  return {
    ...rest,
    phases: Object.values(phases)
      .sort(byOrder)
      .map(({ order: _, ...p }) => p),
    stages: Object.values(stages)
      .sort(byOrder)
      .map(({ order: _, ...s }) => s),
  };
}

export function isFinal(state: string | undefined): state is FinalRunState {
  return FINAL_RUN_STATES.includes(state as FinalRunState);
}
