/**
 * The local-mode commands end to end in the sandbox, through the real CLI (`main` in-process, JSON output parsed):
 * a policy backup with hooks and a blueprint backup streamed to the embedded s3rver, restore points listed and shown,
 * a restore that brings the data back, runs listed and shown, a Kanister ActionSet run with Kanister's status, and
 * `runs show --follow` on a backup running in another holdfast process.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalHome } from '../../cli/local-mode/home.js';
import { acquireService, type ServiceLease } from '../../cli/local-mode/service-client.js';
import { runCli } from '../support/cli.js';
import { eventually } from '../support/kube.js';
import { type CliChild, deployToSandbox, freshHome, settleProcesses, spawnCli } from '../support/local-mode.js';

let dir: string;
let leases: ServiceLease[] = [];
const children: CliChild[] = [];
const SUBJECT = 'sandbox/shop/StatefulSet/notes-db';

const notesBlueprint = (name: string, data: string, delay: number) => `apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata: { name: ${name} }
actions:
  backupPrehook:
    phases:
    - func: KubeExec
      name: freeze
      args: { namespace: "{{ .StatefulSet.Namespace }}", pod: "{{ index .StatefulSet.Pods 0 }}", command: [sh, -c, "touch ${data}/frozen"] }
  backup:
    outputArtifacts:
      notesDump: { keyValue: { path: "{{ .Phases.dump.Output.path }}", sha256: "{{ .Phases.dump.Output.sha256 }}" } }
    phases:
    - func: StreamToLocation
      name: dump
      args:
        namespace: "{{ .StatefulSet.Namespace }}"
        pod: "{{ index .StatefulSet.Pods 0 }}"
        path: "notes/{{ .Time | replace \\":\\" \\"-\\" }}/notes.txt"
        command: [sh, -c, "sleep ${delay}; cat ${data}/notes.txt"]
  backupPosthook:
    phases:
    - func: KubeExec
      name: thaw
      args: { namespace: "{{ .StatefulSet.Namespace }}", pod: "{{ index .StatefulSet.Pods 0 }}", command: [sh, -c, "rm -f ${data}/frozen"] }
  restore:
    inputArtifactNames: [notesDump]
    phases:
    - func: StreamFromLocation
      name: load
      args:
        namespace: "{{ .StatefulSet.Namespace }}"
        pod: "{{ index .StatefulSet.Pods 0 }}"
        path: "{{ .ArtifactsIn.notesDump.KeyValue.path }}"
        command: [sh, -c, "cat > ${data}/notes.txt"]
`;

const policy = (name: string, blueprint: string) => `apiVersion: holdfast.io/v1alpha1
kind: Policy
metadata: { name: ${name} }
spec:
  subjects:
    clusters: [{ name: sandbox, region: us-east-1 }]
    workloads: { refs: [{ kind: StatefulSet, name: notes-db, namespace: shop }] }
  hooks: { blueprint: ${blueprint} }
  capture: { blueprintBackup: { blueprint: ${blueprint} } }
  retention: { daily: 7 }
`;

const actionSet = `apiVersion: cr.kanister.io/v1alpha1
kind: ActionSet
metadata: { name: notes-backup, namespace: kanister }
spec:
  actions:
  - name: backup
    blueprint: notes
    object: { apiVersion: apps/v1, resource: statefulsets, name: notes-db, namespace: shop }
    profile: { name: s3-profile, namespace: kanister }
`;

const statefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'notes-db', namespace: 'shop' },
  spec: {
    replicas: 1,
    serviceName: 'notes-db',
    selector: { matchLabels: { app: 'notes-db' } },
    template: { metadata: { labels: { app: 'notes-db' } }, spec: { containers: [{ name: 'db', image: 'busybox' }] } },
  },
};

const cli = async (...args: string[]) => {
  const run = await runCli(...args, '--sandbox', '-c', join(dir, 'config'), '-o', 'json');
  return { ...run, json: run.stdout.trim() ? JSON.parse(run.stdout) : undefined };
};
const notes = () => readFileSync(join(dir, 'notes.txt'), 'utf8');

beforeAll(async () => {
  let home: string;
  ({ dir, home } = await freshHome());
  process.env.HOLDFAST_HOME = home;
  const config = join(dir, 'config');
  mkdirSync(config);
  writeFileSync(join(config, 'notes.yaml'), notesBlueprint('notes', dir, 0));
  writeFileSync(join(config, 'notes-slow.yaml'), notesBlueprint('notes-slow', dir, 4));
  writeFileSync(join(config, 'shop.yaml'), policy('shop', 'notes'));
  writeFileSync(join(config, 'shop-slow.yaml'), policy('shop-slow', 'notes-slow'));
  writeFileSync(join(dir, 'actionset.yaml'), actionSet);
  writeFileSync(join(dir, 'notes.txt'), 'v1: feed the cat\n');
  await deployToSandbox(
    home,
    [
      { path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } },
      { path: '/apis/apps/v1/namespaces/shop/statefulsets', body: statefulSet },
    ],
    { namespace: 'shop', count: 1 },
  );
  // Hold the services for the whole file, so each command does not start them anew.
  const h = new LocalHome(home);
  leases = await Promise.all([acquireService(h, 'stores'), acquireService(h, 'sandbox')]);
}, 180_000);

afterAll(async () => {
  for (const c of children) c.child.kill('SIGKILL');
  await Promise.all(leases.map((l) => l.release()));
  expect(await settleProcesses([dir], 30_000)).toEqual([]);
}, 60_000);

describe('holdfast in local mode (sandbox)', () => {
  let restorePointId: string;
  let backupRun: string;

  it('backs up a policy: hooks around a dump streamed to the location, one restore point', async () => {
    const run = await cli('backup', '-p', 'shop');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.json.mode).toBe('local');
    const [record] = run.json.runs;
    expect(record).toMatchObject({ kind: 'backup', state: 'succeeded', policy: 'shop', subjectId: SUBJECT });
    expect(record.stages.map((s: { name: string }) => s.name)).toEqual([
      'quiesce',
      'capture',
      'unquiesce',
      'finish',
      'export',
      'record',
    ]);
    expect(record.phases.map((p: { action: string; name: string }) => `${p.action}/${p.name}`)).toEqual([
      'backupPrehook/freeze',
      'backup/dump',
      'backupPosthook/thaw',
    ]);
    const [rp] = run.json.restorePoints;
    expect(rp).toMatchObject({ subjectId: SUBJECT, policy: 'shop', consistency: 'application' });
    expect(rp.artifacts[0].keyValue.path).toMatch(/^notes\/.+\/notes\.txt$/);
    restorePointId = rp.id;
    backupRun = record.runId;
  });

  it('lists and shows the restore point', async () => {
    const list = await cli('restore-points', 'list', '--app', SUBJECT);
    expect(list.code).toBe(0);
    expect(list.json.restorePoints.map((p: { id: string }) => p.id)).toEqual([restorePointId]);
    const byPolicy = await cli('restore-points', 'list', '-p', 'shop', '--since', '2000-01-01');
    expect(byPolicy.json.restorePoints).toHaveLength(1);
    const future = await cli('restore-points', 'list', '--since', '2999-01-01');
    expect(future.json.restorePoints).toEqual([]);
    const show = await cli('restore-points', 'show', restorePointId);
    expect(show.json.restorePoint).toMatchObject({ id: restorePointId, blueprint: 'notes' });
  });

  it('restores the data the backup took', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'v2: the cat ate the notes\n');
    const run = await cli('restore', restorePointId);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.json.runs[0]).toMatchObject({ kind: 'restore', state: 'succeeded' });
    expect(notes()).toBe('v1: feed the cat\n');
  });

  it('lists runs and shows one with its stages and phases', async () => {
    const list = await cli('runs', 'list');
    expect(list.json.runs.map((r: { kind: string; state: string }) => `${r.kind}:${r.state}`).sort()).toEqual([
      'backup:succeeded',
      'restore:succeeded',
    ]);
    const show = await cli('runs', 'show', backupRun);
    expect(show.code).toBe(0);
    expect(show.json.run).toMatchObject({ runId: backupRun, state: 'succeeded', restorePointId });
    const missing = await cli('runs', 'show', 'no-such-run');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('holdfast: no run no-such-run: list runs with holdfast runs list\n');
  });

  it('runs a Kanister ActionSet and reports its status as Kanister does', async () => {
    const run = await cli('run', join(dir, 'actionset.yaml'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.json.metadata.name).toBe('notes-backup');
    expect(run.json.status).toMatchObject({
      state: 'complete',
      progress: { percentCompleted: '100.00' },
      actions: [
        {
          name: 'backup',
          blueprint: 'notes',
          phases: [{ name: 'dump', state: 'complete', output: { path: expect.stringMatching(/^notes\//) } }],
          artifacts: { notesDump: { keyValue: { path: expect.stringMatching(/^notes\//) } } },
        },
      ],
    });
    // The backup's artifacts feed a restore ActionSet, as kanctl --from does.
    writeFileSync(join(dir, 'notes.txt'), 'v3: scribbled over\n');
    const artifacts = JSON.stringify(run.json.status.actions[0].artifacts);
    const restoreSet = actionSet
      .replace('name: notes-backup', 'name: notes-restore')
      .replace('- name: backup', '- name: restore')
      .concat(`    artifacts: ${artifacts}\n`);
    writeFileSync(join(dir, 'restore.yaml'), restoreSet);
    const restore = await cli('run', join(dir, 'restore.yaml'));
    expect(restore.code).toBe(0);
    expect(restore.json.status).toMatchObject({
      state: 'complete',
      actions: [{ name: 'restore', phases: [{ name: 'load', state: 'complete' }] }],
    });
    expect(notes()).toBe('v1: feed the cat\n');
  });

  it('follows a backup running in another holdfast process, as JSON events and as plain lines', async () => {
    const backup = spawnCli(['backup', '--sandbox', '-c', join(dir, 'config'), '-p', 'shop-slow'], {});
    children.push(backup);
    const runId = await eventually(async () => {
      const list = await cli('runs', 'list', '--state', 'running');
      return list.json.runs[0]?.runId as string | undefined;
    }, 60_000);
    const [json, text] = await Promise.all([
      runCli('runs', 'show', runId, '--follow', '--sandbox', '-o', 'json'),
      runCli('runs', 'show', runId, '--follow', '--sandbox'),
    ]);
    expect(json.code).toBe(0);
    const events = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events).toContainEqual(
      expect.objectContaining({ runId, event: 'stage', name: 'capture', state: 'running' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ runId, event: 'stage', name: 'capture', state: 'succeeded' }),
    );
    expect(events.at(-1)).toMatchObject({ event: 'done', run: { runId, state: 'succeeded' } });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\d\d:\d\d:\d\d {3}stage capture succeeded \(\d+\.\ds\)/);
    expect(text.stdout).toContain(`run ${runId}`);
    expect(await backup.exited).toBe(0);
  }, 120_000);
});
