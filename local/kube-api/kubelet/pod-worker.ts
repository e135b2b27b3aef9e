// Lifecycle of one pod on the local node: init containers in order, then every container supervised
// under the pod's restartPolicy (bounded exponential back-off), the pod phase that follows, exec
// sessions tied to the pod, and graceful termination (SIGTERM, SIGKILL after the grace period).

import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRecord, type KubeObject, nowTimestamp } from '../types.js';
import { Container, type ContainerContext } from './container.js';
import { ContainerConfigError } from './env.js';
import { buildPodStatus, PodConditions, type PodPhase } from './pod-status.js';
import { type StartedProcess, stopGroup } from './processes.js';
import { type PodSpec, podSpecSchema } from './spec.js';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export interface PodWorkerOptions extends Omit<ContainerContext, 'pod' | 'changed'> {
  backoff: BackoffOptions;
  /** Receives every new status; writes it to the API. */
  publish(status: Record<string, unknown>): void;
}

const CONFIG_RETRY_MS = 1000;

function previousRestarts(pod: KubeObject): Map<string, number> {
  const counts = new Map<string, number>();
  const status = isRecord(pod.status) ? pod.status : {};
  for (const list of [status.containerStatuses, status.initContainerStatuses]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (isRecord(entry) && typeof entry.name === 'string' && typeof entry.restartCount === 'number') {
        counts.set(entry.name, entry.restartCount + 1);
      }
    }
  }
  return counts;
}

export class PodWorker {
  readonly spec: PodSpec;
  readonly init: Container[];
  readonly main: Container[];
  readonly execs = new Set<StartedProcess>();
  phase: PodPhase = 'Pending';
  #initialized = false;
  #terminating = false;
  readonly #abort = new AbortController();
  readonly #conditions = new PodConditions();
  readonly #startTime = nowTimestamp();

  constructor(
    public pod: KubeObject,
    private readonly options: PodWorkerOptions,
  ) {
    this.spec = podSpecSchema.parse(pod.spec);
    const ctx: ContainerContext = { ...options, pod: () => this.pod, changed: () => this.#publish() };
    const restarts =
      pod.status && isRecord(pod.status) && pod.status.phase === 'Running' ? previousRestarts(pod) : new Map();
    const make = (spec: PodSpec['containers'][number]): Container => {
      const container = new Container(spec, ctx);
      container.restartCount = restarts.get(spec.name) ?? 0;
      return container;
    };
    this.init = (this.spec.initContainers ?? []).map(make);
    this.main = this.spec.containers.map(make);
  }

  get terminal(): boolean {
    return this.phase === 'Succeeded' || this.phase === 'Failed';
  }

  container(name: string): Container | undefined {
    return this.main.find((c) => c.name === name) ?? this.init.find((c) => c.name === name);
  }

  async run(): Promise<void> {
    mkdirSync(this.options.podDir, { recursive: true });
    this.#publish();
    for (const container of this.init) {
      const ok = await this.#supervise(container, true);
      if (this.#terminating) return;
      if (!ok) {
        this.#finish('Failed');
        return;
      }
    }
    this.#initialized = true;
    this.#publish();
    await Promise.all(this.main.map((c) => this.#supervise(c, false)));
  }

  async terminate(graceSeconds: number): Promise<void> {
    this.#terminating = true;
    this.#abort.abort();
    const graceMs = graceSeconds * 1000;
    await Promise.all([
      ...[...this.init, ...this.main].map((c) => c.stop(graceMs)),
      ...[...this.execs].map((e) => stopGroup(e, graceMs, this.options.reaper)),
    ]);
  }

  /** Runs a container until it is done; for init containers resolves true when it exited 0. */
  async #supervise(container: Container, init: boolean): Promise<boolean> {
    for (let attempt = 0; !this.#terminating; attempt++) {
      let code: number | undefined;
      try {
        code = await container.run();
      } catch (error) {
        if (!(error instanceof ContainerConfigError)) throw error;
        container.markWaiting(error);
        if (!(await this.#wait(CONFIG_RETRY_MS))) return false;
        continue;
      }
      if (code === undefined || this.#terminating) return false;
      const policy = this.spec.restartPolicy;
      const restart = init
        ? code !== 0 && policy !== 'Never'
        : policy === 'Always' || (policy === 'OnFailure' && code !== 0);
      if (!restart) {
        container.done = true;
        if (!init) this.#settle();
        return code === 0;
      }
      const delay = Math.min(this.options.backoff.maxMs, this.options.backoff.initialMs * 2 ** attempt);
      container.scheduleRestart(delay);
      if (!(await this.#wait(delay))) return false;
    }
    return false;
  }

  async #wait(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.#abort.signal });
      return true;
    } catch {
      return false;
    }
  }

  /** Once every container is done for good the pod is Succeeded (all exited 0) or Failed. */
  #settle(): void {
    if (!this.main.every((c) => c.done)) return;
    const ok = this.main.every((c) => 'terminated' in c.state && c.state.terminated.exitCode === 0);
    this.#finish(ok ? 'Succeeded' : 'Failed');
  }

  #finish(phase: PodPhase): void {
    this.phase = phase;
    this.#publish();
  }

  #publish(): void {
    if (this.#terminating && !this.terminal) return;
    if (!this.terminal) this.phase = this.#initialized && this.main.some((c) => c.everStarted) ? 'Running' : 'Pending';
    this.options.publish(
      buildPodStatus(
        {
          phase: this.phase,
          initialized: this.#initialized,
          startTime: this.#startTime,
          init: this.init,
          main: this.main,
        },
        this.#conditions,
      ),
    );
  }
}
