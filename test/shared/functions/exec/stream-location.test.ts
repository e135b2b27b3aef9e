import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Location } from '../../../../shared/aws/location.js';
import {
  capturingLogger,
  createRunningPod,
  type LocalCluster,
  sleeperPod,
  startLocalCluster,
} from '../../../support/kube.js';
import { blueprintFrom, runBlueprintAction } from '../../../support/run-blueprint.js';
import { type S3rverHandle, startS3rver } from '../../../support/s3rver.js';

let cluster: LocalCluster;
let s3: S3rverHandle;
let location: S3Location;
const dir = mkdtempSync(join(tmpdir(), 'holdfast-stream-'));
const signal = new AbortController().signal;

beforeAll(async () => {
  [cluster, s3] = await Promise.all([startLocalCluster(), startS3rver()]);
  location = new S3Location({ bucket: s3.bucket, prefix: 'backups', region: 'us-east-1', client: s3.client });
  await createRunningPod(cluster, sleeperPod('default', 'app'));
});

afterAll(async () => {
  await cluster?.api.close();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const streams = (dumpCommand: string, restoreCommand: string) =>
  blueprintFrom(`
apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata: { name: streams }
actions:
  backup:
    outputArtifacts:
      dump:
        keyValue:
          path: "{{ .Phases.dump.Output.path }}"
          sha256: "{{ .Phases.dump.Output.sha256 }}"
    phases:
    - func: StreamToLocation
      name: dump
      args:
        namespace: default
        pod: app
        command: [sh, -c, ${JSON.stringify(dumpCommand)}]
        path: "app/{{ .Time | replace \\":\\" \\"-\\" }}/dump.txt"
  restore:
    inputArtifactNames: [dump]
    phases:
    - func: StreamFromLocation
      name: load
      args:
        namespace: default
        pod: app
        command: [sh, -c, ${JSON.stringify(restoreCommand)}]
        path: "{{ .ArtifactsIn.dump.KeyValue.path }}"
`);

const run = (
  blueprint: ReturnType<typeof streams>,
  action: string,
  extra: Partial<Parameters<typeof runBlueprintAction>[0]> = {},
) =>
  runBlueprintAction({
    blueprint,
    action,
    clients: { kube: cluster.access, location },
    log: capturingLogger(),
    ...extra,
  });

describe('StreamToLocation and StreamFromLocation', () => {
  it('stores a command’s stdout gzipped with its SHA-256, and streams it back into a command’s stdin', async () => {
    const expected = execFileSync('seq', ['1', '2000000'], { maxBuffer: 64 * 1024 * 1024 });
    const restored = join(dir, 'restored.txt');
    const blueprint = streams('seq 1 2000000', `cat > ${restored}`);

    const log = capturingLogger();
    const backup = await run(blueprint, 'backup', { log });
    expect(backup.status).toBe('succeeded');
    const stored = log.entries.find((e) => e.message === 'stored command output')?.fields ?? {};
    expect(Number(stored.storedSize)).toBeLessThan(expected.length / 3);
    const output = backup.phases[0]?.output ?? {};
    expect(output.path).toBe('app/2026-03-01T10-00-00Z/dump.txt');
    expect(output.size).toBe(expected.length);
    expect(output.sha256).toBe(createHash('sha256').update(expected).digest('hex'));

    const restore = await run(blueprint, 'restore', {
      artifactsIn: { dump: { keyValue: backup.artifacts?.dump?.keyValue ?? {} } },
    });
    expect(restore.status).toBe('succeeded');
    expect(restore.phases[0]?.output).toEqual({ size: expected.length });
    expect(readFileSync(restored).equals(expected)).toBe(true);
  });

  it('leaves no object behind when the command fails part-way', async () => {
    const blueprint = streams('seq 1 300000; echo "pg_dump: error: connection lost" >&2; exit 3', 'cat');
    const result = await run(blueprint, 'backup', { extraParams: { Time: '2026-03-02T00:00:00Z' } });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('exited with code 3');
    expect(result.error?.message).toContain('pg_dump: error: connection lost');
    const stored = await location.download('app/2026-03-02T00-00-00Z/dump.txt', { signal }).then(
      () => 'found',
      () => 'missing',
    );
    expect(stored).toBe('missing');
  });
});
