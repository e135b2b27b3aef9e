/**
 * Acceptance: `blueprints/redis.yaml` against a real Redis 7.0 (Debian's `redis-server`, installed by
 * scripts/ensure-redis.sh) with a password from a Secret, `masterauth` and AOF on, run as the `redis` user in a
 * StatefulSet under the local API server. The backup streams an RDB to the location on s3rver; keys are deleted and
 * others added; the restore brings the dataset back as it was — counted — and leaves no throw-away server behind.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/cli.js';
import { eventually } from '../../support/kube.js';
import { loadBlueprint } from '../../support/run-blueprint.js';
import { type BlueprintEdge, deploy, downloadAll, startBlueprintEdge } from './harness.js';

const PASSWORD = 'Redis-s3cret-passw0rd';
const base = mkdtempSync(join(tmpdir(), 'holdfast-redis-'));
const data = join(base, 'data');
const subject = { kind: 'StatefulSet', namespace: 'cache', name: 'redis' };
const blueprint = loadBlueprint(join(repoRoot, 'blueprints/redis.yaml'));
let edge: BlueprintEdge;

function prepareDataDirectory(): void {
  execFileSync('bash', [join(repoRoot, 'scripts/ensure-redis.sh')], { stdio: 'inherit' });
  const uid = Number(execFileSync('id', ['-u', 'redis']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'redis']).toString().trim());
  mkdirSync(data);
  for (const dir of [base, data]) chownSync(dir, uid, gid);
}

const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'redis', namespace: 'cache' },
  stringData: { 'redis-password': PASSWORD },
};

const statefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'redis', namespace: 'cache', annotations: { 'kanister.kasten.io/blueprint': 'redis' } },
  spec: {
    replicas: 1,
    serviceName: 'redis',
    selector: { matchLabels: { app: 'redis' } },
    template: {
      metadata: { labels: { app: 'redis' } },
      spec: {
        containers: [
          {
            name: 'redis',
            image: 'bitnami/redis:7.0',
            // The local kubelet runs this as a process of this machine; $(PORT) is the local port it gave 6379.
            command: ['runuser', '-u', 'redis', '--', '/usr/bin/redis-server'],
            args: [
              '--port',
              '$(PORT)',
              '--bind',
              '127.0.0.1',
              '--dir',
              data,
              '--requirepass',
              '$(REDIS_PASSWORD)',
              '--masterauth',
              '$(REDIS_PASSWORD)',
              '--appendonly',
              'yes',
              '--save',
              '',
            ],
            ports: [{ name: 'redis', containerPort: 6379 }],
            env: [
              { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis', key: 'redis-password' } } },
              { name: 'REDIS_PORT_NUMBER', value: '$(PORT)' },
            ],
          },
        ],
      },
    },
  },
};

/** A command as an operator runs it with kubectl exec (password from the container's environment). */
const redis = (...command: string[]) =>
  edge.exec('redis-0', [
    'sh',
    '-c',
    'REDISCLI_AUTH="$REDIS_PASSWORD" exec redis-cli -p "$REDIS_PORT_NUMBER" "$@"',
    'redis-cli',
    ...command,
  ]);

const leftovers = () => readdirSync(data).filter((name) => name.startsWith('holdfast-restore'));
const throwAwayServers = () =>
  execFileSync('ps', ['-eo', 'stat=,args='])
    .toString()
    .split('\n')
    .filter((line) => line.includes(data) && line.includes('holdfast-restore') && !line.trim().startsWith('Z'));

beforeAll(async () => {
  prepareDataDirectory();
  edge = await startBlueprintEdge({ blueprint, subject });
  await deploy(edge, [secret, statefulSet], 'redis-0');
  await eventually(async () => (await redis('PING')) === 'PONG', 30_000);
  await redis('EVAL', "for i = 1, 1000 do redis.call('SET', 'key:' .. i, 'value-' .. i) end", '0');
  await redis('HSET', 'profile:1', 'name', 'Ada', 'lang', 'en');
}, 120_000);

afterAll(async () => {
  await edge?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('blueprints/redis.yaml against a real Redis', () => {
  it('restores the dataset as it was at backup time; the password is never logged', async () => {
    const backup = await edge.run('backup');
    expect(backup.status, backup.error?.message).toBe('succeeded');
    const rdb = backup.artifacts?.redisRdb?.keyValue ?? {};
    expect(rdb.path).toBe('redis/cache/redis/2026-03-01T10-00-00Z/dump.rdb');
    expect((await downloadAll(edge.location, String(rdb.path))).subarray(0, 5).toString()).toBe('REDIS');

    await redis('EVAL', "for i = 701, 1000 do redis.call('DEL', 'key:' .. i) end", '0');
    await redis('SET', 'written-after-backup', 'x');
    expect(await redis('DBSIZE')).toBe('702');

    const restore = await edge.run('restore', { artifactsIn: { redisRdb: { keyValue: rdb } } });
    expect(restore.status, restore.error?.message).toBe('succeeded');
    expect(restore.phases.map((p) => [p.name, p.state])).toEqual([
      ['load', 'succeeded'],
      ['promote', 'succeeded'],
    ]);
    expect(await redis('DBSIZE')).toBe('1001');
    expect(await redis('GET', 'key:999')).toBe('value-999');
    expect(await redis('HGET', 'profile:1', 'name')).toBe('Ada');
    expect(await redis('EXISTS', 'written-after-backup')).toBe('0');
    // A primary again, taking writes, with nothing of the restore left over.
    expect(await redis('SET', 'after-restore', 'ok')).toBe('OK');
    expect(leftovers()).toEqual([]);
    expect(throwAwayServers()).toEqual([]);
    expect(edge.log.text()).toContain('the backup holds 1001 keys in db 0');

    const everything = JSON.stringify([backup, restore]) + edge.log.text();
    expect(everything).not.toContain(PASSWORD);
  });

  it('promotes a server an interrupted restore left as a replica, even when the next restore fails', async () => {
    mkdirSync(join(data, 'holdfast-restore.cutoff'));
    await redis('REPLICAOF', '127.0.0.1', '1');
    expect(await redis('SET', 'k', 'v')).toContain('READONLY');

    const restore = await edge.run('restore', {
      artifactsIn: { redisRdb: { keyValue: { path: 'redis/cache/redis/missing/dump.rdb' } } },
    });
    expect(restore.status).toBe('failed');
    expect(restore.error?.phase).toBe('load');
    expect(restore.phases[1]).toMatchObject({ name: 'promote', state: 'succeeded' });
    expect(await redis('SET', 'k', 'v')).toBe('OK');
    expect(leftovers()).toEqual([]);
  });
});
