/**
 * Real PostgreSQL clusters behind the simulated RDS resources: initdb, start/stop with pg_ctl, physical copies with
 * pg_basebackup (a consistent copy of the running cluster as of the end of the call), restores by starting a copy of
 * such a backup, and psql. When running as root every tool runs as the `postgres` OS user through `runuser`.
 * Clusters are tuned for tests: fsync off, 1 MB WAL segments, small shared buffers, no autovacuum.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, chown, mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PostgresCommandError, RdsApiSetupError } from './errors.js';

const TOOLS = ['initdb', 'pg_ctl', 'pg_basebackup', 'psql'] as const;
const DEFAULT_BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/local/bin'];

const SETTINGS = [
  'fsync = off',
  'synchronous_commit = off',
  'full_page_writes = off',
  'shared_buffers = 4MB',
  'max_connections = 30',
  'max_wal_senders = 10',
  'wal_level = replica',
  'min_wal_size = 2MB',
  'max_wal_size = 32MB',
  'autovacuum = off',
  "log_min_messages = 'warning'",
];

export interface PgTools {
  readonly binDir: string;
  /** e.g. `15.18`; reported as EngineVersion. */
  readonly version: string;
  /** uid/gid of the `postgres` OS user when we run as root; tools then run through runuser. */
  readonly owner?: { readonly uid: number; readonly gid: number };
}

function exec(file: string, args: readonly string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, maxBuffer: 512 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C.UTF-8' } },
      (err, stdout, stderr) => {
        if (err) reject(new PostgresCommandError([file, ...args].join(' '), stderr || err.message, err));
        else resolve(stdout);
      },
    );
  });
}

export async function findPgTools(binDir?: string): Promise<PgTools> {
  const candidates = binDir === undefined ? DEFAULT_BIN_DIRS : [binDir];
  const found = candidates.find((dir) => TOOLS.every((tool) => existsSync(join(dir, tool))));
  if (found === undefined) {
    throw new RdsApiSetupError(`PostgreSQL tools (${TOOLS.join(', ')}) not found in ${candidates.join(' or ')}`);
  }
  const version = /\(PostgreSQL\) (\d+(?:\.\d+)?)/.exec(await exec(join(found, 'pg_ctl'), ['--version']))?.[1] ?? '15';
  if (process.getuid?.() !== 0) return { binDir: found, version };
  const uid = Number((await exec('id', ['-u', 'postgres'])).trim());
  const gid = Number((await exec('id', ['-g', 'postgres'])).trim());
  return { binDir: found, version, owner: { uid, gid } };
}

/** Runs a PostgreSQL tool (or cp / test) as the cluster owner. */
export function runTool(
  tools: PgTools,
  tool: (typeof TOOLS)[number] | 'cp' | 'test',
  args: readonly string[],
  timeoutMs?: number,
): Promise<string> {
  const file = tool === 'cp' || tool === 'test' ? tool : join(tools.binDir, tool);
  if (tools.owner === undefined) return exec(file, args, timeoutMs);
  return exec('runuser', ['-u', 'postgres', '--', file, ...args], timeoutMs);
}

/** A directory the cluster owner can write to. */
export async function ownedDir(tools: PgTools, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (tools.owner !== undefined) await chown(dir, tools.owner.uid, tools.owner.gid);
  await chmod(dir, 0o700);
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const quoteForPgCtl = (path: string): string => {
  if (/['\s]/.test(path)) throw new RdsApiSetupError(`path must not contain quotes or spaces: ${path}`);
  return path;
};

/** One PostgreSQL cluster living in `home` (`data/`, `sock/`, `log`). */
export class PgCluster {
  private runningPort: number | undefined;

  private constructor(
    private readonly tools: PgTools,
    readonly home: string,
  ) {}

  get dataDir(): string {
    return join(this.home, 'data');
  }

  get socketDir(): string {
    return join(this.home, 'sock');
  }

  get port(): number | undefined {
    return this.runningPort;
  }

  static async initdb(tools: PgTools, home: string, superuser: string, password: string): Promise<PgCluster> {
    const cluster = new PgCluster(tools, await ownedDir(tools, home));
    const pwfile = join(home, 'pwfile');
    await appendFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (tools.owner !== undefined) await chown(pwfile, tools.owner.uid, tools.owner.gid);
    await runTool(tools, 'initdb', [
      ...['-D', cluster.dataDir, '-U', superuser, `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C.UTF-8'],
      ...['--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync', '--wal-segsize=1'],
    ]);
    await rm(pwfile);
    await appendFile(join(cluster.dataDir, 'postgresql.conf'), `\n# local RDS API\n${SETTINGS.join('\n')}\n`);
    return cluster;
  }

  /** A new cluster whose data directory is a copy of a pg_basebackup taken by `backup`. */
  static async fromBackup(tools: PgTools, backupDir: string, home: string): Promise<PgCluster> {
    const cluster = new PgCluster(tools, await ownedDir(tools, home));
    await runTool(tools, 'cp', ['-a', backupDir, cluster.dataDir]);
    return cluster;
  }

  async start(): Promise<number> {
    await ownedDir(this.tools, this.socketDir);
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const opts = `-p ${port} -k ${quoteForPgCtl(this.socketDir)} -c listen_addresses=127.0.0.1`;
      try {
        await runTool(this.tools, 'pg_ctl', [
          ...['start', '-w', '-t', '60', '-D', this.dataDir, '-l', join(this.home, 'log'), '-o', opts],
        ]);
        this.runningPort = port;
        return port;
      } catch (err) {
        lastError = err; // most likely the port was taken between freePort() and the bind: try another
      }
    }
    throw lastError;
  }

  async stop(): Promise<void> {
    if (this.runningPort === undefined) return;
    try {
      await runTool(this.tools, 'pg_ctl', ['stop', '-w', '-t', '30', '-m', 'fast', '-D', this.dataDir]);
    } catch {
      await runTool(this.tools, 'pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', this.dataDir]).catch(() => {});
    }
    this.runningPort = undefined;
  }

  /** A consistent physical copy of the running cluster into `target` (which must not exist). */
  async backup(superuser: string, target: string): Promise<void> {
    await runTool(this.tools, 'pg_basebackup', [
      ...['-h', this.socketDir, '-p', String(this.requirePort()), '-U', superuser, '-D', target],
      ...['--checkpoint=fast', '--no-sync', '-X', 'stream', '--no-manifest'],
    ]);
  }

  /** Runs SQL through the local socket; rows come back as fields separated by NUL, rows by newlines. */
  async psql(superuser: string, database: string, sql: string): Promise<string> {
    return runTool(this.tools, 'psql', [
      ...['-X', '-q', '-A', '-t', '-z', '-v', 'ON_ERROR_STOP=1'],
      ...['-h', this.socketDir, '-p', String(this.requirePort()), '-U', superuser, '-d', database, '-c', sql],
    ]);
  }

  private requirePort(): number {
    if (this.runningPort === undefined) throw new PostgresCommandError('psql', `cluster ${this.home} is not running`);
    return this.runningPort;
  }
}

/** Quotes an SQL identifier. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
