/**
 * `holdfast run ACTIONSET.yaml`: runs a Kanister ActionSet as users already write them — each action's blueprint
 * (from the configuration), `object`, `options`, `secrets`, `configMaps`, `artifacts` and `profile` (the local
 * location stands in for the Profile CR) — on the local mode's cluster, and answers with the ActionSet and a `status`
 * shaped as Kanister's controller writes it: state, per-action phases with outputs, artifacts, error, progress.
 */
import { stringify } from 'yaml';
import type { ActionSpec } from '../../shared/blueprint/actionset.js';
import { formatDiagnostic, hasErrors } from '../../shared/blueprint/diagnostics.js';
import type { KubeDataObject } from '../../shared/blueprint/functions-port.js';
import { type ActionResult, type ParamsObject, runAction } from '../../shared/blueprint/interpreter.js';
import { loadKanisterDocuments } from '../../shared/blueprint/load.js';
import type { PhaseRecord } from '../../shared/blueprint/phase-runner.js';
import { Redactor } from '../../shared/blueprint/redact.js';
import { functionLookup } from '../../shared/engine/function-lookup.js';
import { createRenderer } from '../../shared/engine/renderer.js';
import { kubeObjectResolver } from '../../shared/kube/object-fetch.js';
import { subjectParams } from '../../shared/kube/subject-params.js';
import type { LocalParts } from '../backend.js';
import { CliError, ExitCode } from '../errors.js';
import { readText } from '../files.js';
import { localRunContext } from '../local-mode/local-runs.js';
import { type Io, type OutputFormat, printJson } from '../output.js';
import { type CommonOptions, requireLocal, withBackend } from '../with-backend.js';
import { blueprintRef } from './backup.js';

export interface RunActionSetOptions extends CommonOptions {
  readonly blueprint?: string;
  readonly cluster?: string;
  readonly output: OutputFormat;
}

type KanisterState = 'pending' | 'running' | 'failed' | 'complete';

const STATE: Record<PhaseRecord['state'], KanisterState> = {
  pending: 'pending',
  running: 'running',
  succeeded: 'complete',
  failed: 'failed',
  skipped: 'pending',
};

/** What `kind` a Kanister object reference names through its `resource` (ActionSets often give only that). */
const KIND_OF_RESOURCE: Readonly<Record<string, string>> = {
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  deploymentconfigs: 'DeploymentConfig',
  persistentvolumeclaims: 'PersistentVolumeClaim',
  namespaces: 'Namespace',
  configmaps: 'ConfigMap',
  secrets: 'Secret',
  pods: 'Pod',
};

async function runOne(local: LocalParts, spec: ActionSpec, opts: RunActionSetOptions): Promise<ActionResult> {
  const { session } = local;
  const clients = await session.clients(opts.cluster ?? (session.target.sandbox ? 'sandbox' : 'local'));
  const kube = clients.kube;
  if (!kube) throw new CliError('no cluster to run the ActionSet on', ExitCode.environment);
  const blueprint = await blueprintRef(local, spec.blueprint);
  const rc = localRunContext(session, `actionset-${spec.name}-${Date.now()}`);
  const kind = spec.object.kind ?? KIND_OF_RESOURCE[spec.object.resource ?? ''];
  const resolver = kubeObjectResolver(kube);
  const redactor = new Redactor();
  const fetch = async (refs: ActionSpec['secrets'], get: typeof resolver.secret) => {
    const out: Record<string, KubeDataObject> = {};
    for (const [alias, ref] of Object.entries(refs ?? {}))
      out[alias] = await get(ref.namespace ?? '', ref.name, rc.signal);
    return out;
  };
  const secrets = await fetch(spec.secrets, resolver.secret);
  for (const s of Object.values(secrets)) {
    for (const v of Object.values(s.data ?? {})) redactor.add(Buffer.from(v, 'base64').toString('utf8'));
  }
  const p = session.profile;
  const params: ParamsObject = {
    ...(await subjectParams(kube, { ...spec.object, ...(kind ? { kind } : {}) }, rc.signal)),
    Options: spec.options ?? {},
    Secrets: secrets,
    ConfigMaps: await fetch(spec.configMaps, resolver.configMap),
    ArtifactsIn: Object.fromEntries(
      Object.entries(spec.artifacts ?? {}).map(([k, a]) => [
        k,
        { KeyValue: a.keyValue, KopiaSnapshot: a.kopiaSnapshot },
      ]),
    ),
    Time: new Date().toISOString(),
    ...(spec.profile
      ? {
          Profile: {
            Location: {
              type: 's3Compliant',
              bucket: p.bucket,
              endpoint: p.endpoint ?? '',
              prefix: p.prefix,
              region: p.region,
            },
            Credential: { Type: '' },
            SkipSSLVerify: false,
          },
        }
      : {}),
  };
  return runAction({
    blueprint,
    action: spec.name,
    params,
    functions: functionLookup(clients),
    renderer: createRenderer(),
    resolver,
    run: rc,
    redactor,
  });
}

function actionStatus(spec: ActionSpec, result: ActionResult) {
  const phase = (p: PhaseRecord) => ({
    name: p.name,
    state: STATE[p.state],
    ...(p.output ? { output: p.output } : {}),
  });
  const deferred = result.phases.find((p) => p.deferred);
  return {
    name: spec.name,
    object: spec.object,
    blueprint: spec.blueprint,
    phases: result.phases.filter((p) => !p.deferred).map(phase),
    ...(deferred ? { deferPhase: phase(deferred) } : {}),
    ...(result.artifacts ? { artifacts: result.artifacts } : {}),
  };
}

export async function runActionSetCommand(file: string, opts: RunActionSetOptions, io: Io): Promise<ExitCode> {
  const loaded = loadKanisterDocuments(await readText(file), file);
  for (const d of loaded.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const actionSet = loaded.actionSets[0]?.value;
  if (hasErrors(loaded.diagnostics) || !actionSet) {
    throw new CliError(`${file}: expected a valid Kanister ActionSet (run holdfast validate ${file})`);
  }
  return withBackend({ ...opts, configFiles: [opts.blueprint] }, io, async (backend) => {
    const local = requireLocal(backend, 'holdfast run (an ActionSet)');
    const actions = [];
    let error: string | undefined;
    for (const spec of actionSet.spec.actions) {
      const result = await runOne(local, spec, opts);
      actions.push(actionStatus(spec, result));
      if (result.status === 'failed') {
        error ??= result.error?.message ?? `action ${spec.name} failed`;
        break;
      }
    }
    const done = actions.flatMap((a) => a.phases).filter((p) => p.state === 'complete').length;
    const total = actionSet.spec.actions.length === actions.length ? actions.flatMap((a) => a.phases).length : done + 1;
    const status = {
      state: (error ? 'failed' : 'complete') as KanisterState,
      actions,
      ...(error ? { error: { message: error } } : {}),
      progress: {
        percentCompleted: (total === 0 ? 100 : (done / total) * 100).toFixed(2),
        lastTransitionTime: new Date().toISOString(),
      },
    };
    const out = { ...actionSet, status };
    if (opts.output === 'json') printJson(io, out);
    else io.stdout(stringify(out, { lineWidth: 0 }));
    return error ? ExitCode.failed : ExitCode.ok;
  });
}
