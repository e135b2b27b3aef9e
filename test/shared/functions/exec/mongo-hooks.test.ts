/**
 * Acceptance: the seeds' `mongo-hooks` blueprint (KubeExec with a Secret) runs unchanged against the local API
 * server. The Pacman MongoDB Deployment is the sample manifest as is; its image `bitnami/mongodb` brings a
 * `mongosh` stub (the server's imagePath option) that records the arguments it was called with.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../../support/cli.js';
import { capturingLogger, eventually, type LocalCluster, startLocalCluster } from '../../../support/kube.js';
import { loadBlueprint, runBlueprintAction } from '../../../support/run-blueprint.js';

const PASSWORD = 'Pacman-r00t-Pa55word';
const dir = mkdtempSync(join(tmpdir(), 'holdfast-mongo-'));
const record = join(dir, 'mongosh-calls');
let cluster: LocalCluster;

const blueprint = loadBlueprint(join(repoRoot, 'examples/seed-blueprints/mongo-hooks.yaml'));
const subject = { kind: 'Deployment', namespace: 'pacman', name: 'pacman-mongodb' };

/** Each call to the stub: its arguments (NUL-separated), one call per line. */
function calls(): string[][] {
  const text = readFileSync(record, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\0').slice(0, -1));
}

beforeAll(async () => {
  writeFileSync(record, '');
  const stub = join(dir, 'mongosh');
  // Records its argv; fails (printing its arguments, password included) when asked to via a flag file.
  writeFileSync(
    stub,
    `#!/bin/sh\n{ for a in "$@"; do printf '%s\\0' "$a"; done; printf '\\n'; } >> '${record}'\n` +
      `if [ -e '${dir}/fail' ]; then echo "MongoServerError: bad auth for $*" >&2; exit 1; fi\n` +
      `echo '{ ok: 1 }'\n`,
  );
  chmodSync(stub, 0o755);
  cluster = await startLocalCluster({ imagePath: { 'bitnami/mongodb': [dir] } });
  await cluster.core.createNamespace({ body: { metadata: { name: 'pacman' } } });
  for (const file of ['pacman-mongodb-secret.yaml', 'pacman-mongodb-deployment.yaml']) {
    const manifest = parse(readFileSync(join(repoRoot, 'examples/objects', file), 'utf8')) as KubernetesObject & {
      data?: Record<string, string>;
    };
    if (manifest.kind === 'Secret')
      manifest.data = { 'mongodb-root-password': Buffer.from(PASSWORD).toString('base64') };
    await cluster.objects.create(manifest);
  }
  await eventually(async () => {
    const pods = await cluster.core.listNamespacedPod({ namespace: 'pacman' });
    return pods.items.some((p) => p.status?.phase === 'Running');
  });
});

afterAll(async () => {
  await cluster?.api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('mongo-hooks (seed blueprint) against the local API server', () => {
  it('locks and unlocks MongoDB with the root password from the Secret, which is never logged', async () => {
    const log = capturingLogger();
    const kube = cluster.access;
    const pre = await runBlueprintAction({ blueprint, action: 'backupPrehook', subject, clients: { kube }, log });
    const post = await runBlueprintAction({ blueprint, action: 'backupPosthook', subject, clients: { kube }, log });

    expect(pre.status).toBe('succeeded');
    expect(post.status).toBe('succeeded');
    const auth = ['--authenticationDatabase', 'admin', '-u', 'root', '-p', PASSWORD];
    expect(calls()).toEqual([
      [...auth, '--eval=db.fsyncLock()'],
      [...auth, '--eval=db.fsyncUnlock()'],
    ]);
    expect(log.text()).toContain('{ ok: 1 }');
    const everything = JSON.stringify([pre, post]) + log.text();
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    expect(JSON.stringify(pre.phases[0]?.args)).toContain("MONGODB_ROOT_PASSWORD='***'");
  });

  it('reports a failing mongosh with its output, the password masked everywhere', async () => {
    writeFileSync(join(dir, 'fail'), '');
    const log = capturingLogger();
    const result = await runBlueprintAction({
      blueprint,
      action: 'backupPrehook',
      subject,
      clients: { kube: cluster.access },
      log,
    });
    rmSync(join(dir, 'fail'));

    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('exited with code 1');
    expect(result.error?.message).toContain('MongoServerError: bad auth for');
    expect(result.error?.message).toContain('-p ***');
    expect(JSON.stringify(result) + log.text()).not.toContain(PASSWORD);
  });
});
