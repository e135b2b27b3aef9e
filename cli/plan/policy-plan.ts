/**
 * The dry-run of a whole policy backup of one subject, computed offline: the subject resolved from object files
 * (or named), the run planned exactly as the trigger plans it, each blueprint action rendered as a run renders it
 * (Secret values masked), and every AWS and Kubernetes call the run would make, stage by stage. Pure: it reads files
 * the caller loaded and contacts nothing.
 */

import type { ObjectResolver } from '../../shared/blueprint/functions-port.js';
import { InProcessRunContext } from '../../shared/blueprint/in-process-context.js';
import { type ActionResult, runAction } from '../../shared/blueprint/interpreter.js';
import { objectParams } from '../../shared/blueprint/object-params.js';
import type { Redactor } from '../../shared/blueprint/redact.js';
import type { Blueprint } from '../../shared/blueprint/schema.js';
import { functionLookup } from '../../shared/engine/function-lookup.js';
import { createRenderer } from '../../shared/engine/renderer.js';
import type { Policy } from '../../shared/policy/schema.js';
import { resolveSubjects } from '../../shared/policy/selectors.js';
import { type PlannedRun, planRuns } from '../../shared/runtime/plan-runs.js';
import { subjectId } from '../../shared/runtime/run-input.js';
import { silentLogger } from '../logger.js';
import { describeCalls, type PlannedCall } from './calls.js';
import { inventoryFromObjects, type Manifest, pickRun, syntheticFor, syntheticObject } from './plan-subjects.js';
import { captureCalls, ddb, finishCalls, recordCalls, snapshotId } from './stage-calls.js';

export { PlanError } from './plan-subjects.js';

export interface PlannedPhase {
  readonly name: string;
  readonly func: string;
  readonly deferred: boolean;
  readonly state: string;
  readonly args?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  readonly error?: string;
  readonly calls: PlannedCall[];
}

export interface PlannedAction {
  readonly blueprint: string;
  readonly action: string;
  readonly phases: PlannedPhase[];
  readonly error?: string;
}

export interface PlannedStage {
  readonly stage: string;
  readonly note?: string;
  readonly calls: PlannedCall[];
  readonly actions: PlannedAction[];
}

export interface PolicyPlan {
  readonly policy: string;
  readonly subject: string;
  readonly runId: string;
  /** Other subjects the policy selects (each gets a run of its own). */
  readonly otherSubjects: string[];
  readonly notes: string[];
  readonly stages: PlannedStage[];
  readonly ok: boolean;
}

export interface PlanInput {
  readonly policy: Policy;
  readonly objects: readonly Manifest[];
  readonly subject?: string;
  readonly blueprints: (name: string) => Blueprint | undefined;
  readonly resolver: ObjectResolver;
  readonly redactor: Redactor;
  readonly time: string;
}

export async function planPolicyBackup(input: PlanInput): Promise<PolicyPlan> {
  const notes: string[] = [];
  const objects = [...input.objects];
  if (
    input.subject &&
    !objects.some((o) => input.subject?.endsWith(`/${o.metadata.namespace}/${o.kind}/${o.metadata.name}`))
  ) {
    const synthetic = syntheticObject(input.policy, input.subject);
    if (synthetic) {
      objects.push(synthetic.object);
      notes.push(synthetic.note);
    }
  }
  const resolution = resolveSubjects(input.policy, inventoryFromObjects(input.policy, objects));
  notes.push(...resolution.problems.map((p) => `${p.cluster}: ${p.message}`));
  const runs = planRuns(input.policy, resolution.subjects, new Date(input.time));
  const run = pickRun(runs, resolution.subjects, input.subject);
  const id = subjectId(run.input.subject);
  const object = objects.find((o) => o.kind === run.input.subject.kind && o.metadata.name === run.input.subject.name);
  const render = (bp: string, action: string) =>
    renderAction(input, bp, action, object ?? syntheticFor(run), run.input.options);
  const stages = await planStages(run, render);
  const actions = stages.flatMap((s) => s.actions);
  return {
    policy: input.policy.metadata.name,
    subject: id,
    runId: run.executionName,
    otherSubjects: runs.filter((r) => r !== run).map((r) => subjectId(r.input.subject)),
    notes,
    stages,
    ok: actions.every((a) => a.error === undefined),
  };
}

async function renderAction(
  input: PlanInput,
  blueprintName: string,
  action: string,
  object: Manifest,
  options: Record<string, string>,
): Promise<PlannedAction | undefined> {
  const blueprint = input.blueprints(blueprintName);
  if (!blueprint) {
    return {
      blueprint: blueprintName,
      action,
      phases: [],
      error: `blueprint ${blueprintName} not found: pass --config DIR`,
    };
  }
  if (!blueprint.actions[action]) return undefined;
  const result: ActionResult = await runAction({
    blueprint,
    action,
    params: { ...objectParams(object), Options: options, Time: input.time, Profile: PROFILE },
    functions: functionLookup(),
    renderer: createRenderer(),
    resolver: input.resolver,
    run: new InProcessRunContext({ log: silentLogger }),
    redactor: input.redactor,
    dryRun: true,
  });
  return {
    blueprint: blueprintName,
    action,
    phases: result.phases.map((p) => ({
      name: p.name,
      func: p.func,
      deferred: p.deferred,
      state: p.state === 'succeeded' ? 'planned' : p.state,
      ...(p.args ? { args: p.args } : {}),
      ...(p.output && Object.keys(p.output).length > 0 ? { outputs: p.output } : {}),
      ...(p.error ? { error: p.error } : {}),
      calls: p.args ? describeCalls(p.func, p.args) : [],
    })),
    ...(result.error ? { error: result.error.message } : {}),
  };
}

/** The location blueprints see as `.Profile` in a dry-run (the real one depends on where the run happens). */
const PROFILE = {
  Location: { type: 's3Compliant', bucket: '<location bucket>', endpoint: '', prefix: '', region: '' },
  Credential: { Type: '' },
  SkipSSLVerify: false,
};

async function planStages(
  run: PlannedRun,
  render: (bp: string, action: string) => Promise<PlannedAction | undefined>,
): Promise<PlannedStage[]> {
  const i = run.input;
  const app = subjectId(i.subject);
  const hooks = i.hooks;
  const pre = hooks?.actions.includes('backupPrehook') ? await render(hooks.blueprint, 'backupPrehook') : undefined;
  const post = hooks?.actions.includes('backupPosthook') ? await render(hooks.blueprint, 'backupPosthook') : undefined;
  const quiesced = pre !== undefined || post !== undefined;
  const backup = i.capture.blueprintBackup ? await render(i.capture.blueprintBackup.blueprint, 'backup') : undefined;
  const stages: PlannedStage[] = [];
  stages.push(
    quiesced
      ? {
          stage: 'quiesce',
          calls: [
            ddb(
              'PutItem (conditional)',
              `QUIESCE#${app}`,
              `quiesce marker; after ${i.maxQuiesceSeconds}s the watchdog runs the posthook`,
            ),
          ],
          actions: pre ? [pre] : [],
        }
      : {
          stage: 'quiesce',
          note: 'skipped: no hooks blueprint with backupPrehook/backupPosthook',
          calls: [],
          actions: [],
        },
  );
  stages.push({ stage: 'capture', calls: captureCalls(run), actions: backup ? [backup] : [] });
  if (quiesced) {
    stages.push({
      stage: 'unquiesce',
      note: 'always runs, as soon as every capture has its point in time',
      calls: [ddb('DeleteItem', `QUIESCE#${app}`)],
      actions: post ? [post] : [],
    });
  }
  stages.push({ stage: 'finish', calls: finishCalls(run), actions: [] });
  stages.push({
    stage: 'export',
    calls: i.exports.copies.flatMap((c) =>
      i.capture.rds.flatMap((db) =>
        describeCalls('CopyRDSSnapshot', {
          snapshotID: snapshotId(run, db.kind, db.id),
          destinationRegion: c.region,
          kmsKeyID: c.kmsKeyId,
          dbEngine: db.kind === 'cluster' ? 'aurora' : '',
        }),
      ),
    ),
    actions: [],
    ...(i.exports.copies.length === 0 ? { note: 'no copies in this policy' } : {}),
  });
  stages.push({ stage: 'record', calls: recordCalls(run), actions: [] });
  return stages;
}
