/**
 * Issue 5 acceptance, end to end with the REAL Lambda handlers (functions/trigger, functions/backup-run on the local
 * durable runner, functions/notify): DynamoDB Local, s3rver, the local Kubernetes API, and a stub for EventBridge
 * PutEvents and Lambda Invoke — all reached by the real SDK clients through AWS_ENDPOINT_URL_* variables.
 * A scheduled policy backs up two annotated StatefulSets whose hooks read a Secret: two restore points with
 * artifacts and quiesce windows, Run Succeeded published, a webhook receiver verifies the HMAC signature; the same
 * trigger delivered twice starts nothing more; no Secret value anywhere in logs, table, events or webhook bodies.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreTable } from '../../shared/aws/store/table.js';
import { type AwsStub, type Invocation, startAwsStub } from '../support/aws-stub.js';
import { type DynamoDBLocal, startDynamoDBLocal } from '../support/dynamodb-local.js';
import { eventually, type LocalCluster, startLocalCluster } from '../support/kube.js';
import { S3RVER_CREDENTIALS, type S3rverHandle, startS3rver } from '../support/s3rver.js';

const SECRET = 'Shop-Db-Pa55word!';
const config = mkdtempSync(join(tmpdir(), 'holdfast-e2e-config-'));

const policy = `apiVersion: holdfast.io/v1alpha1
kind: Policy
metadata: { name: shop }
spec:
  subjects:
    clusters: [{ name: local, region: us-east-1 }]
    namespaces: { names: [shop] }
    workloads: { annotated: true }
  triggers: { schedules: [{ name: nightly, expression: "cron(0 2 * * ? *)", timeZone: UTC }] }
  capture: { manifests: { secrets: false } }
  retention: { daily: 7 }
  notifications:
    webhook: { urlSecret: /holdfast/webhook-url, hmacKeySecret: holdfast/webhook-key, on: [success, failure] }
  maxQuiesceSeconds: 120
`;

const hooks = `apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata: { name: shop-hooks }
actions:
  backupPrehook:
    phases:
    - func: KubeExec
      name: lock
      objects: { creds: { kind: Secret, name: shop-creds, namespace: "{{ .StatefulSet.Namespace }}" } }
      args:
        namespace: "{{ .StatefulSet.Namespace }}"
        pod: "{{ index .StatefulSet.Pods 0 }}"
        command: [sh, -c, "PW='{{ index .Phases.lock.Secrets.creds.Data \\"password\\" | toString }}'; echo locked {{ .StatefulSet.Name }} with $PW"]
  backupPosthook:
    phases:
    - func: KubeExec
      name: unlock
      args:
        namespace: "{{ .StatefulSet.Namespace }}"
        pod: "{{ index .StatefulSet.Pods 0 }}"
        command: [sh, -c, "echo unlocked {{ .StatefulSet.Name }}"]
`;

const statefulSet = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: 'shop', annotations: { 'kanister.kasten.io/blueprint': 'shop-hooks' } },
  spec: {
    replicas: 1,
    serviceName: name,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'app', image: 'busybox', command: ['sleep', '3600'] }] },
    },
  },
});

interface Webhook {
  url: string;
  received: { body: string; valid: boolean }[];
  close(): Promise<void>;
}

async function webhookReceiver(key: string): Promise<Webhook> {
  const received: Webhook['received'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const ts = String(req.headers['x-holdfast-timestamp'] ?? '');
      const expected = `sha256=${createHmac('sha256', key).update(`${ts}.${body}`).digest('hex')}`;
      const given = String(req.headers['x-holdfast-signature'] ?? '');
      const valid = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      received.push({ body, valid });
      res.writeHead(valid ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/holdfast`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let ddb: DynamoDBLocal;
let s3: S3rverHandle;
let cluster: LocalCluster;
let stub: AwsStub;
let webhook: Webhook;
let tableName: string;
let dynamo: DynamoDBClient;
const runs: Promise<unknown>[] = [];
const output: string[] = [];
let restoreStdout: () => void;

beforeAll(async () => {
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  [ddb, s3, cluster] = await Promise.all([
    startDynamoDBLocal(),
    startS3rver({ bucket: 'holdfast-artifacts' }),
    startLocalCluster(),
  ]);
  // DynamoDB Local keeps one database per access key, and s3rver checks its own key: the handlers use s3rver's key,
  // so the table is created (and read) under it too.
  dynamo = new DynamoDBClient({ endpoint: ddb.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS });
  tableName = `holdfast-e2e-${Date.now()}`;
  await createStoreTable(dynamo, tableName);
  webhook = await webhookReceiver('webhook-signing-key');
  const { handler: backupRun } = await loadHandlers();
  stub = await startAwsStub((inv: Invocation) => {
    const runner = new LocalDurableTestRunner({ handlerFunction: backupRun as never });
    runs.push(runner.run({ payload: inv.payload as Record<string, unknown> }).then((e) => e.getResult()));
  });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_EVENTBRIDGE: stub.url,
    AWS_ENDPOINT_URL_LAMBDA: stub.url,
  });
  // The cluster's objects: a namespace, the Secret the hooks read, two annotated StatefulSets.
  await cluster.core.createNamespace({ body: { metadata: { name: 'shop' } } });
  await cluster.core.createNamespacedSecret({
    namespace: 'shop',
    body: { metadata: { name: 'shop-creds' }, stringData: { password: SECRET } },
  });
  for (const name of ['orders', 'catalog'])
    await cluster.apps.createNamespacedStatefulSet({ namespace: 'shop', body: statefulSet(name) });
  await eventually(async () => {
    const pods = await cluster.core.listNamespacedPod({ namespace: 'shop' });
    return pods.items.filter((p) => p.status?.phase === 'Running').length === 2;
  });
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  restoreStdout = () => {
    process.stdout.write = write;
  };
}, 120_000);

afterAll(async () => {
  restoreStdout?.();
  await Promise.allSettled([stub?.close(), webhook?.close(), s3?.stop(), ddb?.stop(), cluster?.api.close()]);
  await LocalDurableTestRunner.teardownTestEnvironment();
});

/** The environment the stack gives the functions, pointed at the local servers; set before the handlers load. */
async function loadHandlers() {
  mkdirSync(join(config, 'policies'));
  mkdirSync(join(config, 'blueprints'));
  writeFileSync(join(config, 'policies', 'shop.yaml'), policy);
  writeFileSync(join(config, 'blueprints', 'shop-hooks.yaml'), hooks);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    HOLDFAST_S3_FORCE_PATH_STYLE: 'true',
    HOLDFAST_TABLE_NAME: tableName,
    HOLDFAST_EVENT_BUS_NAME: 'holdfast',
    HOLDFAST_BUCKET_NAME: 'holdfast-artifacts',
    HOLDFAST_KMS_KEY_ARN: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    HOLDFAST_LOCATIONS: JSON.stringify({
      default: { bucket: 'holdfast-artifacts', prefix: 'backups', region: 'us-east-1' },
    }),
    HOLDFAST_CLUSTERS: JSON.stringify([{ name: 'local', region: 'us-east-1', server: cluster.api.url }]),
    HOLDFAST_POLICIES_DIR: join(config, 'policies'),
    HOLDFAST_BLUEPRINTS_DIR: join(config, 'blueprints'),
    HOLDFAST_BACKUP_RUN_FUNCTION: 'arn:aws:lambda:us-east-1:123456789012:function:holdfast-backup-run:live',
  });
  return import('../../functions/backup-run.js');
}

async function trigger(): Promise<unknown> {
  const { handler } = await import('../../functions/trigger.js');
  const event = { trigger: 'schedule', policy: 'shop', schedule: 'nightly', scheduledTime: '2026-11-21T02:00:00Z' };
  return handler(event as never, { functionName: 'trigger', awsRequestId: 't' } as never);
}

describe('a scheduled policy backup, end to end', () => {
  it('backs up two subjects into two restore points, notifies a signed webhook, and leaks no secret', async () => {
    const first = await trigger();
    expect(first).toMatchObject({ status: 'done', policy: 'shop' });
    expect(stub.invocations.map((i) => i.qualifier)).toEqual(['live', 'live']);
    expect(stub.invocations.every((i) => i.invocationType === 'Event' && i.durableExecutionName)).toBe(true);
    const results = await Promise.all(runs);
    expect(results).toEqual([
      expect.objectContaining({ status: 'succeeded' }),
      expect.objectContaining({ status: 'succeeded' }),
    ]);

    // The same trigger again: the durable names repeat, so no new run starts.
    await trigger();
    expect(stub.invocations).toHaveLength(4);
    expect(runs).toHaveLength(2);

    // Two restore points with artifacts and quiesce windows, in the real table.
    const scan = await dynamo.send(new ScanCommand({ TableName: tableName }));
    const items = (scan.Items ?? []).map((i) => JSON.stringify(i));
    const points = items.filter((i) => i.includes('"RP#'));
    expect(points).toHaveLength(2);
    for (const p of points) {
      expect(p).toContain('"manifests"');
      expect(p).toContain('"quiesce"');
      expect(p).toContain('sha256');
    }

    // Run Succeeded on the bus → notify → the webhook verifies the HMAC signature.
    const succeeded = stub.events.filter((e) => e.DetailType === 'Run Succeeded');
    expect(succeeded).toHaveLength(2);
    const { createNotifyHandler } = await import('../../functions/notify.js');
    const secrets: Record<string, string> = {
      'ssm:/holdfast/webhook-url': webhook.url,
      'secretsmanager:holdfast/webhook-key': 'webhook-signing-key',
    };
    const notify = createNotifyHandler({
      logger: new Logger({ serviceName: 'holdfast-notify' }),
      secrets: { get: async (name: string) => secrets[name] ?? Promise.reject(new Error(`no secret ${name}`)) },
    });
    for (const [i, e] of succeeded.entries()) {
      const envelope = {
        version: '0',
        id: `00000000-0000-4000-8000-00000000000${i}`,
        'detail-type': e.DetailType,
        source: e.Source,
        account: '123456789012',
        time: '2026-11-21T02:05:00Z',
        region: 'us-east-1',
        resources: [],
        detail: JSON.parse(e.Detail),
      };
      expect(await notify(envelope as never, { functionName: 'notify', awsRequestId: `n${i}` } as never)).toMatchObject(
        { status: 'sent' },
      );
    }
    expect(webhook.received).toHaveLength(2);
    expect(webhook.received.every((r) => r.valid)).toBe(true);

    // The hooks really ran with the Secret (the pod saw it), yet no value leaked anywhere.
    const everything = [
      ...output,
      ...items,
      ...stub.events.map((e) => e.Detail),
      ...webhook.received.map((r) => r.body),
    ].join('\n');
    expect(items.some((i) => i.includes("PW='***'"))).toBe(true);
    for (const form of [SECRET, Buffer.from(SECRET).toString('base64'), encodeURIComponent(SECRET)]) {
      expect(everything).not.toContain(form);
    }
  }, 240_000);
});
