/**
 * Runs in local mode: the same use cases the durable Lambda functions run (`runBackup`, `runRestore`) with the same
 * production wiring (shared/wiring), on an in-process RunContext. The "starters" handed to `handleInvoke` run each
 * run in this process, one after another, under its execution name: a run that already exists is not started again,
 * as a durable execution of the same name is not.
 */
import { InProcessRunContext } from '../../shared/blueprint/in-process-context.js';
import type { RunContext } from '../../shared/blueprint/run-context.js';
import { validationPorts } from '../../shared/engine/validation-ports.js';
import { type BackupDeps, runBackup } from '../../shared/runtime/backup-run.js';
import { blueprintSource, type ConfigSource, policySource } from '../../shared/runtime/config-sources.js';
import type { InvokeDeps } from '../../shared/runtime/invoke.js';
import type { RestorePointRunDeps } from '../../shared/runtime/ports.js';
import { restoreRunInputSchema, runRestore } from '../../shared/runtime/restore-run.js';
import { type BackupRunInput, backupRunInputSchema } from '../../shared/runtime/run-input.js';
import type { Starter } from '../../shared/runtime/trigger.js';
import { clusterActionRunner } from '../../shared/wiring/action-runner.js';
import { artifactHandler } from '../../shared/wiring/artifacts.js';
import { policyCaptures } from '../../shared/wiring/captures.js';
import { rdsCopyExporter } from '../../shared/wiring/exporter.js';
import { kubeInventory } from '../../shared/wiring/inventory.js';
import { workloadPvcs } from '../../shared/wiring/pvcs.js';
import { claimRun, releaseRun } from './run-owners.js';
import type { LocalSession, LocalTarget } from './session.js';

/** Waits poll quickly in local mode: nothing delivers events to this process. */
export function localRunContext(session: LocalSession, runId: string, signal?: AbortSignal): RunContext {
  return new InProcessRunContext({ log: session.log, runId, signal, firstPollMs: 250, maxPollMs: 2000 });
}

export async function localBackupDeps(
  session: LocalSession,
  config: ConfigSource,
  rc: RunContext,
  input: BackupRunInput,
  target?: LocalTarget,
): Promise<BackupDeps> {
  const clients = await session.clients(input.subject.cluster, target);
  const kube = clients.kube;
  return {
    store: session.runs,
    events: session.events,
    blueprints: blueprintSource(config),
    actions: clusterActionRunner(rc, clients, session.profile),
    captures: (i) =>
      policyCaptures(i, clients, async () =>
        kube ? workloadPvcs(kube, i.subject, i.capture.csiSnapshots?.pvcSelector, rc.signal) : [],
      ),
    exporter: rdsCopyExporter(clients),
  };
}

export async function localRestoreDeps(
  session: LocalSession,
  config: ConfigSource,
  rc: RunContext,
  subjectId: string,
): Promise<RestorePointRunDeps> {
  const clients = await session.clients(subjectId.split('/')[0] ?? '');
  return {
    store: session.runs,
    restorePoints: session.restorePoints,
    events: session.events,
    blueprints: blueprintSource(config),
    actions: clusterActionRunner(rc, clients, session.profile),
    artifacts: artifactHandler(clients),
  };
}

export class LocalRuns {
  /** Execution names of the runs this process started, in order. */
  readonly started: string[] = [];
  /** Runs that could not even start (no run record was written), with why. */
  readonly failures = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();

  constructor(
    private readonly session: LocalSession,
    private readonly config: ConfigSource,
    private readonly configPaths: readonly string[],
  ) {}

  readonly backupStarter: Starter = {
    start: (name, input) =>
      this.enqueue(name, async () => {
        const parsed = backupRunInputSchema.parse(input);
        const rc = localRunContext(this.session, parsed.runId, this.abort.signal);
        await runBackup(parsed, await localBackupDeps(this.session, this.config, rc, parsed), rc);
      }),
  };

  readonly restoreStarter: Starter = {
    start: (name, input) =>
      this.enqueue(name, async () => {
        const parsed = restoreRunInputSchema.parse(input);
        const rc = localRunContext(this.session, parsed.runId, this.abort.signal);
        await runRestore(parsed, await localRestoreDeps(this.session, this.config, rc, parsed.subjectId), rc);
      }),
  };

  /** Resolves when every run started so far has ended. */
  settled(): Promise<void> {
    return this.queue;
  }

  /** handleInvoke's dependencies for this session: the trigger lists the cluster, the starters run here. */
  invokeDeps(): InvokeDeps {
    const { session } = this;
    return {
      policies: policySource(this.config),
      inventory: kubeInventory(async (cluster) => {
        const kube = (await session.clients(cluster)).kube;
        if (!kube) throw new Error(`no access to cluster ${cluster}`);
        return kube;
      }, this.abort.signal),
      backupStarter: this.backupStarter,
      restoreStarter: this.restoreStarter,
      runs: session.runs,
      restorePoints: session.restorePoints,
      validation: validationPorts(),
      log: session.log,
      now: () => new Date(),
    };
  }

  private async enqueue(name: string, run: () => Promise<void>): Promise<'started' | 'existing'> {
    if (this.started.includes(name) || (await this.session.runs.getRun(name))) return 'existing';
    await claimRun(this.session.home, name, { target: { ...this.session.target }, config: [...this.configPaths] });
    this.started.push(name);
    this.queue = this.queue.then(async () => {
      try {
        await run();
      } catch (err) {
        this.failures.set(name, err instanceof Error ? err.message : String(err));
      } finally {
        await releaseRun(this.session.home, name);
      }
    });
    return 'started';
  }
}
