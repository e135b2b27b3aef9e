/**
 * One policy backup of one subject (DESIGN.md §2):
 *   1 quiesce    the hooks blueprint's backupPrehook, under a quiesce marker the watchdog honours
 *   2 capture    start every capture (RDS snapshot, CSI, manifests) and the blueprint `backup` action
 *   3 unquiesce  backupPosthook in `finally`, as soon as every capture's point in time is fixed
 *   4 finish     wait for captures to be durable (event-driven waits), then copies to other regions
 *   5 record     the restore point, the run record, and the bus events
 * Every side effect is inside a named step of the RunContext, so a durable execution resumes where it stopped.
 */
import type { ActionResult } from '../blueprint/interpreter.js';
import type { RunContext } from '../blueprint/run-context.js';
import type { Blueprint } from '../blueprint/schema.js';
import type {
  ActionRunner,
  ArtifactRecord,
  BlueprintSource,
  Capture,
  CaptureHandle,
  Exporter,
  RestorePoint,
  RunEvents,
  RunRecord,
  RunStore,
} from './ports.js';
import { restorePointSummary, runEventDetail } from './run-events.js';
import { type BackupRunInput, subjectId } from './run-input.js';
import { RunRecorder, RunStageError } from './run-recorder.js';

export interface BackupDeps {
  readonly store: RunStore;
  readonly events: RunEvents;
  readonly blueprints: BlueprintSource;
  readonly actions: ActionRunner;
  readonly captures: (input: BackupRunInput) => Capture[];
  readonly exporter?: Exporter;
}

export interface BackupResult {
  readonly run: RunRecord;
  readonly restorePoint?: RestorePoint;
}

export async function runBackup(input: BackupRunInput, deps: BackupDeps, rc: RunContext): Promise<BackupResult> {
  const app = subjectId(input.subject);
  const recorder = new RunRecorder(deps.store, rc, {
    runId: input.runId,
    kind: 'backup',
    policy: input.policy,
    subjectId: app,
    startedAt: rc.now().toISOString(),
  });
  await recorder.start();
  const load = blueprintLoader(deps, rc);
  try {
    const hooks = input.hooks ? await load(input.hooks.blueprint) : undefined;
    const window = await quiesced(input, deps, rc, recorder, hooks, () =>
      startCaptures(input, deps, rc, recorder, load),
    );
    const artifacts = await recorder.stage('finish', () => finishCaptures(deps, rc, input, window.handles));
    artifacts.push(...window.blueprintArtifacts);
    artifacts.push(...(await recorder.stage('export', () => exportCopies(deps, rc, input, artifacts))));
    const restorePoint: RestorePoint = {
      id: `${window.start}#${input.runId}`,
      subject: input.subject,
      subjectId: app,
      policy: input.policy,
      runId: input.runId,
      createdAt: window.end,
      consistency: window.consistency,
      quiesce: window.quiesce,
      artifacts,
      blueprint: input.capture.blueprintBackup?.blueprint ?? input.hooks?.blueprint,
    };
    await recorder.stage('record', () =>
      rc.step('record:restore-point', () => deps.store.putRestorePoint(restorePoint)),
    );
    recorder.record.restorePointId = restorePoint.id;
    const run = await recorder.finish('succeeded');
    const detail = {
      ...runEventDetail(run, { ...input, quiesce: window.quiesce }),
      restorePoint: restorePointSummary(restorePoint),
    };
    await rc.step('event:restore-point-created', () => deps.events.publish('Restore Point Created', detail));
    await rc.step('event:run-succeeded', () => deps.events.publish('Run Succeeded', detail));
    return { run, restorePoint };
  } catch (err) {
    const stage = err instanceof RunStageError ? err.stage : (recorder.record.stages.at(-1)?.name ?? 'start');
    const run = await recorder.finish('failed', { stage, message: err instanceof Error ? err.message : String(err) });
    await rc.step('event:run-failed', () => deps.events.publish('Run Failed', runEventDetail(run, input)));
    return { run };
  }
}

interface QuiesceWindow {
  readonly start: string;
  readonly end: string;
  readonly consistency: 'application' | 'crash';
  readonly quiesce?: RestorePoint['quiesce'];
  readonly handles: CaptureHandle[];
  readonly blueprintArtifacts: ArtifactRecord[];
}

/** Runs `capture` between the prehook and the posthook; the posthook runs whatever happens in between. */
async function quiesced(
  input: BackupRunInput,
  deps: BackupDeps,
  rc: RunContext,
  recorder: RunRecorder,
  hooks: Blueprint | undefined,
  capture: () => Promise<{ handles: CaptureHandle[]; blueprintArtifacts: ArtifactRecord[] }>,
): Promise<QuiesceWindow> {
  const app = subjectId(input.subject);
  const wanted = new Set(input.hooks?.actions ?? []);
  const hasPrehook = hooks?.actions.backupPrehook !== undefined && wanted.has('backupPrehook');
  const hasPosthook = hooks?.actions.backupPosthook !== undefined && wanted.has('backupPosthook');
  if (!hooks || (!hasPrehook && !hasPosthook)) {
    recorder.skip('quiesce', 'no hooks blueprint with backupPrehook/backupPosthook');
    const start = await rc.step('clock:capture-start', async () => rc.now().toISOString());
    const captured = await recorder.stage('capture', capture);
    const end = await rc.step('clock:capture-end', async () => rc.now().toISOString());
    const consistency = input.capture.blueprintBackup ? 'application' : 'crash';
    return { start, end, consistency, ...captured };
  }
  const start = await rc.step('quiesce:acquire', async () => {
    const since = rc.now().toISOString();
    await deps.store.acquireQuiesce({
      app,
      runId: input.runId,
      since,
      maxQuiesceSeconds: input.maxQuiesceSeconds,
      posthook: { blueprint: hooks.metadata.name, subject: input.subject, options: input.options },
    });
    return since;
  });
  let consistency: 'application' | 'crash' = 'application';
  let captured: { handles: CaptureHandle[]; blueprintArtifacts: ArtifactRecord[] } | undefined;
  // Whatever happens between prehook and posthook, the posthook runs next; the first failure is the one reported.
  let failure: unknown;
  try {
    if (hasPrehook) {
      const pre = await recorder.stage('quiesce', () => runHook(deps, recorder, hooks, 'backupPrehook', input));
      if (pre.status === 'failed') {
        if (input.onPrehookFailure === 'fail') {
          throw new RunStageError('quiesce', `backupPrehook failed: ${pre.error?.message}`);
        }
        consistency = 'crash';
      }
    }
    captured = await recorder.stage('capture', capture);
  } catch (err) {
    failure = err;
  }
  if (hasPosthook) {
    const post = await recorder.stage('unquiesce', () => runHook(deps, recorder, hooks, 'backupPosthook', input));
    if (post.status === 'failed') {
      // The marker stays: the watchdog retries the posthook after maxQuiesceSeconds.
      throw new RunStageError('unquiesce', `backupPosthook failed: ${post.error?.message}; the watchdog will retry it`);
    }
  }
  const end = await rc.step('quiesce:release', async () => {
    await deps.store.releaseQuiesce(app, input.runId);
    return rc.now().toISOString();
  });
  if (failure !== undefined) throw failure;
  const seconds = (Date.parse(end) - Date.parse(start)) / 1000;
  return {
    start,
    end,
    consistency,
    quiesce: { start, end, seconds },
    ...(captured ?? { handles: [], blueprintArtifacts: [] }),
  };
}

async function runHook(
  deps: BackupDeps,
  recorder: RunRecorder,
  blueprint: Blueprint,
  action: 'backupPrehook' | 'backupPosthook',
  input: BackupRunInput,
): Promise<ActionResult> {
  const result = await deps.actions.run({ blueprint, action, subject: input.subject, options: input.options });
  recorder.addAction(action, result);
  return result;
}

async function startCaptures(
  input: BackupRunInput,
  deps: BackupDeps,
  rc: RunContext,
  recorder: RunRecorder,
  load: (name: string) => Promise<Blueprint>,
): Promise<{ handles: CaptureHandle[]; blueprintArtifacts: ArtifactRecord[] }> {
  const handles: CaptureHandle[] = [];
  for (const capture of deps.captures(input)) handles.push(await capture.start(rc));
  const blueprintArtifacts: ArtifactRecord[] = [];
  if (input.capture.blueprintBackup) {
    const bp = await load(input.capture.blueprintBackup.blueprint);
    const result = await deps.actions.run({
      blueprint: bp,
      action: 'backup',
      subject: input.subject,
      options: input.options,
    });
    recorder.addAction('backup', result);
    if (result.status === 'failed')
      throw new RunStageError('capture', `blueprint backup failed: ${result.error?.message}`);
    for (const [name, a] of Object.entries(result.artifacts ?? {})) {
      blueprintArtifacts.push({ type: 'blueprint', name, location: bp.metadata.name, keyValue: a.keyValue });
    }
  }
  return { handles, blueprintArtifacts };
}

async function finishCaptures(
  deps: BackupDeps,
  rc: RunContext,
  input: BackupRunInput,
  handles: CaptureHandle[],
): Promise<ArtifactRecord[]> {
  const byName = new Map(deps.captures(input).map((c) => [c.name, c]));
  const out: ArtifactRecord[] = [];
  for (const h of handles) {
    const capture = byName.get(h.name);
    if (!capture) throw new RunStageError('finish', `capture ${h.name} is no longer configured`);
    out.push(...(await capture.finish(rc, h)));
  }
  return out;
}

async function exportCopies(
  deps: BackupDeps,
  rc: RunContext,
  input: BackupRunInput,
  artifacts: ArtifactRecord[],
): Promise<ArtifactRecord[]> {
  const copies = input.exports.copies;
  if (copies.length === 0) return [];
  if (!deps.exporter) throw new RunStageError('export', 'the policy asks for copies but no exporter is configured');
  const out: ArtifactRecord[] = [];
  for (const a of artifacts.filter((x) => x.type === 'rds-snapshot')) {
    for (const target of copies) out.push(await deps.exporter.copy(rc, a, target, input.runId));
  }
  return out;
}

/** Loads each blueprint once per run, in a step, so a replayed run uses what it started with even if edited since. */
export function blueprintLoader(
  deps: { blueprints: BlueprintSource },
  rc: RunContext,
): (name: string) => Promise<Blueprint> {
  const loaded = new Map<string, Promise<Blueprint>>();
  return (name) => {
    let p = loaded.get(name);
    if (!p) {
      p = rc.step(`blueprint:${name}`, () => deps.blueprints.get(name));
      loaded.set(name, p);
    }
    return p;
  };
}
