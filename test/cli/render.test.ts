import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const bp = (f: string) => join(repoRoot, 'examples', 'seed-blueprints', f);
const obj = (f: string) => join(repoRoot, 'examples', 'objects', f);

describe('holdfast render (dry-run)', () => {
  it.each([
    ['qdrant-hooks.yaml', 'backupPrehook', 'qdrant-statefulset.yaml', 'lockQdrant'],
    ['qdrant-hooks.yaml', 'backupPosthook', 'qdrant-statefulset.yaml', 'unlockQdrant'],
    ['mongo-hooks.yaml', 'backupPrehook', 'pacman-mongodb-deployment.yaml', 'lockMongo'],
    ['mongo-hooks.yaml', 'backupPosthook', 'pacman-mongodb-deployment.yaml', 'unlockMongo'],
    ['rds-postgres-snapshot-bp.yaml', 'backup', 'dbconfig-configmap.yaml', 'createSnapshot'],
  ])('%s %s renders every phase against the sample object', async (file, action, object, phase) => {
    const run = await runCli(
      'render',
      '-b',
      bp(file),
      '-a',
      action,
      '--object',
      obj(object),
      '--secret',
      `m=${obj('pacman-mongodb-secret.yaml')}`,
      '-o',
      'json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan.status).toBe('succeeded');
    expect(plan.phases.map((p: { name: string }) => p.name)).toEqual([phase]);
  });

  it('masks the Secret value the mongo hook reads, and renders the namespace from the Deployment', async () => {
    const run = await runCli(
      'render',
      '-b',
      bp('mongo-hooks.yaml'),
      '-a',
      'backupPrehook',
      '--object',
      obj('pacman-mongodb-deployment.yaml'),
      '--secret',
      `m=${obj('pacman-mongodb-secret.yaml')}`,
    );
    expect(run.stdout).toContain("export MONGODB_ROOT_PASSWORD='***'");
    expect(run.stdout).toContain('namespace: pacman');
    expect(run.stdout).not.toContain('sample-root-password');
  });

  it('restore and delete read the input artifacts given with --artifact', async () => {
    const args = [
      '--artifact',
      'backupInfo.snapshotID=snap-1',
      '--artifact',
      'backupInfo.instanceID=db-1',
      '--artifact',
      'backupInfo.securityGroupID=- sg-1',
      '--artifact',
      'backupInfo.dbSubnetGroup=default',
    ];
    const run = await runCli(
      'render',
      '-b',
      bp('rds-postgres-snapshot-bp.yaml'),
      '-a',
      'restore',
      '--object',
      obj('dbconfig-configmap.yaml'),
      ...args,
      '-o',
      'json',
    );
    expect(JSON.parse(run.stdout).phases[0].args).toEqual({
      instanceID: 'db-1',
      snapshotID: 'snap-1',
      securityGroupID: '- sg-1',
      dbSubnetGroup: 'default',
    });
    const del = await runCli(
      'render',
      '-b',
      bp('rds-postgres-snapshot-bp.yaml'),
      '-a',
      'delete',
      '--object',
      obj('dbconfig-configmap.yaml'),
      ...args,
      '-o',
      'json',
    );
    expect(JSON.parse(del.stdout).phases[0].args).toEqual({ snapshotID: 'snap-1' });
  });

  it("fails with Kanister's message when an input artifact is missing", async () => {
    const run = await runCli(
      'render',
      '-b',
      bp('rds-postgres-snapshot-bp.yaml'),
      '-a',
      'delete',
      '--object',
      obj('dbconfig-configmap.yaml'),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'render failed: phase deleteSnapshot (DeleteRDSSnapshot): Failed to render template: "backupInfo" not found\n',
    );
  });

  it('tells the user which Secret to pass when a phase reads one', async () => {
    const run = await runCli(
      'render',
      '-b',
      bp('mongo-hooks.yaml'),
      '-a',
      'backupPrehook',
      '--object',
      obj('pacman-mongodb-deployment.yaml'),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'the blueprint reads Secret pacman/pacman-mongodb: pass it with --secret ALIAS=FILE.yaml',
    );
  });

  it('names the actions a blueprint has when the action is unknown', async () => {
    const run = await runCli(
      'render',
      '-b',
      bp('qdrant-hooks.yaml'),
      '-a',
      'backup',
      '--object',
      obj('qdrant-statefulset.yaml'),
    );
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toBe(
      'holdfast: blueprint qdrant-hooks has no action "backup" (it has: backupPrehook, backupPosthook)\n',
    );
  });
});
