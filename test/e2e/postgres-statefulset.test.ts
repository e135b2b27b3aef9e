/**
 * Acceptance: a StatefulSet running a real PostgreSQL 15 (Debian's binaries, run as the `postgres` user) under the
 * local API server; `blueprints/postgresql.yaml` backs it up through the engine (prehook, a pg_dump streamed to the
 * location on s3rver, posthook), rows are deleted, and the restore action (the dump streamed into psql) brings them
 * back — counted.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Location } from '../../shared/aws/location.js';
import { execInPod } from '../../shared/kube/exec.js';
import { repoRoot } from '../support/cli.js';
import { capturingLogger, eventually, type LocalCluster, startLocalCluster } from '../support/kube.js';
import { loadBlueprint, runBlueprintAction } from '../support/run-blueprint.js';
import { type S3rverHandle, startS3rver } from '../support/s3rver.js';

const BIN = '/usr/lib/postgresql/15/bin';
const base = mkdtempSync(join(tmpdir(), 'holdfast-pg-'));
const data = join(base, 'data');
const socket = join(base, 'run');
const signal = new AbortController().signal;
const subject = { kind: 'StatefulSet', namespace: 'db', name: 'pg' };
const blueprint = loadBlueprint(join(repoRoot, 'blueprints/postgresql.yaml'));

let cluster: LocalCluster;
let s3: S3rverHandle;
let location: S3Location;

/** PostgreSQL refuses to run as root: the data directory belongs to `postgres`, and so does the server process. */
function initDatabaseDirectory(): void {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  mkdirSync(socket);
  for (const dir of [base, socket]) chownSync(dir, uid, gid);
  execFileSync(
    'runuser',
    ['-u', 'postgres', '--', `${BIN}/initdb`, '-D', data, '-U', 'postgres', '--auth=trust', '--no-sync'],
    {
      stdio: 'ignore',
    },
  );
}

const statefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'pg', namespace: 'db', annotations: { 'kanister.kasten.io/blueprint': 'postgresql' } },
  spec: {
    replicas: 1,
    serviceName: 'pg',
    selector: { matchLabels: { app: 'pg' } },
    template: {
      metadata: { labels: { app: 'pg' } },
      spec: {
        containers: [
          {
            name: 'postgres',
            image: 'postgres:15',
            // The local kubelet runs this command as a process of this machine; $(PORT) is the local port it gave 5432.
            command: ['runuser', '-u', 'postgres', '--', `${BIN}/postgres`, '-D', data, '-k', socket],
            args: ['-p', '$(PORT)', '-c', 'listen_addresses=', '-c', 'fsync=off'],
            ports: [{ name: 'postgres', containerPort: 5432 }],
            env: [
              { name: 'PGHOST', value: socket },
              { name: 'PGPORT', value: '$(PORT)' },
              { name: 'POSTGRES_USER', value: 'postgres' },
              { name: 'POSTGRES_DB', value: 'shop' },
              { name: 'PATH', value: `${BIN}:/usr/sbin:/usr/bin:/sbin:/bin` },
            ],
            volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
          },
        ],
      },
    },
    volumeClaimTemplates: [
      {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ],
  },
};

/** Runs SQL in the database pod through the exec API, as an operator would with kubectl exec. */
async function sql(statement: string, database = 'shop'): Promise<string> {
  const chunks: Buffer[] = [];
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  await execInPod(cluster.access.config, {
    namespace: 'db',
    pod: 'pg-0',
    command: ['psql', '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-Atc', statement],
    stdout,
    signal,
  });
  return Buffer.concat(chunks).toString('utf8').trim();
}

beforeAll(async () => {
  initDatabaseDirectory();
  [cluster, s3] = await Promise.all([startLocalCluster(), startS3rver()]);
  location = new S3Location({ bucket: s3.bucket, prefix: 'holdfast', region: 'us-east-1', client: s3.client });
  await cluster.core.createNamespace({ body: { metadata: { name: 'db' } } });
  await cluster.objects.create(statefulSet);
  await eventually(() => sql('SELECT 1', 'postgres'), 30_000);
  await sql('CREATE DATABASE shop', 'postgres');
  await sql(
    'CREATE TABLE orders (id int PRIMARY KEY, item text NOT NULL); ' +
      "INSERT INTO orders SELECT g, 'item-' || g FROM generate_series(1, 1000) g",
  );
}, 120_000);

afterAll(async () => {
  await cluster?.api.close();
  await s3?.stop();
  rmSync(base, { recursive: true, force: true });
});

const run = (action: string, artifactsIn?: Record<string, { keyValue?: Record<string, string> }>) =>
  runBlueprintAction({
    blueprint,
    action,
    subject,
    clients: { kube: cluster.access, location },
    log: capturingLogger(),
    ...(artifactsIn ? { artifactsIn } : {}),
  });

describe('PostgreSQL StatefulSet: backup and restore through the engine', () => {
  it('brings back rows deleted after the backup', async () => {
    const pre = await run('backupPrehook');
    expect(pre.status).toBe('succeeded');
    expect(pre.phases[0]?.output?.walLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);

    const backup = await run('backup');
    expect(backup.status).toBe('succeeded');
    const dump = backup.artifacts?.pgDump?.keyValue ?? {};
    expect(dump.path).toBe('postgresql/db/pg/2026-03-01T10-00-00Z/dump.sql');
    expect(dump.sha256).toMatch(/^[0-9a-f]{64}$/);

    const post = await run('backupPosthook');
    expect(post.status).toBe('succeeded');

    await sql('DELETE FROM orders WHERE id > 700');
    expect(await sql('SELECT count(*) FROM orders')).toBe('700');

    const restore = await run('restore', { pgDump: { keyValue: dump } });
    expect(restore.status).toBe('succeeded');
    expect(restore.phases[0]?.output?.size).toBe(Number(dump.size));
    expect(await sql('SELECT count(*) FROM orders')).toBe('1000');
    expect(await sql('SELECT item FROM orders WHERE id = 999')).toBe('item-999');
  });
});
