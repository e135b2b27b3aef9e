/**
 * DynamoDB Local (AWS's own emulator, installed by scripts/ensure-dynamodb-local.sh) for tests: one in-memory
 * instance per test file on a free 127.0.0.1 port, stopped by `stop()`, on process exit, and — because the launcher
 * exits when its stdin closes — even when the test process is killed outright.
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { createStore, type Store } from '../../shared/aws/store/index.js';
import { createStoreTable } from '../../shared/aws/store/table.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const emulatorDir = join(repoRoot, '.cache', 'dynamodb-local');
const START_TIMEOUT_MS = 60_000;

export interface DynamoDBLocal {
  readonly endpoint: string;
  /** A client for this instance (dummy credentials; DynamoDB Local keeps one database per key and region). */
  readonly client: DynamoDBClient;
  /** Creates a fresh table with the store's schema and TTL; a table per test keeps tests independent. */
  createTable(): Promise<string>;
  stop(): Promise<void>;
}

export class DynamoDBLocalError extends Error {
  override readonly name = 'DynamoDBLocalError';
}

let installed = false;

function ensureInstalled(): void {
  if (installed) return;
  try {
    execFileSync('bash', [join(repoRoot, 'scripts', 'ensure-dynamodb-local.sh')], {
      stdio: ['ignore', 'inherit', 'pipe'],
    });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new DynamoDBLocalError(`scripts/ensure-dynamodb-local.sh failed: ${stderr || String(err)}`);
  }
  installed = true;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function launch(port: number): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(emulatorDir, 'DynamoDBLocal_lib')}`,
      '-Xmx256m',
      // Short-lived and small: fast start and little CPU matter more than peak throughput.
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-cp',
      `${join(emulatorDir, 'DynamoDBLocal.jar')}:${join(emulatorDir, 'loopback')}`,
      'LoopbackDynamoDBLocal',
      '-inMemory',
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    { cwd: emulatorDir, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, output: () => output };
}

/** Resolves once a ListTables call answers; rejects if the process exits first. */
async function waitUntilAnswering(endpoint: string, child: ChildProcessWithoutNullStreams): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new DynamoDBLocalError('exited while starting');
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.0',
          'X-Amz-Target': 'DynamoDB_20120810.ListTables',
          Authorization:
            'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: '{}',
      });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new DynamoDBLocalError(`did not answer within ${START_TIMEOUT_MS / 1000}s`);
}

async function stopChild(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function startDynamoDBLocal(): Promise<DynamoDBLocal> {
  ensureInstalled();
  // A port found free can be taken before Java binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const { child, output } = launch(port);
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    try {
      await waitUntilAnswering(endpoint, child);
    } catch (err) {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
      if (attempt < 3) continue;
      throw new DynamoDBLocalError(`DynamoDB Local on port ${port}: ${(err as Error).message}\n${output()}`);
    }
    const client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    return {
      endpoint,
      client,
      async createTable() {
        const name = `holdfast-${randomUUID()}`;
        await createStoreTable(client, name);
        return name;
      },
      async stop() {
        client.destroy();
        process.removeListener('exit', killOnExit);
        await stopChild(child);
      },
    };
  }
}

/**
 * One DynamoDB Local for the calling test file (started in beforeAll, stopped in afterAll). The returned function
 * makes a store on a fresh table, with an optional clock.
 */
export function useDynamoDBLocal(): { freshStore(clock?: () => Date): Promise<Store>; instance(): DynamoDBLocal } {
  let ddb: DynamoDBLocal | undefined;
  beforeAll(async () => {
    ddb = await startDynamoDBLocal();
  });
  afterAll(async () => {
    await ddb?.stop();
  });
  const instance = () => {
    if (!ddb) throw new DynamoDBLocalError('DynamoDB Local is not started: call useDynamoDBLocal() at file level');
    return ddb;
  };
  return {
    instance,
    async freshStore(clock) {
      const local = instance();
      const tableName = await local.createTable();
      return createStore({ client: local.client, tableName, ...(clock ? { clock } : {}) });
    },
  };
}

/** A clock tests move by hand. */
export class TestClock {
  constructor(private time: Date = new Date('2026-03-01T10:00:00.000Z')) {}
  readonly now = (): Date => this.time;
  advance(seconds: number): void {
    this.time = new Date(this.time.getTime() + seconds * 1000);
  }
}
