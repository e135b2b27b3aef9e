/**
 * `blueprints/weaviate.yaml` against a local HTTP receiver standing in for Weaviate's backup API
 * (receivers/weaviate.mjs; no Weaviate on this machine), run as a StatefulSet's pod under the local API server. The
 * blueprint's task pods run the image `curlimages/curl`, which here is the machine's curl with `--connect-to`, so
 * the Service names in the blueprint's URLs reach the receivers. Two StatefulSets: `weaviate` with an API key from a
 * Secret, `weaviate-open` with anonymous access (and no Secret).
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/cli.js';
import { eventually } from '../../support/kube.js';
import { loadBlueprint } from '../../support/run-blueprint.js';
import { type BlueprintEdge, recordedRequests, startBlueprintEdge } from './harness.js';

const API_KEY = 'weaviate-key-4b1d2c';
const dir = mkdtempSync(join(tmpdir(), 'holdfast-weaviate-'));
const bin = join(dir, 'bin');
const record = join(dir, 'requests.jsonl');
const subject = { kind: 'StatefulSet', namespace: 'search', name: 'weaviate' };
const open = { ...subject, name: 'weaviate-open' };
const blueprint = loadBlueprint(join(repoRoot, 'blueprints/weaviate.yaml'));
let edge: BlueprintEdge;

interface Request {
  pod: string;
  method: string;
  url: string;
  authorization: string | null;
  body: unknown;
}

const requests = () => recordedRequests<Request>(record);
const summary = () => requests().map((r) => `${r.pod} ${r.method} ${r.url}`);

function weaviate(name: string, apiKey: boolean) {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'search', annotations: { 'kanister.kasten.io/blueprint': 'weaviate' } },
    spec: {
      replicas: 1,
      serviceName: `${name}-headless`,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'weaviate',
              image: 'semitechnologies/weaviate:1.28.0',
              command: [process.execPath, join(repoRoot, 'test/e2e/blueprints/receivers/weaviate.mjs')],
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [
                { name: 'RECORD', value: record },
                { name: 'PORT_FILE', value: join(dir, `${name}.port`) },
                ...(apiKey
                  ? [{ name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'weaviate-api-key', key: 'api-key' } } }]
                  : []),
              ],
            },
          ],
        },
      },
    },
  };
}

/** The task pods' `curl`: the real one, with each Service name sent to its receiver's local port. */
function writeCurl(): void {
  mkdirSync(bin);
  const target = (name: string) =>
    `--connect-to "${name}.search.svc:80:127.0.0.1:$(cat '${join(dir, `${name}.port`)}')"`;
  writeFileSync(
    join(bin, 'curl'),
    `#!/bin/sh\nexec /usr/bin/curl ${target('weaviate')} ${target('weaviate-open')} "$@"\n`,
  );
  chmodSync(join(bin, 'curl'), 0o755);
}

beforeAll(async () => {
  writeCurl();
  writeFileSync(record, '');
  edge = await startBlueprintEdge({
    blueprint,
    subject,
    kubeOptions: { imagePath: { 'curlimages/curl': [bin] } },
  });
  await edge.cluster.objects.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'weaviate-api-key', namespace: 'search' },
    stringData: { 'api-key': API_KEY },
  });
  for (const [name, apiKey] of [
    ['weaviate', true],
    ['weaviate-open', false],
  ] as const) {
    await edge.cluster.objects.create(weaviate(name, apiKey));
    await eventually(() => readFileSync(join(dir, `${name}.port`), 'utf8'), 30_000);
  }
}, 60_000);

beforeEach(() => writeFileSync(record, ''));

afterAll(async () => {
  await edge?.close();
  rmSync(dir, { recursive: true, force: true });
});

const taskPods = async () =>
  (await edge.cluster.core.listNamespacedPod({ namespace: 'search', labelSelector: 'createdBy=kanister' })).items;

describe('blueprints/weaviate.yaml against a local Weaviate stand-in', () => {
  it('starts a backup, polls it to SUCCESS, and restores it the same way, with the API key as bearer token', async () => {
    const options = { include: 'Article, Author', pollSeconds: '0.1' };
    const backup = await edge.run('backup', { options });
    expect(backup.status, backup.error?.message).toBe('succeeded');
    const id = 'holdfast-weaviate-2026-03-01t10-00-00z';
    const artifact = backup.artifacts?.weaviateBackup?.keyValue ?? {};
    expect(artifact).toEqual({ backend: 's3', id, path: `s3://weaviate-backups/${id}` });
    expect(requests()[0]).toMatchObject({
      method: 'POST',
      url: '/v1/backups/s3',
      body: { id, include: ['Article', 'Author'] },
    });
    expect(summary()).toEqual([
      'weaviate-0 POST /v1/backups/s3',
      ...Array(3).fill(`weaviate-0 GET /v1/backups/s3/${id}`),
    ]);
    expect(requests().every((r) => r.authorization === `Bearer ${API_KEY}`)).toBe(true);
    expect(await taskPods()).toEqual([]);

    writeFileSync(record, '');
    const restore = await edge.run('restore', { artifactsIn: { weaviateBackup: { keyValue: artifact } }, options });
    expect(restore.status, restore.error?.message).toBe('succeeded');
    expect(requests()[0]).toMatchObject({ body: { include: ['Article', 'Author'] } });
    expect(summary()).toEqual([
      `weaviate-0 POST /v1/backups/s3/${id}/restore`,
      ...Array(3).fill(`weaviate-0 GET /v1/backups/s3/${id}/restore`),
    ]);
    expect(edge.log.text()).toContain(`restore of ${id}: SUCCESS`);

    const everything = JSON.stringify([backup, restore]) + edge.log.text();
    expect(everything).not.toContain(API_KEY);
  });

  it("fails the phase with Weaviate's error when the backup ends FAILED", async () => {
    const backup = await edge.run('backup', {
      options: { include: 'Broken', pollSeconds: '0.1', backend: 'gcs' },
      time: '2026-03-02T10:00:00Z',
    });
    expect(backup.status).toBe('failed');
    expect(backup.error?.phase).toBe('createBackup');
    expect(backup.error?.message).toContain('ended FAILED');
    expect(backup.error?.message).toContain('disk quota exceeded');
    expect(summary()).toEqual([
      'weaviate-0 POST /v1/backups/gcs',
      'weaviate-0 GET /v1/backups/gcs/holdfast-weaviate-2026-03-02t10-00-00z',
      'weaviate-0 GET /v1/backups/gcs/holdfast-weaviate-2026-03-02t10-00-00z',
    ]);
    expect(await taskPods()).toEqual([]);
  });

  it('sends anonymous requests when the API key Secret does not exist', async () => {
    const backup = await edge.run('backup', { subject: open, options: { pollSeconds: '0.1' } });
    expect(backup.status, backup.error?.message).toBe('succeeded');
    expect(requests()[0]).toMatchObject({ body: { id: 'holdfast-weaviate-open-2026-03-01t10-00-00z' } });
    expect(requests().map((r) => [r.pod, r.authorization])).toEqual(Array(4).fill(['weaviate-open-0', null]));
  });
});
