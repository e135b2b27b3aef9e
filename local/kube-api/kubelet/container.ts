// One container of a pod across its restarts: resolves env and working dir, maps declared
// containerPorts to free local ports, runs `command`+`args` as a local process group (or "sleeps"
// when there is nothing to run), logs its output, and reports state in Kubernetes' shape.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type KubeObject, nowTimestamp } from '../types.js';
import { ContainerConfigError, type EnvSources, expandVars, resolveEnv } from './env.js';
import { ContainerLog } from './logs.js';
import { exitCodeOf, freePort, killGroup, type StartedProcess, startProcess, stopGroup } from './processes.js';
import type { Reaper } from './reaper.js';
import type { ContainerSpec } from './spec.js';

export interface ContainerContext {
  pod(): KubeObject;
  podDir: string;
  logDir: string;
  envSources: EnvSources;
  baseEnv: Record<string, string>;
  imageCommands: Record<string, string[]>;
  /** Image name (with or without tag) → directories put in front of PATH: the binaries the image brings. */
  imagePath: Record<string, string[]>;
  reaper: Reaper;
  changed(): void;
}

export type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | {
      terminated: {
        exitCode: number;
        reason: string;
        message?: string;
        startedAt: string;
        finishedAt: string;
        containerID?: string;
      };
    };

export class Container {
  readonly name: string;
  restartCount = 0;
  everStarted = false;
  state: ContainerState = { waiting: { reason: 'ContainerCreating' } };
  lastState: ContainerState | Record<string, never> = {};
  /** Set once the supervisor decided this container will not run again. */
  done = false;
  env: Record<string, string> = {};
  cwd = '';
  /** containerPort → local port, fixed for the pod's lifetime. */
  readonly ports = new Map<number, number>();
  log: ContainerLog | undefined;
  #process: StartedProcess | undefined;
  #stopped = false;
  #wake: (() => void) | undefined;

  constructor(
    readonly spec: ContainerSpec,
    private readonly ctx: ContainerContext,
  ) {
    this.name = spec.name;
  }

  get running(): boolean {
    return 'running' in this.state;
  }

  get pid(): number | undefined {
    return this.#process?.child.pid;
  }

  logPath(instance = this.restartCount): string {
    return join(this.ctx.logDir, this.name, `${instance}.log`);
  }

  /** Port variables for the container: PORT (first port), HOLDFAST_PORT_<name> and HOLDFAST_PORT_<number>. */
  async allocatePorts(): Promise<Record<string, string>> {
    const env: Record<string, string> = {};
    for (const port of this.spec.ports ?? []) {
      if (!this.ports.has(port.containerPort)) this.ports.set(port.containerPort, await freePort());
      const local = String(this.ports.get(port.containerPort));
      env.PORT ??= local;
      env[`HOLDFAST_PORT_${port.containerPort}`] = local;
      if (port.name) env[`HOLDFAST_PORT_${port.name.toUpperCase().replaceAll('-', '_')}`] = local;
    }
    return env;
  }

  /** Runs one instance; resolves with its exit code, or undefined when it was stopped or only slept. */
  async run(): Promise<number | undefined> {
    if (this.#stopped) return undefined;
    const portEnv = await this.allocatePorts();
    // Stopped while ports were allocated: start nothing (everything below is synchronous).
    if (this.#stopped) return undefined;
    const base = { ...this.ctx.baseEnv, ...portEnv, ...this.#imagePathEnv() };
    this.env = resolveEnv(this.spec, this.ctx.pod(), this.ctx.envSources, base);
    this.cwd = this.#workingDir();
    const command = this.#command();
    this.log = new ContainerLog(this.logPath());
    const startedAt = nowTimestamp();
    this.state = { running: { startedAt } };
    this.everStarted = true;
    if (!command) {
      this.ctx.changed();
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.log.end();
      return undefined;
    }
    return this.#runProcess(command, startedAt);
  }

  async #runProcess(command: string[], startedAt: string): Promise<number | undefined> {
    const log = this.log as ContainerLog;
    const started = startProcess(command, {
      cwd: this.cwd,
      env: this.env,
      stdin: false,
      stdout: true,
      stderr: true,
      reaper: this.ctx.reaper,
    });
    this.#process = started;
    let startError: string | undefined;
    started.child.once('error', (error) => {
      startError = `failed to start container process: exec: "${command[0]}": ${error.message}`;
    });
    started.child.stdout?.on('data', (chunk: Buffer) => log.write('stdout', chunk));
    started.child.stderr?.on('data', (chunk: Buffer) => log.write('stderr', chunk));
    // When the main process exits the container is over: nothing it forked may outlive it.
    started.child.once('exit', () => killGroup(started.child.pid, 'SIGKILL'));
    this.ctx.changed();
    const { code, signal } = await started.closed;
    log.end();
    const exitCode = startError ? 128 : exitCodeOf(code, signal);
    const reason = startError ? 'StartError' : exitCode === 0 ? 'Completed' : 'Error';
    this.state = {
      terminated: {
        exitCode,
        reason,
        ...(startError ? { message: startError } : {}),
        startedAt,
        finishedAt: nowTimestamp(),
        containerID: `local://${started.child.pid ?? 0}`,
      },
    };
    this.#process = undefined;
    this.ctx.changed();
    return this.#stopped ? undefined : exitCode;
  }

  /** Moves to CrashLoopBackOff before the next instance; the caller waits `delayMs`. */
  scheduleRestart(delayMs: number): void {
    this.lastState = this.state;
    this.restartCount += 1;
    const pod = this.ctx.pod().metadata;
    this.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${Math.round(delayMs / 1000)}s restarting failed container=${this.name} pod=${pod.name}_${pod.namespace}(${pod.uid})`,
      },
    };
    this.ctx.changed();
  }

  markWaiting(error: ContainerConfigError): void {
    const reason = error.message.startsWith('workingDir') ? 'CreateContainerError' : 'CreateContainerConfigError';
    this.state = { waiting: { reason, message: error.message } };
    this.ctx.changed();
  }

  async stop(graceMs: number): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    const current = this.#process;
    if (current) await stopGroup(current, graceMs, this.ctx.reaper);
  }

  #workingDir(): string {
    const dir = this.spec.workingDir;
    if (!dir) return this.ctx.podDir;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new ContainerConfigError(
        `workingDir "${dir}" does not exist on this machine (the local kubelet does not create it)`,
      );
    }
    return dir;
  }

  #imagePathEnv(): Record<string, string> {
    const dirs = byImage(this.ctx.imagePath, this.spec.image ?? '');
    if (!dirs || dirs.length === 0) return {};
    const rest = this.ctx.baseEnv.PATH;
    return { PATH: [...dirs, ...(rest ? [rest] : [])].join(':') };
  }

  #command(): string[] | undefined {
    const mapped = byImage(this.ctx.imageCommands, this.spec.image ?? '');
    const entrypoint = this.spec.command && this.spec.command.length > 0 ? this.spec.command : mapped;
    if (!entrypoint || entrypoint.length === 0) return undefined;
    return [...entrypoint, ...(this.spec.args ?? [])].map((part) => expandVars(part, this.env));
  }
}

/** Looks an image up with its tag or digest, then without. */
function byImage<T>(map: Record<string, T>, image: string): T | undefined {
  return map[image] ?? map[image.replace(/[:@][^/]*$/, '')];
}
