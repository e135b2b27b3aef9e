/**
 * Test scaffolding for the local RDS API: a server in a temp dir, SDK clients per simulated region, psql over TCP
 * with the master password (as an application would connect), an HTTP receiver for events, and a check that no
 * PostgreSQL process of a data dir is left.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RDSClient } from '@aws-sdk/client-rds';
import type { RdsApi, RdsApiOptions, RdsEvent } from '../../../local/rds-api/index.js';
import { startRdsApi } from '../../../local/rds-api/index.js';

const PSQL = '/usr/lib/postgresql/15/bin/psql';

export const FAST_DELAYS = {
  provisioning: 50,
  restoring: 50,
  creating: 50,
  copying: 50,
  deleting: 20,
  exportStarting: 50,
  exportRunning: 50,
  canceling: 20,
};

export interface TestApi {
  readonly api: RdsApi;
  readonly dataDir: string;
  client(region?: string): RDSClient;
  /** Stops the server and removes its data dir. */
  stop(): Promise<void>;
}

export async function startTestApi(options: Partial<RdsApiOptions> = {}): Promise<TestApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rds-api-test-'));
  const api = await startRdsApi({ dataDir, delays: FAST_DELAYS, log: () => {}, ...options });
  const clients: RDSClient[] = [];
  return {
    api,
    dataDir,
    client(region = 'us-east-1') {
      const client = new RDSClient({
        endpoint: api.url,
        region,
        credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const c of clients) c.destroy();
      await api.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Connection {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** Runs SQL over TCP with password authentication; returns unaligned, tuples-only output. */
export function psql(conn: Connection, sql: string): string {
  return execFileSync(
    PSQL,
    [
      '-X',
      '-A',
      '-t',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      '127.0.0.1',
      '-p',
      String(conn.port),
      '-U',
      conn.user,
      '-d',
      conn.database,
      '-c',
      sql,
    ],
    { env: { ...process.env, PGPASSWORD: conn.password, PGCONNECT_TIMEOUT: '5' }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
    .toString()
    .trim();
}

/** Polls until `probe` returns a value `accept` likes (every 50 ms, up to 30 s). */
export async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Live (not zombie) processes whose command line mentions `dir`. */
export function processesUnder(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'stat=,args=']).toString();
  return out.split('\n').filter((line) => line.includes(dir) && !line.trim().startsWith('Z'));
}

/** The postmasters of the PostgreSQL clusters kept under `dir` (their workers die with them). */
export const postgresProcessesUnder = (dir: string): string[] =>
  processesUnder(dir).filter((line) => line.includes(`/postgres -D ${dir}`));

export interface EventReceiver {
  readonly url: string;
  readonly received: RdsEvent[];
  close(): Promise<void>;
}

/** A local HTTP endpoint collecting POSTed events in arrival order. */
export async function startEventReceiver(): Promise<EventReceiver> {
  const received: RdsEvent[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as RdsEvent);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/events`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
