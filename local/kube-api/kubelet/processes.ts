// Process-group plumbing for containers and exec sessions: every local process is started in its own
// process group so that stopping a container also stops whatever it forked, like a real container.

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { Reaper } from './reaper.js';

export interface StartedProcess {
  child: ChildProcess;
  /** Resolves once the process exited and its stdio closed; never rejects. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartOptions {
  cwd: string;
  env: Record<string, string>;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Told about the new process group so it can be killed even if this server dies. */
  reaper: Reaper;
}

export function startProcess(command: string[], options: StartOptions): StartedProcess {
  const [file = '', ...args] = command;
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: [options.stdin ? 'pipe' : 'ignore', options.stdout ? 'pipe' : 'ignore', options.stderr ? 'pipe' : 'ignore'],
  });
  options.reaper.track(child.pid);
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      if (!groupAlive(child.pid)) options.reaper.forget(child.pid);
      resolve({ code, signal });
    });
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  return { child, closed };
}

export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The whole group is already gone.
  }
}

export function groupAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM the group, SIGKILL it after `graceMs` if the leader has not closed by then. */
export async function stopGroup(started: StartedProcess, graceMs: number, reaper: Reaper): Promise<void> {
  const pid = started.child.pid;
  killGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), Math.max(0, graceMs));
  try {
    await started.closed;
  } finally {
    clearTimeout(timer);
    killGroup(pid, 'SIGKILL');
    reaper.forget(pid);
  }
}

/** Exit code as a container runtime reports it: 128 + signal number for signalled processes. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const numbers: Partial<Record<NodeJS.Signals, number>> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGKILL: 9,
    SIGTERM: 15,
    SIGPIPE: 13,
  };
  return 128 + (signal ? (numbers[signal] ?? 0) : 0);
}

/** A free local port (bound then released; the container process binds it next). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}
