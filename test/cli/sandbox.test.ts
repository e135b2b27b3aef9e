/**
 * `holdfast sandbox`: the sandbox stays up, with a kubeconfig kubectl (or any client) can use, until Ctrl-C — and
 * then everything it started stops.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { eventually } from '../support/kube.js';
import { type CliChild, freshHome, settleProcesses, spawnCli } from '../support/local-mode.js';

const children: CliChild[] = [];

afterAll(() => {
  for (const c of children) c.child.kill('SIGKILL');
});

describe('holdfast sandbox', () => {
  it('serves the local Kubernetes API with a kubeconfig for it, and stops everything on Ctrl-C', async () => {
    const { dir, home } = await freshHome();
    const sandbox = spawnCli(['sandbox', '-o', 'json'], { HOLDFAST_HOME: home });
    children.push(sandbox);
    const info = await eventually(
      () => (sandbox.stdout().trim().endsWith('}') ? JSON.parse(sandbox.stdout()) : undefined),
      120_000,
    );
    expect(info).toMatchObject({ kubernetes: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), home });
    const kubeconfig = parse(readFileSync(info.kubeconfig, 'utf8'));
    expect(kubeconfig.clusters[0].cluster.server).toBe(info.kubernetes);
    const version = await fetch(`${info.kubernetes}/version`);
    expect(version.ok).toBe(true);

    sandbox.child.kill('SIGINT');
    expect(await sandbox.exited).toBe(0);
    expect(await settleProcesses([dir], 30_000)).toEqual([]);
    expect(existsSync(`${home}/run/sandbox.json`)).toBe(false);
  }, 180_000);
});
