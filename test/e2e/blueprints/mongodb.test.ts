/**
 * `blueprints/mongodb.yaml` against stub MongoDB tools (no MongoDB on this machine; see mongodb-stubs.ts): a
 * StatefulSet whose image `bitnami/mongodb` brings the stubs (the local API server's imagePath), its root password in
 * a Secret. Checked: the lock/unlock pairing of the hooks and of the backup action (unlock in its deferPhase, also
 * when the dump fails), the dump taken under the lock, the archive's bytes arriving in mongorestore, and the password
 * in no argument, log, output or error.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/cli.js';
import { loadBlueprint } from '../../support/run-blueprint.js';
import { type BlueprintEdge, deploy, downloadAll, startBlueprintEdge } from './harness.js';
import { ARCHIVE_BYTES, writeMongoStubs } from './mongodb-stubs.js';

const PASSWORD = `Mongo-r00t 'quo"te\\ $(id)`;
const dir = mkdtempSync(join(tmpdir(), 'holdfast-mongodb-'));
const bin = join(dir, 'bin');
const state = join(dir, 'state');
const subject = { kind: 'StatefulSet', namespace: 'db', name: 'mongodb' };
const blueprint = loadBlueprint(join(repoRoot, 'blueprints/mongodb.yaml'));
let edge: BlueprintEdge;

interface Call {
  tool: string;
  args: string[];
  lockCount: number;
  passwordInEnv?: boolean;
  sha256?: string;
  size?: number;
}

const calls = (): Call[] =>
  readFileSync(join(state, 'calls.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Call);
const lockCount = () => Number(readFileSync(join(state, 'lock-count'), 'utf8'));
/** What each mongosh call did, by the server method its script calls. */
const mongoshSteps = () =>
  calls()
    .filter((c) => c.tool === 'mongosh')
    .map((c) => /db\.(fsyncLock|fsyncUnlock|hello)\(\)/.exec(c.args.join(' '))?.[1]);

const objects = [
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'mongodb', namespace: 'db' },
    stringData: { 'mongodb-root-password': PASSWORD },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'mongodb', namespace: 'db', annotations: { 'kanister.kasten.io/blueprint': 'mongodb' } },
    spec: {
      replicas: 1,
      serviceName: 'mongodb-headless',
      selector: { matchLabels: { app: 'mongodb' } },
      template: {
        metadata: { labels: { app: 'mongodb' } },
        spec: {
          containers: [
            {
              name: 'mongodb',
              image: 'bitnami/mongodb:7.0',
              env: [
                { name: 'HOLDFAST_STUB_STATE', value: state },
                { name: 'MONGODB_ROOT_USER', value: 'root' },
              ],
            },
          ],
        },
      },
    },
  },
];

beforeAll(async () => {
  mkdirSync(bin);
  mkdirSync(state);
  writeMongoStubs(bin, state, PASSWORD);
  edge = await startBlueprintEdge({ blueprint, subject, kubeOptions: { imagePath: { 'bitnami/mongodb': [bin] } } });
  await deploy(edge, objects, 'mongodb-0');
}, 60_000);

beforeEach(() => {
  writeFileSync(join(state, 'calls.jsonl'), '');
  writeFileSync(join(state, 'lock-count'), '0');
});

afterAll(async () => {
  await edge?.close();
  rmSync(dir, { recursive: true, force: true });
});

function expectPasswordNowhere(...results: unknown[]): void {
  const everything = JSON.stringify([results, calls()]) + edge.log.text();
  expect(everything).not.toContain('Mongo-r00t');
  expect(everything).not.toContain(Buffer.from(PASSWORD).toString('base64'));
}

describe('blueprints/mongodb.yaml against stub MongoDB tools', () => {
  it('the prehook locks and the posthook unlocks; an unlock with nothing locked succeeds', async () => {
    const pre = await edge.run('backupPrehook');
    expect(pre.status, pre.error?.message).toBe('succeeded');
    expect(pre.phases[0]?.output).toEqual({ lockCount: '1' });
    expect(lockCount()).toBe(1);

    const post = await edge.run('backupPosthook');
    expect(post.status, post.error?.message).toBe('succeeded');
    expect(post.phases[0]?.output).toEqual({ lockCount: '0' });
    const again = await edge.run('backupPosthook');
    expect(again.status, again.error?.message).toBe('succeeded');
    expect(edge.log.text()).toContain('the server was not locked: nothing to unlock');

    expect(lockCount()).toBe(0);
    expect(mongoshSteps()).toEqual(['fsyncLock', 'fsyncUnlock', 'fsyncUnlock']);
    expect(calls().every((c) => c.passwordInEnv)).toBe(true);
    expectPasswordNowhere(pre, post, again);
  });

  it('dumps under the lock, unlocks in the deferPhase, and restores the same bytes into the primary', async () => {
    const backup = await edge.run('backup');
    expect(backup.status, backup.error?.message).toBe('succeeded');
    expect(backup.phases.map((p) => [p.name, p.state])).toEqual([
      ['lockForDump', 'succeeded'],
      ['dump', 'succeeded'],
      ['unlockAfterDump', 'succeeded'],
    ]);
    const dump = calls().find((c) => c.tool === 'mongodump');
    expect(dump?.lockCount).toBe(1);
    expect(dump?.args).toEqual([
      expect.stringMatching(/^--config=/),
      '--host=127.0.0.1',
      '--port=27017',
      '--username=root',
      '--authenticationDatabase=admin',
      '--archive',
    ]);
    expect(lockCount()).toBe(0);

    const archive = backup.artifacts?.mongoArchive?.keyValue ?? {};
    expect(archive.path).toBe('mongodb/db/mongodb/2026-03-01T10-00-00Z/dump.archive');
    const dumped = readFileSync(join(state, 'dumped.sha256'), 'utf8');
    expect(archive).toMatchObject({ sha256: dumped, size: String(ARCHIVE_BYTES) });
    const stored = await downloadAll(edge.location, String(archive.path));
    expect(createHash('sha256').update(stored).digest('hex')).toBe(dumped);

    const restore = await edge.run('restore', { artifactsIn: { mongoArchive: { keyValue: archive } } });
    expect(restore.status, restore.error?.message).toBe('succeeded');
    const restored = calls().find((c) => c.tool === 'mongorestore');
    expect(restored).toMatchObject({ sha256: dumped, size: ARCHIVE_BYTES });
    expect(restored?.args.slice(1)).toEqual([
      '--host=127.0.0.1:27017',
      '--username=root',
      '--authenticationDatabase=admin',
      '--archive',
      '--drop',
      '--nsExclude=admin.*',
      '--nsExclude=config.*',
    ]);
    expect(mongoshSteps()).toEqual(['fsyncLock', 'fsyncUnlock', 'hello']);
    expectPasswordNowhere(backup, restore);
  });

  it('unlocks when the dump fails, and reports the dump error with the password masked', async () => {
    writeFileSync(join(state, 'fail-dump'), '');
    try {
      const backup = await edge.run('backup', { time: '2026-03-02T10:00:00Z' });
      expect(backup.status).toBe('failed');
      expect(backup.error?.phase).toBe('dump');
      expect(backup.error?.message).toContain('error writing data for collection `shop.orders`');
      expect(backup.phases.map((p) => [p.name, p.state])).toEqual([
        ['lockForDump', 'succeeded'],
        ['dump', 'failed'],
        ['unlockAfterDump', 'succeeded'],
      ]);
      expect(backup.artifacts).toBeUndefined();
      expect(lockCount()).toBe(0);
      expectPasswordNowhere(backup);
    } finally {
      rmSync(join(state, 'fail-dump'));
    }
  });
});
