/**
 * Killing the CLI mid-backup in local mode, then running it again, leaves no quiesce in place and no orphan
 * process: the killed command's service hosts notice it is gone and stop everything they started; the next command
 * runs the watchdog first, which runs the dead run's posthook (against the same sandbox) and marks the run failed.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/kube.js';
import {
  type CliChild,
  deployToSandbox,
  freshHome,
  processesUnder,
  settleProcesses,
  spawnCli,
} from '../support/local-mode.js';

let dir: string;
let home: string;
let marks: string;
const children: CliChild[] = [];

const statefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'ledger', namespace: 'shop' },
  spec: {
    replicas: 1,
    serviceName: 'ledger',
    selector: { matchLabels: { app: 'ledger' } },
    template: { metadata: { labels: { app: 'ledger' } }, spec: { containers: [{ name: 'app', image: 'busybox' }] } },
  },
};

/** Quiescing leaves a file behind until the posthook removes it; the backup itself takes a minute. */
const blueprint = (m: string) => `apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata: { name: ledger-hooks }
actions:
  backupPrehook:
    phases:
    - func: KubeExec
      name: freeze
      args: { namespace: "{{ .StatefulSet.Namespace }}", pod: "{{ index .StatefulSet.Pods 0 }}", command: [sh, -c, "touch ${m}/quiesced"] }
  backup:
    phases:
    - func: KubeExec
      name: slowCopy
      args: { namespace: "{{ .StatefulSet.Namespace }}", pod: "{{ index .StatefulSet.Pods 0 }}", command: [sh, -c, "touch ${m}/capturing; sleep 120"] }
  backupPosthook:
    phases:
    - func: KubeExec
      name: thaw
      args: { namespace: "{{ .StatefulSet.Namespace }}", pod: "{{ index .StatefulSet.Pods 0 }}", command: [sh, -c, "rm -f ${m}/quiesced; touch ${m}/thawed"] }
`;

beforeAll(async () => {
  ({ dir, home } = await freshHome());
  marks = join(dir, 'marks');
  mkdirSync(marks);
  writeFileSync(join(dir, 'ledger-hooks.yaml'), blueprint(marks));
  writeFileSync(join(dir, 'ledger.yaml'), JSON.stringify(statefulSet));
  await deployToSandbox(
    home,
    [
      { path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } },
      { path: '/apis/apps/v1/namespaces/shop/statefulsets', body: statefulSet },
    ],
    { namespace: 'shop', count: 1 },
  );
}, 180_000);

afterAll(async () => {
  for (const c of children) c.child.kill('SIGKILL');
});

describe('a local backup killed while the app is quiesced', () => {
  it('is unquiesced by the next command, and nothing is left running', async () => {
    const env = { HOLDFAST_HOME: home };
    const backup = spawnCli(
      ['backup', '--sandbox', '-b', join(dir, 'ledger-hooks.yaml'), '--object', join(dir, 'ledger.yaml')],
      env,
    );
    children.push(backup);
    await eventually(() => existsSync(join(marks, 'capturing')), 150_000);
    expect(existsSync(join(marks, 'quiesced'))).toBe(true);

    backup.child.kill('SIGKILL');
    expect(await backup.exited).toBe('SIGKILL');
    // The service hosts see their last client gone and stop the sandbox and the stores, containers included.
    expect(await settleProcesses([dir], 30_000)).toEqual([]);
    expect(existsSync(join(marks, 'quiesced'))).toBe(true);

    const next = spawnCli(['runs', 'list', '--sandbox', '-o', 'json'], env);
    children.push(next);
    expect(await next.exited).toBe(0);
    expect(next.stderr()).toMatch(
      /unquiesced sandbox\/shop\/StatefulSet\/ledger: run on-demand-\S+ ended without its posthook/,
    );
    expect(existsSync(join(marks, 'quiesced'))).toBe(false);
    expect(existsSync(join(marks, 'thawed'))).toBe(true);
    const runs = JSON.parse(next.stdout()).runs as { runId: string; state: string; subjectId: string }[];
    expect(runs).toEqual([expect.objectContaining({ subjectId: 'sandbox/shop/StatefulSet/ledger', state: 'failed' })]);
    expect(processesUnder([dir])).toEqual([]);
  }, 300_000);
});
