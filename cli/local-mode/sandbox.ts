/**
 * The sandbox (`--sandbox`, and the demo): the repository's local Kubernetes API (objects persisted under
 * `<home>/sandbox/kube`; containers are local processes) and local RDS API (real PostgreSQL behind simulated DB
 * instances, in memory: its instances live as long as the sandbox runs). Both are started as their own processes —
 * product code reaches them only through real clients at their URLs — each under a small shell watcher that stops
 * it when the service host is gone, however the host ended.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LocalHome } from './home.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const START_TIMEOUT_MS = 60_000;
const PG_BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/local/bin'];

export interface SandboxEndpoints {
  /** The local Kubernetes API (plain HTTP: clients need skipTLSVerify). */
  readonly kube: string;
  /** The local RDS API (AWS Query protocol). */
  readonly rds: string;
}

/** Simulated RDS delays, short enough for a demo, long enough that waits are really waited on. */
const RDS_DELAYS =
  'provisioning=200,restoring=500,creating=300,copying=500,deleting=200,exportStarting=200,exportRunning=300,canceling=200';

export class SandboxError extends Error {
  override readonly name = 'SandboxError';
}

// The watcher: runs the server in the background, forwards SIGTERM to it, and stops it when the host disappears.
const WATCHER = [
  '"$@" & child=$!',
  "trap 'kill -TERM $child 2>/dev/null' TERM INT",
  'while kill -0 $child 2>/dev/null; do',
  '  kill -0 "$HOLDFAST_HOST_PID" 2>/dev/null || { kill -TERM $child 2>/dev/null; break; }',
  '  sleep 0.5',
  'done',
  'wait $child',
].join('\n');

function tsxLoader(): string {
  return createRequire(import.meta.url).resolve('tsx');
}

/** The directory holding psql, pg_dump and postgres: what a `postgres` image would bring. */
export function postgresBinDir(): string | undefined {
  return PG_BIN_DIRS.find((d) => existsSync(join(d, 'postgres')) && existsSync(join(d, 'pg_dump')));
}

interface Started {
  readonly url: string;
  readonly child: ChildProcess;
}

async function startServer(name: string, main: string, args: string[], log: string[]): Promise<Started> {
  const child = spawn('sh', ['-c', WATCHER, 'sh', process.execPath, '--import', tsxLoader(), main, ...args], {
    cwd: repoRoot,
    env: { ...process.env, HOLDFAST_HOST_PID: String(process.pid) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a last-resort SIGKILL reaches the server behind the watcher too.
    detached: true,
  });
  child.stderr?.on('data', (chunk: Buffer) => log.push(`${name}: ${chunk.toString().trimEnd()}`));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new SandboxError(`${name} did not start within 60s`)), START_TIMEOUT_MS);
    child.once('exit', (code) => reject(new SandboxError(`${name} exited while starting (code ${code})`)));
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { url?: unknown };
        if (typeof parsed.url === 'string') {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      } catch {
        log.push(`${name}: ${line}`);
      }
    });
  });
  return { url, child };
}

async function stopServer(started: Started, graceMs = 30_000): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

/** PostgreSQL servers a sandbox killed outright left behind (their data dirs say which): stop them. */
async function reapLeftovers(marker: string): Promise<void> {
  const previous = await readFile(marker, 'utf8').catch(() => '');
  if (!previous || !existsSync(previous)) return;
  const pgRoot = join(previous, 'pg');
  for (const dir of existsSync(pgRoot) ? readdirSync(pgRoot) : []) {
    const pidFile = join(pgRoot, dir, 'data', 'postmaster.pid');
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // Already gone.
      }
    }
  }
  await rm(previous, { recursive: true, force: true });
}

export async function startSandbox(
  home: LocalHome,
  log: string[],
): Promise<{ endpoints: SandboxEndpoints; stop(): Promise<void> }> {
  const marker = join(home.dir('sandbox'), 'rds-data-dir');
  await reapLeftovers(marker);
  // PostgreSQL runs as the `postgres` user when we are root: its data must sit where that user can reach it.
  const rdsData = await mkdtemp(join(tmpdir(), 'holdfast-sandbox-rds-'));
  await writeFile(marker, rdsData);
  const pgBin = postgresBinDir();
  const imagePath = pgBin ? { postgres: [pgBin], 'bitnami/postgresql': [pgBin] } : {};
  const [kube, rds] = await Promise.allSettled([
    startServer(
      'kube-api',
      join(repoRoot, 'local/kube-api/main.ts'),
      ['--port', '0', '--state-dir', home.dir('sandbox', 'kube'), '--image-path', JSON.stringify(imagePath)],
      log,
    ),
    startServer(
      'rds-api',
      join(repoRoot, 'local/rds-api/main.ts'),
      ['--port', '0', '--data-dir', rdsData, '--delays', RDS_DELAYS, '--default-region', 'us-east-1'],
      log,
    ),
  ]);
  if (kube.status === 'rejected' || rds.status === 'rejected') {
    for (const s of [kube, rds]) if (s.status === 'fulfilled') await stopServer(s.value);
    const why = [kube, rds].flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    throw new SandboxError(`${why.join('; ')}\n${log.slice(-20).join('\n')}`);
  }
  return {
    endpoints: { kube: kube.value.url, rds: rds.value.url },
    async stop() {
      await Promise.all([stopServer(kube.value), stopServer(rds.value)]);
      await rm(rdsData, { recursive: true, force: true });
      await rm(marker, { force: true });
    },
  };
}
