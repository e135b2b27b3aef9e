/**
 * `blueprints/qdrant.yaml` against a local HTTP receiver standing in for Qdrant's REST API (receivers/qdrant.mjs; no
 * Qdrant on this machine), run as the two pods of a StatefulSet under the local API server and reached only through
 * the API server's pod proxy. Checked: the exact requests per node, the snapshot's bytes round-tripping through the
 * location (SHA-256 against the checksum Qdrant reported and the one it verifies on recover), cleanup after
 * failures, and the API key in no log, output or error.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/cli.js';
import { eventually } from '../../support/kube.js';
import { loadBlueprint } from '../../support/run-blueprint.js';
import { type BlueprintEdge, downloadAll, recordedRequests, startBlueprintEdge } from './harness.js';

const API_KEY = 'qdrant-api-key-7f3c9a';
const SIZE = 3 * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'holdfast-qdrant-'));
const record = join(dir, 'requests.jsonl');
const snapshotsPath = join(dir, 'snapshots');
const staged = join(snapshotsPath, 'holdfast-restore');
const subject = { kind: 'StatefulSet', namespace: 'vectors', name: 'qdrant' };
const blueprint = loadBlueprint(join(repoRoot, 'blueprints/qdrant.yaml'));
let edge: BlueprintEdge;

interface Request {
  pod: string;
  method: string;
  url: string;
  apiKey: string | null;
  authorization: string | null;
  contentType: string | null;
  body: unknown;
  status: number;
  recovered?: { collection: string; sha256: string };
}

const requests = () => recordedRequests<Request>(record);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const reportedChecksum = (body: unknown) => /"checksum":"([0-9a-f]{64})"/.exec(String(body))?.[1];

const objects = [
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'qdrant-apikey', namespace: 'vectors' },
    stringData: { 'api-key': API_KEY },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'qdrant', namespace: 'vectors', annotations: { 'kanister.kasten.io/blueprint': 'qdrant' } },
    spec: {
      replicas: 2,
      serviceName: 'qdrant-headless',
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: { app: 'qdrant' } },
      template: {
        metadata: { labels: { app: 'qdrant' } },
        spec: {
          containers: [
            {
              name: 'qdrant',
              image: 'qdrant/qdrant:v1.16.0',
              command: [process.execPath, join(repoRoot, 'test/e2e/blueprints/receivers/qdrant.mjs')],
              ports: [{ name: 'http', containerPort: 6333 }],
              env: [
                { name: 'RECORD', value: record },
                { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'qdrant-apikey', key: 'api-key' } } },
              ],
            },
          ],
        },
      },
    },
  },
];

beforeAll(async () => {
  mkdirSync(snapshotsPath);
  edge = await startBlueprintEdge({ blueprint, subject });
  for (const object of objects) await edge.cluster.objects.create(object);
  // Both pods answer through the proxy (401 without the key proves the receiver itself answered).
  for (const pod of ['qdrant-0', 'qdrant-1']) {
    await eventually(async () => {
      const path = `/api/v1/namespaces/vectors/pods/${pod}:6333/proxy/collections`;
      const response = await fetch(`${edge.cluster.api.url}${path}`).catch(() => undefined);
      return response?.status === 401;
    }, 30_000);
  }
}, 60_000);

beforeEach(() => writeFileSync(record, ''));

afterAll(async () => {
  await edge?.close();
  rmSync(dir, { recursive: true, force: true });
});

const options = (extra: Record<string, string> = {}) => ({ collection: 'docs', snapshotsPath, ...extra });

describe('blueprints/qdrant.yaml against a local Qdrant stand-in', () => {
  it('snapshots a collection on node 0, streams it to the location, and recovers it from there', async () => {
    const backup = await edge.run('backup', { options: options() });
    expect(backup.status, backup.error?.message).toBe('succeeded');
    const name = 'docs-qdrant-0-2026-03-01-10-00-00.snapshot';
    const reported = reportedChecksum(backup.phases[0]?.output?.body);
    const artifact = backup.artifacts?.qdrantSnapshot?.keyValue ?? {};
    expect(artifact).toEqual({
      collection: 'docs',
      node: '0',
      snapshot: name,
      path: 'qdrant/vectors/qdrant/2026-03-01T10-00-00Z/docs/node-0.snapshot',
      sha256: reported,
      size: String(SIZE),
    });
    expect(sha256(await downloadAll(edge.location, String(artifact.path)))).toBe(reported);
    const common = { pod: 'qdrant-0', apiKey: API_KEY, authorization: null, status: 200 };
    expect(requests()).toEqual([
      { ...common, method: 'POST', url: '/collections/docs/snapshots?wait=true', contentType: null, body: null },
      { ...common, method: 'GET', url: `/collections/docs/snapshots/${name}`, contentType: null, body: null },
      {
        ...common,
        method: 'DELETE',
        url: `/collections/docs/snapshots/${name}?wait=true`,
        contentType: null,
        body: null,
      },
    ]);

    writeFileSync(record, '');
    const restore = await edge.run('restore', {
      artifactsIn: { qdrantSnapshot: { keyValue: artifact } },
      options: { snapshotsPath },
    });
    expect(restore.status, restore.error?.message).toBe('succeeded');
    expect(requests()).toEqual([
      {
        ...common,
        method: 'PUT',
        url: '/collections/docs/snapshots/recover?wait=true',
        contentType: 'application/json',
        body: { location: `file://${staged}/docs-0.snapshot`, priority: 'snapshot', checksum: reported },
        recovered: { collection: 'docs', sha256: reported },
      },
    ]);
    expect(readdirSync(staged)).toEqual([]);

    const everything = JSON.stringify([backup, restore]) + edge.log.text();
    expect(everything).not.toContain(API_KEY);
  });

  it("backs up another node's shards from that node's pod (Options.node)", async () => {
    const backup = await edge.run('backup', { options: options({ node: '1' }) });
    expect(backup.status, backup.error?.message).toBe('succeeded');
    const artifact = backup.artifacts?.qdrantSnapshot?.keyValue ?? {};
    expect(artifact).toMatchObject({
      node: '1',
      path: 'qdrant/vectors/qdrant/2026-03-01T10-00-00Z/docs/node-1.snapshot',
    });
    expect(requests().map((r) => [r.pod, r.method])).toEqual([
      ['qdrant-1', 'POST'],
      ['qdrant-1', 'GET'],
      ['qdrant-1', 'DELETE'],
    ]);
    expect(sha256(await downloadAll(edge.location, String(artifact.path)))).toBe(artifact.sha256);

    const restore = await edge.run('restore', {
      artifactsIn: { qdrantSnapshot: { keyValue: artifact } },
      options: { snapshotsPath },
    });
    expect(restore.status, restore.error?.message).toBe('succeeded');
    expect(requests().at(-1)).toMatchObject({ pod: 'qdrant-1', recovered: { sha256: artifact.sha256 } });
  });

  it('refuses to record a snapshot whose bytes differ from the checksum Qdrant reported, and removes it', async () => {
    const backup = await edge.run('backup', { options: options({ collection: 'corrupt' }) });
    expect(backup.status).toBe('failed');
    expect(backup.error?.message).toContain('but Qdrant reported 0000000000000000');
    expect(backup.error?.message).toContain('corrupted on the way');
    expect(backup.artifacts).toBeUndefined();
    expect(requests().map((r) => r.method)).toEqual(['POST', 'GET', 'DELETE']);
  });

  it("quotes Qdrant's error for a missing collection, and asks for the collection when none is given", async () => {
    const missing = await edge.run('backup', { options: options({ collection: 'nope' }) });
    expect(missing.status).toBe('failed');
    expect(missing.error?.phase).toBe('createSnapshot');
    expect(missing.error?.message).toContain(
      'POST pod vectors/qdrant-0:6333/collections/nope/snapshots?wait=true answered 404',
    );
    expect(missing.error?.message).toContain("Not found: Collection `nope` doesn't exist!");
    // Nothing was created, so the deferPhase only looks.
    expect(missing.phases.at(-1)).toMatchObject({ name: 'removeSnapshot', state: 'succeeded' });
    expect(requests().map((r) => `${r.method} ${r.url} ${r.status}`)).toEqual([
      'POST /collections/nope/snapshots?wait=true 404',
      'GET /collections/nope/snapshots 404',
    ]);

    const unnamed = await edge.run('backup', { options: { snapshotsPath } });
    expect(unnamed.status).toBe('failed');
    expect(unnamed.error?.message).toContain('Options.collection: name the Qdrant collection to back up');
  });

  it('lets Qdrant refuse a snapshot that does not match the recorded checksum, and removes the staged file', async () => {
    const backup = await edge.run('backup', { options: options(), time: '2026-03-02T10:00:00Z' });
    expect(backup.status, backup.error?.message).toBe('succeeded');
    const artifact = { ...backup.artifacts?.qdrantSnapshot?.keyValue, sha256: 'f'.repeat(64) };
    const restore = await edge.run('restore', {
      artifactsIn: { qdrantSnapshot: { keyValue: artifact } },
      options: { snapshotsPath },
    });
    expect(restore.status).toBe('failed');
    expect(restore.error?.phase).toBe('recover');
    expect(restore.error?.message).toContain('Snapshot checksum mismatch');
    expect(restore.phases.at(-1)).toMatchObject({ name: 'removeStaged', state: 'succeeded' });
    expect(readdirSync(staged)).toEqual([]);
  });
});
