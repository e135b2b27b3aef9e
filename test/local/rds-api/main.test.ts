import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CreateDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresProcessesUnder, processesUnder, psql, until } from './helpers.js';

const dataDir = mkdtempSync(join(tmpdir(), 'rds-api-cli-'));
let child: ChildProcess | undefined;

/** npx runs `sh -c tsx …`, which does not pass signals on: signal the whole process group, as a terminal would. */
const signalGroup = (signal: NodeJS.Signals) => {
  if (child?.pid !== undefined) process.kill(-child.pid, signal);
};

afterAll(async () => {
  if (processesUnder(dataDir).length > 0) {
    signalGroup('SIGTERM');
    await until(
      async () => processesUnder(dataDir).length,
      (n) => n === 0,
    ).catch(() => signalGroup('SIGKILL'));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

function firstLine(proc: ChildProcess): Promise<string> {
  if (proc.stdout === null) throw new Error('no stdout');
  const lines = createInterface({ input: proc.stdout });
  return new Promise((resolve, reject) => {
    lines.once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
}

describe('npx tsx local/rds-api/main.ts', () => {
  it('prints its URL, serves the RDS API, and stops every PostgreSQL it started on SIGTERM', async () => {
    child = spawn(
      'npx',
      ['tsx', 'local/rds-api/main.ts', '--port', '0', '--data-dir', dataDir, '--delays', 'provisioning=100ms'],
      { cwd: join(import.meta.dirname, '../../..'), stdio: ['ignore', 'pipe', 'inherit'], detached: true },
    );
    const { url } = JSON.parse(await firstLine(child)) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const rds = new RDSClient({
      endpoint: url,
      region: 'sa-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'cli-db',
        Engine: 'postgres',
        DBInstanceClass: 'db.t3.micro',
        MasterUsername: 'app',
        MasterUserPassword: 'cli-password',
      }),
    );
    const out = await until(
      () => rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'cli-db' })),
      (o) => o.DBInstances?.[0]?.DBInstanceStatus === 'available',
    );
    const port = out.DBInstances?.[0]?.Endpoint?.Port ?? 0;
    expect(psql({ port, user: 'app', password: 'cli-password', database: 'postgres' }, 'SELECT 40 + 2')).toBe('42');
    expect(postgresProcessesUnder(dataDir)).toHaveLength(1);
    rds.destroy();

    signalGroup('SIGTERM');
    // The server exits only after stopping its PostgreSQL clusters.
    await until(
      async () => processesUnder(dataDir),
      (lines) => !lines.some((l) => l.includes('main.ts')),
    );
    expect(postgresProcessesUnder(dataDir)).toEqual([]);
  });
});
