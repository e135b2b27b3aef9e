/**
 * `holdfast backup`: a policy backup now (every subject the policy selects, or `--subject`), or a blueprint's backup
 * of one object (`--blueprint` + `--object`, local mode). Both run the backup use case — quiesce with the hooks,
 * capture, unquiesce, record a restore point — and follow the runs to the end unless `--no-wait` (remote only).
 */
import { existsSync } from 'node:fs';
import { formatDiagnostic, hasErrors } from '../../shared/blueprint/diagnostics.js';
import { loadKanisterDocuments } from '../../shared/blueprint/load.js';
import type { Blueprint } from '../../shared/blueprint/schema.js';
import { loadPolicies } from '../../shared/policy/load.js';
import { runExecutionName } from '../../shared/policy/run-name.js';
import type { RunRecord } from '../../shared/runtime/ports.js';
import { backupRunInputSchema, subjectId } from '../../shared/runtime/run-input.js';
import type { Backend, LocalParts } from '../backend.js';
import { CliError, ExitCode } from '../errors.js';
import { readText } from '../files.js';
import { followRuns } from '../follow.js';
import { parsePairs, readManifest } from '../inputs.js';
import { type Io, type OutputFormat, printJson } from '../output.js';
import { formatRun } from '../run-view.js';
import { type CommonOptions, requireLocal, withBackend } from '../with-backend.js';

export interface BackupOptions extends CommonOptions {
  readonly policy?: string;
  readonly subject?: string;
  readonly blueprint?: string;
  readonly object?: string;
  readonly cluster?: string;
  readonly option: string[];
  readonly wait: boolean;
  readonly output: OutputFormat;
}

/** A policy given by name, or as a file (whose policy joins the configuration). */
export async function policyRef(value: string, io: Io): Promise<{ name: string; file?: string }> {
  if (!/\.ya?ml$/.test(value) || !existsSync(value)) return { name: value };
  const loaded = loadPolicies(await readText(value), value);
  for (const d of loaded.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const first = loaded.policies[0];
  if (hasErrors(loaded.diagnostics) || !first) {
    throw new CliError(`${value}: not a valid Policy (see above; holdfast policies lint ${value})`);
  }
  return { name: first.value.metadata.name, file: value };
}

export async function backupCommand(opts: BackupOptions, io: Io): Promise<ExitCode> {
  const byBlueprint = opts.blueprint !== undefined || opts.object !== undefined;
  if (byBlueprint === (opts.policy !== undefined)) {
    throw new CliError('say what to back up: --policy NAME|FILE, or --blueprint NAME|FILE with --object FILE');
  }
  if (byBlueprint && (!opts.blueprint || !opts.object)) {
    throw new CliError('a blueprint backup needs both --blueprint NAME|FILE and --object FILE');
  }
  const policy = opts.policy ? await policyRef(opts.policy, io) : undefined;
  const configFiles = [policy?.file, opts.blueprint];
  return withBackend({ ...opts, configFiles }, io, async (backend) => {
    let runIds: string[];
    let report: unknown;
    if (policy) {
      const res = await backend.invoke({ action: 'backup', policy: policy.name, subjectId: opts.subject });
      if (res.action !== 'backup') throw new CliError('unexpected answer to a backup request', ExitCode.failed);
      for (const p of res.report.problems) io.stderr(`holdfast: ${p}\n`);
      report = res.report;
      runIds = [...res.report.started, ...res.report.existing];
      if (runIds.length === 0) {
        throw new CliError(`policy ${policy.name} selects nothing to back up (see the problems above, if any)`);
      }
    } else {
      const local = requireLocal(backend, 'a blueprint backup (--blueprint with --object)');
      runIds = [await startBlueprintBackup(local, opts)];
      report = { started: runIds };
    }
    return finish(backend, runIds, report, opts, io);
  });
}

async function startBlueprintBackup(local: LocalParts, opts: BackupOptions): Promise<string> {
  const bp = await blueprintRef(local, opts.blueprint as string);
  const object = await readManifest(opts.object as string);
  const meta = object.metadata as { name: string; namespace?: string };
  const subject = {
    cluster: opts.cluster ?? (local.session.target.sandbox ? 'sandbox' : 'local'),
    namespace: meta.namespace ?? 'default',
    kind: String(object.kind),
    name: meta.name,
  };
  const hooks = ['backupPrehook', 'backupPosthook'].filter((a) => bp.actions[a] !== undefined);
  if (!bp.actions.backup && hooks.length === 0) {
    throw new CliError(`blueprint ${bp.metadata.name} has no backup, backupPrehook or backupPosthook action`);
  }
  const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const runId = runExecutionName('on-demand', subjectId(subject), minute);
  const input = backupRunInputSchema.parse({
    runId,
    policy: 'on-demand',
    subject,
    scheduledTime: minute.toISOString(),
    hooks: hooks.length > 0 ? { blueprint: bp.metadata.name, actions: hooks } : undefined,
    capture: { blueprintBackup: bp.actions.backup ? { blueprint: bp.metadata.name } : undefined },
    options: parsePairs(opts.option, '--option'),
  });
  await local.runs.backupStarter.start(runId, input);
  return runId;
}

/** A blueprint by name (from the configuration) or as a file. */
export async function blueprintRef(local: LocalParts, value: string): Promise<Blueprint> {
  if (/\.ya?ml$/.test(value) && existsSync(value)) {
    const loaded = loadKanisterDocuments(await readText(value), value);
    const bp = loaded.blueprints[0];
    if (!bp) throw new CliError(`${value}: no Blueprint in it (run holdfast validate on it)`);
    // Read through the configuration, which validates it exactly as a run would.
    return local.config.blueprint(bp.value.metadata.name).catch(() => {
      throw new CliError(
        `${value}: blueprint ${bp.value.metadata.name} does not validate (holdfast validate ${value})`,
      );
    });
  }
  return local.config.blueprint(value).catch(() => {
    throw new CliError(
      `blueprint ${value} not found in ${local.configPaths.join(', ') || 'the configuration'}: pass --config DIR or a file`,
    );
  });
}

/** Follows the started runs (or not), prints them, and says by the exit code whether all succeeded. */
export async function finish(
  backend: Backend,
  runIds: readonly string[],
  report: unknown,
  opts: { wait: boolean; output: OutputFormat },
  io: Io,
): Promise<ExitCode> {
  const wait = opts.wait || backend.mode === 'local';
  if (!wait) {
    if (opts.output === 'json') printJson(io, { mode: backend.mode, ...(report as object), runs: [] });
    else for (const id of runIds) io.stdout(`started ${id}: follow it with holdfast runs show ${id} --follow\n`);
    return ExitCode.ok;
  }
  const quiet: Io = { stdout: () => undefined, stderr: () => undefined };
  const runs: RunRecord[] = await followRuns(runIds, backend.runs, opts.output === 'json' ? quiet : io, {
    output: 'text',
    intervalMs: backend.mode === 'local' ? 300 : 2000,
    startFailure: (id) => backend.local?.runs.failures.get(id),
    settled: backend.local?.runs.settled(),
  });
  const restorePoints = [];
  for (const run of runs) {
    if (run.restorePointId)
      restorePoints.push(await backend.restorePoints.getRestorePoint(run.subjectId, run.restorePointId));
  }
  if (opts.output === 'json') {
    printJson(io, { mode: backend.mode, ...(report as object), runs, restorePoints: restorePoints.filter(Boolean) });
  } else {
    for (const run of runs) io.stdout(`\n${formatRun(run)}`);
  }
  return runs.every((r) => r.state === 'succeeded') ? ExitCode.ok : ExitCode.failed;
}
