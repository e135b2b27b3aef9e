/**
 * `blueprints/elasticsearch.yaml` against a local HTTPS receiver standing in for Elasticsearch's snapshot API
 * (receivers/elasticsearch.mjs; no Elasticsearch on this machine), run as the pod of an ECK-shaped StatefulSet
 * (`quickstart-es-default`, cluster-name label `quickstart`) with ECK's Secrets for the elastic user and the HTTP CA.
 * The blueprint's task pods run `curlimages/curl`, here the machine's curl with `--connect-to`, so ECK's Service
 * name reaches the receiver and its certificate is verified against the CA from the Secret.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/cli.js';
import { eventually } from '../../support/kube.js';
import { loadBlueprint } from '../../support/run-blueprint.js';
import { type BlueprintEdge, recordedRequests, startBlueprintEdge } from './harness.js';

const PASSWORD = 'elastic-Pa55:w0rd';
const receivers = join(repoRoot, 'test/e2e/blueprints/receivers');
const dir = mkdtempSync(join(tmpdir(), 'holdfast-elasticsearch-'));
const bin = join(dir, 'bin');
const record = join(dir, 'requests.jsonl');
const portFile = join(dir, 'es.port');
const subject = { kind: 'StatefulSet', namespace: 'search', name: 'quickstart-es-default' };
const blueprint = loadBlueprint(join(repoRoot, 'blueprints/elasticsearch.yaml'));
const snapshot = 'holdfast-quickstart-es-default-2026-03-01t10-00-00z';
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
}

const requests = () => recordedRequests<Request>(record);

const objects = [
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'quickstart-es-elastic-user', namespace: 'search' },
    stringData: { elastic: PASSWORD },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'quickstart-es-http-certs-public', namespace: 'search' },
    stringData: { 'ca.crt': readFileSync(join(receivers, 'tls/ca.crt'), 'utf8') },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name: 'quickstart-es-default',
      namespace: 'search',
      labels: { 'elasticsearch.k8s.elastic.co/cluster-name': 'quickstart' },
      annotations: { 'kanister.kasten.io/blueprint': 'elasticsearch' },
    },
    spec: {
      replicas: 1,
      serviceName: 'quickstart-es-default',
      selector: { matchLabels: { 'elasticsearch.k8s.elastic.co/statefulset-name': 'quickstart-es-default' } },
      template: {
        metadata: { labels: { 'elasticsearch.k8s.elastic.co/statefulset-name': 'quickstart-es-default' } },
        spec: {
          containers: [
            {
              name: 'elasticsearch',
              image: 'docker.elastic.co/elasticsearch/elasticsearch:8.17.0',
              command: [process.execPath, join(receivers, 'elasticsearch.mjs')],
              ports: [{ name: 'https', containerPort: 9200 }],
              env: [
                { name: 'RECORD', value: record },
                { name: 'PORT_FILE', value: portFile },
                {
                  name: 'ES_PASSWORD',
                  valueFrom: { secretKeyRef: { name: 'quickstart-es-elastic-user', key: 'elastic' } },
                },
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
  writeFileSync(
    join(bin, 'curl'),
    `#!/bin/sh\nexec /usr/bin/curl --connect-to "quickstart-es-http.search.svc:9200:127.0.0.1:$(cat '${portFile}')" "$@"\n`,
  );
  chmodSync(join(bin, 'curl'), 0o755);
  writeFileSync(record, '');
  edge = await startBlueprintEdge({ blueprint, subject, kubeOptions: { imagePath: { 'curlimages/curl': [bin] } } });
  for (const object of objects) await edge.cluster.objects.create(object);
  await eventually(() => readFileSync(portFile, 'utf8'), 30_000);
}, 60_000);

beforeEach(() => writeFileSync(record, ''));

afterAll(async () => {
  await edge?.close();
  rmSync(dir, { recursive: true, force: true });
});

const basic = `Basic ${Buffer.from(`elastic:${PASSWORD}`).toString('base64')}`;
const options = { repository: 'backups', indices: 'orders,customers' };

describe('blueprints/elasticsearch.yaml against a local Elasticsearch stand-in (ECK-shaped, HTTPS)', () => {
  it('takes, restores and deletes a snapshot with the elastic user and CA from ECK-named Secrets', async () => {
    const backup = await edge.run('backup', { options });
    expect(backup.status, backup.error?.message).toBe('succeeded');
    const artifact = backup.artifacts?.esSnapshot?.keyValue ?? {};
    expect(artifact).toEqual({ repository: 'backups', snapshot });

    const restore = await edge.run('restore', { artifactsIn: { esSnapshot: { keyValue: artifact } }, options });
    expect(restore.status, restore.error?.message).toBe('succeeded');
    const removed = await edge.run('delete', { artifactsIn: { esSnapshot: { keyValue: artifact } } });
    expect(removed.status, removed.error?.message).toBe('succeeded');

    const common = {
      pod: 'quickstart-es-default-0',
      apiKey: null,
      authorization: basic,
      contentType: 'application/json',
      status: 200,
    };
    expect(requests()).toEqual([
      {
        ...common,
        method: 'PUT',
        url: `/_snapshot/backups/${snapshot}?wait_for_completion=true`,
        body: { include_global_state: true, metadata: { taken_by: 'holdfast' }, indices: 'orders,customers' },
      },
      {
        ...common,
        method: 'POST',
        url: `/_snapshot/backups/${snapshot}/_restore?wait_for_completion=true`,
        body: { include_global_state: false, include_aliases: true, indices: 'orders,customers' },
      },
      { ...common, method: 'DELETE', url: `/_snapshot/backups/${snapshot}`, body: null },
    ]);
    expect(requests().map((r) => r.authorization)).not.toContain(null);

    const everything = JSON.stringify([backup, restore, removed]) + edge.log.text();
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(basic.slice('Basic '.length));
  });

  it('fails a backup whose snapshot ends PARTIAL, quoting the shard failure', async () => {
    const backup = await edge.run('backup', { options: { repository: 'backups', indices: 'orders,flaky' } });
    expect(backup.status).toBe('failed');
    expect(backup.error?.phase).toBe('takeSnapshot');
    expect(backup.error?.message).toContain('state PARTIAL');
    expect(backup.error?.message).toContain('IndexShardSnapshotFailedException[node left]');
  });

  it('counts deleting a snapshot that is already gone as deleted', async () => {
    const gone = { repository: 'backups', snapshot: 'holdfast-quickstart-es-default-1999-01-01t00-00-00z' };
    const removed = await edge.run('delete', { artifactsIn: { esSnapshot: { keyValue: gone } } });
    expect(removed.status, removed.error?.message).toBe('succeeded');
    expect(requests().map((r) => [r.method, r.status])).toEqual([['DELETE', 404]]);
    expect(edge.log.text()).toContain('(already deleted)');
  });

  it('refuses a server its CA does not vouch for, and asks for the repository when none is given', async () => {
    const untrusted = await edge.run('backup', { options: { ...options, caSecret: 'no-such-secret' } });
    expect(untrusted.status).toBe('failed');
    expect(untrusted.error?.message).toMatch(/SSL certificate problem/);
    expect(requests()).toEqual([]);

    const unnamed = await edge.run('backup', {});
    expect(unnamed.status).toBe('failed');
    expect(unnamed.error?.message).toContain('Options.repository: name the snapshot repository');
  });
});
