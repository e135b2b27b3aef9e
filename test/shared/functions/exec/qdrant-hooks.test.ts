/**
 * Acceptance: the seeds' `qdrant-hooks` blueprint (KubeTask + curl) runs unchanged against the local API server.
 * A task pod's command runs on this machine, where `my-demo-qdrant` does not resolve: the image `curlimages/curl`
 * brings (imagePath option) a `curl` that is the real curl with `--connect-to my-demo-qdrant:6333:127.0.0.1:<port>`,
 * so the blueprint's URL reaches a local receiver standing in for Qdrant, which records the calls.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../../support/cli.js';
import { capturingLogger, eventually, type LocalCluster, startLocalCluster } from '../../../support/kube.js';
import { loadBlueprint, runBlueprintAction } from '../../../support/run-blueprint.js';

interface Call {
  method: string;
  url: string;
  host: string;
  contentType: string;
  body: unknown;
}

const received: Call[] = [];
const dir = mkdtempSync(join(tmpdir(), 'holdfast-qdrant-'));
let receiver: Server;
let cluster: LocalCluster;
const blueprint = loadBlueprint(join(repoRoot, 'examples/seed-blueprints/qdrant-hooks.yaml'));
const subject = { kind: 'StatefulSet', namespace: 'animalai', name: 'my-demo-qdrant' };

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        host: req.headers.host ?? '',
        contentType: req.headers['content-type'] ?? '',
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"result":true,"status":"ok","time":0.0001}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  const curl = join(dir, 'curl');
  writeFileSync(curl, `#!/bin/sh\nexec /usr/bin/curl --connect-to my-demo-qdrant:6333:127.0.0.1:${port} "$@"\n`);
  chmodSync(curl, 0o755);

  cluster = await startLocalCluster({ imagePath: { 'curlimages/curl': [dir] } });
  await cluster.core.createNamespace({ body: { metadata: { name: 'animalai' } } });
  const manifest = parse(readFileSync(join(repoRoot, 'examples/objects/qdrant-statefulset.yaml'), 'utf8'));
  await cluster.objects.create(manifest as KubernetesObject);
  await eventually(async () => {
    const pod = await cluster.core.readNamespacedPod({ namespace: 'animalai', name: 'my-demo-qdrant-0' });
    return pod.status?.phase === 'Running';
  });
});

afterAll(async () => {
  await cluster?.api.close();
  receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

const taskPods = async () =>
  (await cluster.core.listNamespacedPod({ namespace: 'animalai', labelSelector: 'createdBy=kanister' })).items;

describe('qdrant-hooks (seed blueprint) against the local API server', () => {
  it('sends the lock and unlock calls Qdrant would get, from task pods that are gone afterwards', async () => {
    const log = capturingLogger();
    const kube = cluster.access;
    const pre = await runBlueprintAction({ blueprint, action: 'backupPrehook', subject, clients: { kube }, log });
    expect(pre.status).toBe('succeeded');
    expect(await taskPods()).toEqual([]);
    const post = await runBlueprintAction({ blueprint, action: 'backupPosthook', subject, clients: { kube }, log });
    expect(post.status).toBe('succeeded');
    expect(await taskPods()).toEqual([]);

    expect(received).toEqual([
      {
        method: 'POST',
        url: '/locks',
        host: 'my-demo-qdrant:6333',
        contentType: 'application/json',
        body: { error_message: 'write is temporarily disabled while a Kasten backup is performed', write: true },
      },
      {
        method: 'POST',
        url: '/locks',
        host: 'my-demo-qdrant:6333',
        contentType: 'application/json',
        body: { write: false },
      },
    ]);
    // The pod's output (curl prints Qdrant's answer) is logged.
    const lines = log.entries.map((e) => e.fields?.line);
    expect(lines.filter((l) => l === '{"result":true,"status":"ok","time":0.0001}')).toHaveLength(2);
  });
});
