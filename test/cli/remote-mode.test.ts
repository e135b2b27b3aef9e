/**
 * Remote mode: the CLI finds a deployed stack from its CloudFormation outputs, sends requests to its `invoke` function
 * and reads runs and restore points from its table — here a local stand-in speaking the CloudFormation and Lambda
 * wire protocols (running the real `handleInvoke`) and DynamoDB Local, reached by the real SDK clients through
 * AWS_ENDPOINT_URL_* variables.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../cli/logger.js';
import { createStore } from '../../shared/aws/store/index.js';
import { DynamoRestorePoints } from '../../shared/aws/store/restore-point-port.js';
import { DynamoRunStore } from '../../shared/aws/store/run-store-adapter.js';
import { validationPorts } from '../../shared/engine/validation-ports.js';
import { ConfigSource, policySource } from '../../shared/runtime/config-sources.js';
import { handleInvoke, invokeRequestSchema } from '../../shared/runtime/invoke.js';
import { directoryYamlFiles } from '../../shared/runtime/yaml-files.js';
import { runCli, tempFiles } from '../support/cli.js';
import { type DynamoDBLocal, startDynamoDBLocal } from '../support/dynamodb-local.js';

const SUBJECT = 'prod/shop/StatefulSet/orders';
const RUN = 'shop-202603011000-0123456789abcdef';
const RP = `2026-03-01T10:00:00.000Z#${RUN}`;
const policy = `apiVersion: holdfast.io/v1alpha1
kind: Policy
metadata: { name: shop }
spec:
  subjects:
    clusters: [{ name: prod, region: us-east-1 }]
    workloads: { refs: [{ kind: StatefulSet, name: orders, namespace: shop }] }
  capture: { manifests: {} }
  retention: { daily: 7 }
`;

let ddb: DynamoDBLocal;
let server: Server;
const starts: { kind: string; name: string; input: Record<string, unknown> }[] = [];

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const stack = (name: string, outputs: Record<string, string>) =>
  `<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>${name}</StackName><Outputs>${Object.entries(
    outputs,
  )
    .map(([k, v]) => `<member><OutputKey>${k}</OutputKey><OutputValue>${v}</OutputValue></member>`)
    .join('')}</Outputs></member></Stacks></DescribeStacksResult></DescribeStacksResponse>`;

beforeAll(async () => {
  ddb = await startDynamoDBLocal();
  const table = await ddb.createTable();
  const store = createStore({ client: ddb.client, tableName: table });
  const runs = new DynamoRunStore(store);
  const restorePoints = new DynamoRestorePoints(store);
  const subject = { cluster: 'prod', namespace: 'shop', kind: 'StatefulSet', name: 'orders' };
  await runs.putRun({
    runId: RUN,
    kind: 'backup',
    policy: 'shop',
    subjectId: SUBJECT,
    state: 'running',
    startedAt: '2026-03-01T10:00:00.000Z',
    phases: [],
    stages: [],
  });
  await runs.putRestorePoint({
    id: RP,
    subject,
    subjectId: SUBJECT,
    policy: 'shop',
    runId: RUN,
    createdAt: '2026-03-01T10:00:05.000Z',
    consistency: 'application',
    artifacts: [{ type: 'manifests', name: 'manifests', location: 's3://bucket/m.yaml' }],
  });
  await runs.putRun({
    runId: RUN,
    kind: 'backup',
    policy: 'shop',
    subjectId: SUBJECT,
    state: 'succeeded',
    startedAt: '2026-03-01T10:00:00.000Z',
    endedAt: '2026-03-01T10:00:06.000Z',
    phases: [],
    stages: [],
    restorePointId: RP,
  });
  const config = new ConfigSource(
    directoryYamlFiles([tempFiles({ 'shop.yaml': policy })]),
    validationPorts(),
    silentLogger,
  );
  const starter = (kind: string) => ({
    async start(name: string, input: unknown) {
      starts.push({ kind, name, input: input as Record<string, unknown> });
      return 'started' as const;
    },
  });
  server = createServer(async (req, res) => {
    const text = await body(req);
    if (req.url?.startsWith('/2015-03-31/functions/')) {
      const answer = await handleInvoke(invokeRequestSchema.parse(JSON.parse(text)), {
        policies: policySource(config),
        inventory: {
          list: async () => ({
            cluster: 'prod',
            namespaces: [{ name: 'shop' }],
            workloads: [{ kind: 'StatefulSet', name: 'orders', namespace: 'shop' }],
          }),
        },
        backupStarter: starter('backup'),
        restoreStarter: starter('restore'),
        runs,
        restorePoints,
        validation: validationPorts(),
        log: silentLogger,
        now: () => new Date(),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      return;
    }
    const name = new URLSearchParams(text).get('StackName');
    if (name === 'HoldfastAgents')
      res
        .writeHead(200)
        .end(stack(name, { InvokeFunction: 'arn:aws:lambda:us-east-1:123456789012:function:holdfast-invoke:live' }));
    else if (name === 'HoldfastStateful') res.writeHead(200).end(stack(name, { TableName: table }));
    else
      res
        .writeHead(400)
        .end(
          `<ErrorResponse><Error><Code>ValidationError</Code><Message>Stack with id ${name} does not exist</Message></Error></ErrorResponse>`,
        );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_CLOUDFORMATION: url,
    AWS_ENDPOINT_URL_LAMBDA: url,
    AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'us-east-1',
    HOLDFAST_HOME: tempFiles({}),
  });
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await ddb?.stop();
});

describe('holdfast against a deployed stack (remote mode)', () => {
  it('lists restore points from the stack table', async () => {
    const run = await runCli('restore-points', 'list', '--stack', 'holdfast', '-o', 'json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ mode: 'remote', restorePoints: [{ id: RP, subjectId: SUBJECT }] });
  });

  it('starts a policy backup through the invoke function', async () => {
    const run = await runCli('backup', '-p', 'shop', '--stack', 'holdfast', '--no-wait', '-o', 'json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ mode: 'remote', policy: 'shop', runs: [] });
    expect(out.started).toHaveLength(1);
    expect(starts.at(-1)).toMatchObject({
      kind: 'backup',
      name: out.started[0],
      input: { policy: 'shop', subject: { name: 'orders' } },
    });
  });

  it('restores a restore point into another namespace through the invoke function', async () => {
    const run = await runCli(
      'restore',
      RP,
      '--namespace',
      'shop-copy',
      '--stack',
      'holdfast',
      '--no-wait',
      '-o',
      'json',
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ mode: 'remote', restorePoint: RP, started: true });
    expect(starts.at(-1)).toMatchObject({
      kind: 'restore',
      input: { subjectId: SUBJECT, restorePointId: RP, target: { namespace: 'shop-copy' } },
    });
  });

  it('shows a run from the table, and finds the stack by itself when AWS is configured', async () => {
    const run = await runCli('runs', 'show', RUN, '-o', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      mode: 'remote',
      run: { runId: RUN, state: 'succeeded', restorePointId: RP },
    });
  });

  it('says in one line when the named stack is not deployed', async () => {
    const run = await runCli('runs', 'list', '--stack', 'staging', '-o', 'json');
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'holdfast: stacks StagingAgents and StagingStateful are not deployed in us-east-1: deploy with npx cdk deploy --all, or check --stack and --region\n',
    );
  });

  it('keeps local-only commands local', async () => {
    const dir = tempFiles({
      'a.yaml':
        'apiVersion: cr.kanister.io/v1alpha1\nkind: ActionSet\nmetadata: { name: a }\n' +
        'spec: { actions: [{ name: backup, blueprint: b, object: { kind: Deployment, name: d, namespace: n } }] }\n',
    });
    const run = await runCli('run', join(dir, 'a.yaml'), '--stack', 'holdfast');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'holdfast: holdfast run (an ActionSet) runs in local mode only: add --local (or --sandbox)\n',
    );
  });
});
