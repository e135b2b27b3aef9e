/**
 * Acceptance: `blueprints/mariadb.yaml` against a real MariaDB 10.11 (Debian's `mariadb-server`, installed by
 * scripts/ensure-mariadb.sh) running as the `mysql` user in a StatefulSet under the local API server, its root
 * password from a Secret. The backup streams a dump to the location on s3rver, rows are deleted and a table is
 * dropped, and the restore brings them back — counted.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/cli.js';
import { eventually } from '../../support/kube.js';
import { loadBlueprint } from '../../support/run-blueprint.js';
import { type BlueprintEdge, deploy, startBlueprintEdge } from './harness.js';

const PASSWORD = 'Maria-r00t "quoted" \\ pa55';
const base = mkdtempSync(join(tmpdir(), 'holdfast-mariadb-'));
const data = join(base, 'data');
const socket = join(base, 'mariadbd.sock');
const subject = { kind: 'StatefulSet', namespace: 'shop', name: 'mariadb' };
const blueprint = loadBlueprint(join(repoRoot, 'blueprints/mariadb.yaml'));
let edge: BlueprintEdge;

/** mariadbd refuses to run as root: the data directory and the server belong to `mysql`. */
function initDataDirectory(): void {
  execFileSync('bash', [join(repoRoot, 'scripts/ensure-mariadb.sh')], { stdio: 'inherit' });
  const uid = Number(execFileSync('id', ['-u', 'mysql']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'mysql']).toString().trim());
  chownSync(base, uid, gid);
  execFileSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      '--user=mysql',
      `--datadir=${data}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--skip-name-resolve',
    ],
    { stdio: 'ignore' },
  );
  // The container's client configuration, as an image ships it: the socket this server listens on.
  writeFileSync(join(base, '.my.cnf'), `[client-server]\nsocket=${socket}\n`);
}

const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'mariadb', namespace: 'shop' },
  stringData: { 'mariadb-root-password': PASSWORD },
};

const statefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'mariadb', namespace: 'shop', annotations: { 'kanister.kasten.io/blueprint': 'mariadb' } },
  spec: {
    replicas: 1,
    serviceName: 'mariadb',
    selector: { matchLabels: { app: 'mariadb' } },
    template: {
      metadata: { labels: { app: 'mariadb' } },
      spec: {
        containers: [
          {
            name: 'mariadb',
            image: 'mariadb:10.11',
            // The local kubelet runs this as a process of this machine; $(PORT) is the local port it gave 3306.
            command: ['runuser', '-u', 'mysql', '--', '/usr/sbin/mariadbd', '--no-defaults', `--datadir=${data}`],
            args: [
              `--socket=${socket}`,
              `--pid-file=${join(base, 'mariadbd.pid')}`,
              '--port=$(PORT)',
              '--bind-address=127.0.0.1',
              '--innodb-buffer-pool-size=16M',
              '--skip-log-error',
            ],
            ports: [{ name: 'mysql', containerPort: 3306 }],
            env: [
              { name: 'HOME', value: base },
              {
                name: 'MARIADB_ROOT_PASSWORD',
                valueFrom: { secretKeyRef: { name: 'mariadb', key: 'mariadb-root-password' } },
              },
            ],
          },
        ],
      },
    },
  },
};

/** A MariaDB string literal. */
const quoted = (text: string) => `'${text.replace(/[\\']/g, '\\$&')}'`;

/** SQL as an operator runs it with kubectl exec (password from the container's environment). */
const sql = (statement: string) =>
  edge.exec('mariadb-0', [
    'bash',
    '-c',
    'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" exec mariadb -uroot --batch --skip-column-names -e "$0"',
    statement,
  ]);

beforeAll(async () => {
  initDataDirectory();
  edge = await startBlueprintEdge({ blueprint, subject });
  await deploy(edge, [secret, statefulSet], 'mariadb-0');
  // A fresh data directory: root has no password yet; the first connection sets the Secret's.
  await eventually(() => edge.exec('mariadb-0', ['mariadb', '-uroot', '-e', 'SELECT 1']), 30_000);
  await edge.exec('mariadb-0', [
    'mariadb',
    '-uroot',
    '-e',
    `ALTER USER root@localhost IDENTIFIED BY ${quoted(PASSWORD)}`,
  ]);
  await sql(
    'CREATE DATABASE shop; CREATE DATABASE audit; ' +
      'CREATE TABLE shop.orders (id INT PRIMARY KEY, item VARCHAR(40) NOT NULL) ENGINE=InnoDB; ' +
      'INSERT INTO shop.orders SELECT seq, CONCAT("item-", seq) FROM shop.seq_1_to_1000; ' +
      'CREATE TABLE audit.events (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT INTO audit.events SELECT seq FROM audit.seq_1_to_50',
  );
}, 120_000);

afterAll(async () => {
  await edge?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('blueprints/mariadb.yaml against a real MariaDB', () => {
  it('brings back rows deleted and a table dropped after the backup; the password is never logged', async () => {
    const backup = await edge.run('backup');
    expect(backup.status, backup.error?.message).toBe('succeeded');
    const dump = backup.artifacts?.mysqlDump?.keyValue ?? {};
    expect(dump.path).toBe('mariadb/shop/mariadb/2026-03-01T10-00-00Z/dump.sql');
    expect(dump.sha256).toMatch(/^[0-9a-f]{64}$/);

    const stored = await edge.s3.client.send(
      new GetObjectCommand({ Bucket: edge.s3.bucket, Key: `holdfast/${dump.path}` }),
    );
    const text = gunzipSync(Buffer.from(await (stored.Body?.transformToByteArray() ?? new Uint8Array()))).toString();
    expect(text).toContain('CREATE DATABASE /*!32312 IF NOT EXISTS*/ `shop`');
    expect(text).toContain('CREATE DATABASE /*!32312 IF NOT EXISTS*/ `audit`');
    expect(text).not.toMatch(/CREATE DATABASE .*`(mysql|sys|performance_schema)`/);

    await sql('DELETE FROM shop.orders WHERE id > 700; DROP TABLE audit.events');
    expect(await sql('SELECT COUNT(*) FROM shop.orders')).toBe('700');

    const restore = await edge.run('restore', { artifactsIn: { mysqlDump: { keyValue: dump } } });
    expect(restore.status, restore.error?.message).toBe('succeeded');
    expect(restore.phases[0]?.output?.size).toBe(Number(dump.size));
    expect(await sql('SELECT COUNT(*) FROM shop.orders')).toBe('1000');
    expect(await sql('SELECT item FROM shop.orders WHERE id = 999')).toBe('item-999');
    expect(await sql('SELECT COUNT(*) FROM audit.events')).toBe('50');

    const everything = JSON.stringify([backup, restore]) + edge.log.text();
    expect(everything).not.toContain('Maria-r00t');
  });

  it("fails the backup with the server's error when the password no longer matches, storing nothing", async () => {
    await sql(`ALTER USER root@localhost IDENTIFIED BY ${quoted('rotated-elsewhere')}`);
    try {
      const result = await edge.run('backup', { time: '2026-03-02T10:00:00Z' });
      expect(result.status).toBe('failed');
      expect(result.error?.message).toContain("Access denied for user 'root'@'localhost' (using password: YES)");
      const listed = await edge.s3.client.send(
        new ListObjectsV2Command({ Bucket: edge.s3.bucket, Prefix: 'holdfast/mariadb/shop/mariadb/2026-03-02' }),
      );
      expect(listed.KeyCount ?? 0).toBe(0);
    } finally {
      await edge.exec('mariadb-0', [
        'bash',
        '-c',
        `MYSQL_PWD=rotated-elsewhere mariadb -uroot -e "$0"`,
        `ALTER USER root@localhost IDENTIFIED BY ${quoted(PASSWORD)}`,
      ]);
    }
  });
});
