/**
 * Helpers for tests of the CLI's local mode: a fresh HOLDFAST_HOME, the CLI run as a real child process (so it can
 * be killed outright), objects deployed into the sandbox cluster, and the processes a home left running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalHome } from '../../cli/local-mode/home.js';
import { openLocalSession } from '../../cli/local-mode/session.js';
import { silentLogger } from '../../cli/logger.js';
import { processesUnder, settleProcesses } from '../../scripts/demo/leftovers.js';
import { kubeApis } from '../../shared/kube/api.js';
import { repoRoot } from './cli.js';
import { eventually } from './kube.js';

export interface CliChild {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
}

/** A directory for one test file's local mode, readable by the `postgres` user (the sandbox's RDS may run as it). */
export async function freshHome(): Promise<{ dir: string; home: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-cli-'));
  await chmod(dir, 0o755);
  return { dir, home: join(dir, 'home') };
}

export function spawnCli(args: readonly string[], env: Record<string, string>, cwd = repoRoot): CliChild {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const child = spawn(process.execPath, ['--import', tsx, join(repoRoot, 'cli/run.ts'), ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Creates objects in the sandbox cluster of `home` and waits until `pods` pods run there (then lets it stop). */
export async function deployToSandbox(
  home: string,
  objects: readonly { path: string; body: Record<string, unknown> }[],
  pods: { namespace: string; count: number },
): Promise<void> {
  const session = await openLocalSession(new LocalHome(home), { sandbox: true }, silentLogger);
  try {
    const kube = (await session.clients('sandbox')).kube;
    if (!kube) throw new Error('no sandbox cluster');
    const apis = kubeApis(kube.config, { signal: new AbortController().signal });
    for (const o of objects) await apis.raw('POST', o.path, { body: o.body });
    await eventually(async () => {
      const list = (await apis.raw('GET', `/api/v1/namespaces/${pods.namespace}/pods`)) as {
        items?: { status?: { phase?: string } }[];
      };
      return (list.items ?? []).filter((p) => p.status?.phase === 'Running').length >= pods.count;
    }, 60_000);
  } finally {
    await session.close();
  }
}

export { processesUnder, settleProcesses };
