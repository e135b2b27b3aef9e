/**
 * DynamoDB Local (AWS's own emulator, installed by scripts/ensure-dynamodb-local.sh into .cache/dynamodb-local/)
 * started on a free 127.0.0.1 port: in memory (tests) or persisted in a directory (the CLI's local mode). The Java
 * launcher binds the emulator to the loopback address and exits when its stdin closes, so an emulator never outlives
 * the process that started it, even one killed outright.
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const emulatorDir = join(repoRoot, '.cache', 'dynamodb-local');
const START_TIMEOUT_MS = 60_000;

export interface DynamoDBLocalProcess {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface DynamoDBLocalOptions {
  /** Persist tables in this directory (one shared database for every key and region); default: in memory. */
  readonly dbPath?: string;
}

export class DynamoDBLocalError extends Error {
  override readonly name = 'DynamoDBLocalError';
}

let installed = false;

/** Installs the emulator (and Java) when missing; quiet and quick when everything is there. */
export function ensureDynamoDBLocalInstalled(): void {
  if (installed) return;
  try {
    execFileSync('bash', [join(repoRoot, 'scripts', 'ensure-dynamodb-local.sh')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim() ?? '';
    throw new DynamoDBLocalError(
      `DynamoDB Local is not installed and scripts/ensure-dynamodb-local.sh failed: ${stderr || String(err)}`,
    );
  }
  installed = true;
}

export function freePort(): Promise<number> {
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

function launch(port: number, options: DynamoDBLocalOptions) {
  const storage = options.dbPath ? ['-dbPath', options.dbPath, '-sharedDb'] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
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
      ...storage,
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

export async function startDynamoDBLocalProcess(options: DynamoDBLocalOptions = {}): Promise<DynamoDBLocalProcess> {
  ensureDynamoDBLocalInstalled();
  // A port found free can be taken before Java binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const { child, output } = launch(port, options);
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
    return {
      endpoint,
      pid: child.pid ?? 0,
      async stop() {
        process.removeListener('exit', killOnExit);
        await stopChild(child);
      },
    };
  }
}
