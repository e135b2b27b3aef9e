/**
 * Runs one action of a blueprint with Kanister's semantics (pkg/controller + pkg/phase.go):
 * - `objects:` of every phase (and the deferPhase) are rendered up front, against the run's initial params;
 * - phases run in order; each phase's args are rendered just before it runs, so `.Phases.<earlier>.Output` works;
 * - the Secrets/ConfigMaps a phase names in `objects:` are fetched just before it runs (`.Phases.<n>.Secrets`);
 * - the deferPhase runs after success or failure (also after a render error), and its output is `.DeferPhase`;
 * - `outputArtifacts` are rendered only when every phase, the deferPhase included, succeeded.
 * Holdfast adds per-phase timeouts and retries, progress events, secret redaction everywhere, and dry-run.
 */
import type { FunctionLookup, ObjectResolver } from './functions-port.js';
import { type PhaseParams, type PhaseRecord, PhaseRunner, type PhaseSettings } from './phase-runner.js';
import { Redactor } from './redact.js';
import { type RenderFn, renderArtifacts, renderObjectRefs } from './render-args.js';
import type { RunContext } from './run-context.js';
import type { Artifact, Blueprint, ObjectReference, Phase } from './schema.js';

export type ParamsObject = Record<string, unknown> & {
  Phases?: Record<string, PhaseParams>;
  DeferPhase?: PhaseParams;
};

export interface RunActionInput {
  readonly blueprint: Blueprint;
  readonly action: string;
  /** TemplateParams with Go field names: Object, Deployment/StatefulSet/…, Options, Profile, ArtifactsIn, Time. */
  readonly params: ParamsObject;
  readonly functions: FunctionLookup;
  /** Makes a renderer over a snapshot of the params (the engine converts them to Go values once). */
  readonly renderer: (params: ParamsObject) => RenderFn;
  readonly resolver: ObjectResolver;
  readonly run: RunContext;
  readonly redactor?: Redactor;
  /** Render and decode everything, execute nothing; outputs become `<phase.key>` placeholders. */
  readonly dryRun?: boolean;
  readonly phaseSettings?: (phase: string) => PhaseSettings;
  readonly onProgress?: (event: ProgressEvent) => void;
}

export interface ProgressEvent {
  readonly action: string;
  readonly phase: PhaseRecord;
  readonly index: number;
  readonly total: number;
}

export interface ActionResult {
  readonly status: 'succeeded' | 'failed';
  readonly phases: PhaseRecord[];
  readonly artifacts?: Record<string, Artifact>;
  /** Redacted. */
  readonly error?: { readonly phase?: string; readonly message: string };
}

export class UnknownActionError extends Error {
  override readonly name = 'UnknownActionError';
}

export async function runAction(input: RunActionInput): Promise<ActionResult> {
  const action = input.blueprint.actions[input.action];
  if (!action) {
    const known = Object.keys(input.blueprint.actions).join(', ');
    throw new UnknownActionError(
      `blueprint ${input.blueprint.metadata.name} has no action "${input.action}" (it has: ${known})`,
    );
  }
  const redactor = input.redactor ?? new Redactor();
  const params: ParamsObject = { ...input.params, Phases: { ...(input.params.Phases ?? {}) } };
  const phases = action.phases ?? [];
  const all: { phase: Phase; deferred: boolean }[] = phases.map((phase) => ({ phase, deferred: false }));
  if (action.deferPhase) all.push({ phase: action.deferPhase, deferred: true });
  const records: PhaseRecord[] = all.map(({ phase, deferred }) => ({
    name: phase.name,
    func: phase.func,
    deferred,
    state: 'pending',
    attempts: 0,
  }));
  const emit = (i: number) => {
    const rec = records[i];
    if (rec) input.onProgress?.({ action: input.action, phase: rec, index: i, total: records.length });
  };
  const runner = new PhaseRunner({ ...input, redactor, params, actionName: input.action });

  // Objects of all phases are rendered up front against the initial params, as Kanister's GetPhases does.
  let objects: Record<string, ObjectReference>[];
  try {
    const render = input.renderer(params);
    objects = all.map(({ phase }) => renderObjectRefs(phase.objects ?? {}, render));
  } catch (err) {
    const message = redactor.redact(`rendering phase objects: ${errorText(err)}`);
    for (const [i, r] of records.entries()) {
      r.state = 'skipped';
      emit(i);
    }
    return { status: 'failed', phases: records, error: { message } };
  }

  let failure: { phase: string; message: string } | undefined;
  for (const [i, { phase, deferred }] of all.entries()) {
    const rec = records[i] as PhaseRecord;
    if (failure && !deferred) {
      rec.state = 'skipped';
      emit(i);
      continue;
    }
    const error = await runner.run(phase, deferred, objects[i] ?? {}, rec, () => emit(i));
    if (error && !failure) failure = { phase: phase.name, message: error };
  }
  if (failure) return { status: 'failed', phases: records, error: failure };

  try {
    const artifacts = renderArtifacts(action.outputArtifacts ?? {}, input.renderer(params));
    return { status: 'succeeded', phases: records, artifacts: redactArtifacts(artifacts, redactor, input.dryRun) };
  } catch (err) {
    return {
      status: 'failed',
      phases: records,
      error: { message: redactor.redact(`rendering outputArtifacts: ${errorText(err)}`) },
    };
  }
}

/**
 * Artifacts are what a restore reads back, so they keep real values in a real run; a Secret value inside one is a
 * blueprint bug we refuse to persist.
 */
function redactArtifacts(
  artifacts: Record<string, Artifact>,
  redactor: Redactor,
  dryRun: boolean | undefined,
): Record<string, Artifact> {
  const redacted = redactor.redactDeep(artifacts);
  if (dryRun || JSON.stringify(redacted) === JSON.stringify(artifacts)) return redacted;
  throw new Error('an output artifact contains a Secret value; artifacts are stored in the clear — remove it');
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
