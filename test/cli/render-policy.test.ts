/**
 * `holdfast render --policy`: the dry-run of a whole policy backup — subject resolved from object files, every stage,
 * each hook phase rendered (Secret values masked), every AWS/Kubernetes call — with every endpoint closed: a
 * listener stands where the kubeconfig's cluster and AWS would be, and must never see a connection.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempFiles } from '../support/cli.js';

const ex = (...p: string[]) => join(repoRoot, 'examples', ...p);
let trap: Server;
let connections = 0;
let home: string;

beforeAll(async () => {
  trap = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  const port = (trap.address() as { port: number }).port;
  const dir = tempFiles({});
  home = join(dir, 'home');
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: `https://127.0.0.1:${port}` } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }),
  );
  Object.assign(process.env, {
    KUBECONFIG: kubeconfig,
    AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_REGION: 'us-west-2',
    HOLDFAST_HOME: home,
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => trap.close(() => resolve()));
});

const animalai = ['render', '--policy', join(repoRoot, 'policies', 'animalai.yaml'), '-c', ex('seed-blueprints')];
const objects = [
  '--object',
  ex('objects', 'qdrant-statefulset.yaml'),
  '--object',
  ex('objects', 'dbconfig-configmap.yaml'),
];

describe('holdfast render --policy (dry-run of a policy backup)', () => {
  it('plans the first subject: every stage, the hooks rendered, every call — and contacts nothing', async () => {
    const run = await runCli(...animalai, ...objects, '--time', '2026-03-01T10:00:00Z', '-o', 'json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan).toMatchObject({
      dryRun: true,
      policy: 'animalai',
      subject: 'demo-eks/animalai/StatefulSet/my-demo-qdrant',
      otherSubjects: ['demo-eks/pgtestrds/DBInstance/test-postgresql-instance'],
      ok: true,
    });
    expect(plan.runId).toMatch(/^animalai-202603011000-[0-9a-f]{16}$/);
    expect(plan.stages.map((s: { stage: string }) => s.stage)).toEqual([
      'quiesce',
      'capture',
      'unquiesce',
      'finish',
      'export',
      'record',
    ]);
    const [quiesce, capture, unquiesce] = plan.stages;
    expect(quiesce.calls[0]).toMatchObject({ api: 'dynamodb', target: `QUIESCE#${plan.subject}` });
    expect(quiesce.actions[0].phases[0]).toMatchObject({
      name: 'lockQdrant',
      func: 'KubeTask',
      args: { namespace: 'animalai' },
    });
    expect(quiesce.actions[0].phases[0].calls[0]).toMatchObject({
      api: 'kubernetes',
      call: 'create pods',
      target: 'animalai/<task pod>',
    });
    expect(capture.calls.map((c: { call: string }) => c.call)).toEqual(
      expect.arrayContaining(['create volumesnapshots', 'PutObject']),
    );
    expect(unquiesce.actions[0].phases[0].name).toBe('unlockQdrant');
    expect(connections).toBe(0);
    expect(existsSync(home)).toBe(false);
  });

  it('plans a database subject, inside whose run the RDS snapshot, copy and record calls are listed', async () => {
    const subject = 'demo-eks/pgtestrds/DBInstance/test-postgresql-instance';
    const run = await runCli(...animalai, ...objects, '--subject', subject, '-o', 'json');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    const calls = plan.stages.flatMap((s: { calls: { api: string; call: string; target: string }[] }) => s.calls);
    expect(calls).toContainEqual(
      expect.objectContaining({
        api: 'rds',
        call: 'CreateDBSnapshot',
        target: 'test-postgresql-instance in us-west-2',
      }),
    );
    expect(calls).toContainEqual(expect.objectContaining({ api: 'rds', call: 'CopyDBSnapshot' }));
    expect(calls).toContainEqual(expect.objectContaining({ api: 'eventbridge', call: 'PutEvents' }));
    expect(connections).toBe(0);
  });

  it('masks the Secret a hook reads, in text output too', async () => {
    const run = await runCli(
      'render',
      '--policy',
      join(repoRoot, 'policies', 'pacman.yaml'),
      '-c',
      ex('seed-blueprints'),
      '--object',
      ex('objects', 'pacman-mongodb-deployment.yaml'),
      '--secret',
      `m=${ex('objects', 'pacman-mongodb-secret.yaml')}`,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('# dry-run of policy pacman for demo-eks/pacman/Deployment/pacman-mongodb');
    expect(run.stdout).toContain("export MONGODB_ROOT_PASSWORD='***'");
    expect(run.stdout).toContain('Kubernetes  create pods/exec pacman/pacman-mongodb-<pod-0>');
    expect(run.stdout).not.toContain('sample-root-password');
    expect(connections).toBe(0);
  });

  it('says which subjects the policy selects when --subject names another', async () => {
    const run = await runCli(...animalai, ...objects, '--subject', 'demo-eks/animalai/Deployment/nope');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('holdfast: the policy does not select demo-eks/animalai/Deployment/nope; it selects:');
  });
});

describe('holdfast render --policy with a subject and no object file', () => {
  it('plans a workload the policy names, assuming one replica', async () => {
    const run = await runCli(
      'render',
      '--policy',
      join(repoRoot, 'policies', 'pacman.yaml'),
      '-c',
      ex('seed-blueprints'),
      '--subject',
      'demo-eks/pacman/Deployment/pacman-mongodb',
      '--secret',
      `m=${ex('objects', 'pacman-mongodb-secret.yaml')}`,
      '-o',
      'json',
    );
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan.notes).toEqual([
      'no object file for demo-eks/pacman/Deployment/pacman-mongodb: assumed one replica bound to blueprint mongo-hooks',
    ]);
    expect(plan.stages[0].actions[0]).toMatchObject({ blueprint: 'mongo-hooks', action: 'backupPrehook' });
  });
});
