/**
 * Issue 5: fan-out of 1,000 subjects (the trigger starting 1,000 durable runs through the real Lambda client against
 * a local endpoint) and what one backup run costs to orchestrate: DynamoDB requests counted on DynamoDB Local,
 * events published, Lambda invocations — priced at us-east-1 list prices (stated below) for a comparable figure.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { parse } from 'yaml';
import { silentLogger } from '../cli/logger.js';
import { lambdaRunStarter } from '../shared/aws/lambda-runs.js';
import { createStore } from '../shared/aws/store/index.js';
import { DynamoRunStore } from '../shared/aws/store/run-store-adapter.js';
import { InProcessRunContext } from '../shared/blueprint/in-process-context.js';
import { blueprintSchema } from '../shared/blueprint/schema.js';
import { loadPolicies } from '../shared/policy/load.js';
import type { Policy } from '../shared/policy/schema.js';
import { runBackup } from '../shared/runtime/backup-run.js';
import { backupRunInputSchema } from '../shared/runtime/run-input.js';
import { runTrigger } from '../shared/runtime/trigger.js';
import { startAwsStub } from '../test/support/aws-stub.js';
import { startDynamoDBLocal } from '../test/support/dynamodb-local.js';
import { testActionRunner } from '../test/support/test-action-runner.js';
import type { BenchRow } from './report.js';

/** us-east-1 list prices (USD): Lambda requests, DynamoDB on-demand request units, EventBridge custom events. */
const PRICE = { lambdaRequest: 0.2e-6, writeUnit: 1.25e-6, readUnit: 0.25e-6, event: 1e-6 };

const policyYaml = `apiVersion: holdfast.io/v1alpha1
kind: Policy
metadata: { name: fleet }
spec:
  subjects: { clusters: [{ name: c1, region: us-east-1 }], workloads: { annotated: true } }
  triggers: { schedules: [{ name: hourly, expression: "rate(1 hour)" }] }
  capture: { manifests: {} }
  retention: { daily: 7 }
`;

export async function fanoutBench(subjects: number): Promise<BenchRow[]> {
  const policy = loadPolicies(policyYaml, 'fleet.yaml').policies[0]?.value as Policy;
  const stub = await startAwsStub(() => undefined);
  try {
    const lambda = new LambdaClient({
      region: 'us-east-1',
      endpoint: stub.url,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const workloads = Array.from({ length: subjects }, (_, i) => ({
      kind: 'StatefulSet' as const,
      name: `app-${i}`,
      namespace: `ns-${i % 10}`,
      annotations: { 'kanister.kasten.io/blueprint': 'hooks' },
    }));
    const namespaces = Array.from({ length: 10 }, (_, i) => ({ name: `ns-${i}` }));
    const start = performance.now();
    const report = await runTrigger(
      { trigger: 'schedule', policy: 'fleet', schedule: 'hourly', scheduledTime: '2026-11-21T02:00:00Z' },
      {
        policies: { get: async () => policy, list: async () => [policy] },
        inventory: { list: async () => ({ cluster: 'c1', namespaces, workloads }) },
        starter: lambdaRunStarter(lambda, 'holdfast-backup-run'),
        log: silentLogger,
        concurrency: 20,
      },
    );
    const seconds = (performance.now() - start) / 1000;
    const perRun = await oneRunCost();
    const cost =
      perRun.writes * PRICE.writeUnit +
      perRun.reads * PRICE.readUnit +
      perRun.events * PRICE.event +
      perRun.invocations * PRICE.lambdaRequest;
    return [
      { name: `fan-out: time to start ${report.started.length} runs`, value: seconds, unit: 's' },
      { name: 'fan-out: runs started per second', value: report.started.length / seconds, unit: 'runs/s' },
      { name: 'run: DynamoDB write requests per backup run', value: perRun.writes, unit: 'requests' },
      { name: 'run: DynamoDB read requests per backup run', value: perRun.reads, unit: 'requests' },
      { name: 'run: EventBridge events per backup run', value: perRun.events, unit: 'events' },
      {
        name: 'run: Lambda invocations per backup run (trigger share + run)',
        value: perRun.invocations,
        unit: 'invocations',
      },
      { name: 'run: orchestration cost per run (requests only, list prices)', value: cost * 1e6, unit: 'µUSD' },
    ];
  } finally {
    await stub.close();
  }
}

/** One backup run (hooks + a capture + record) on DynamoDB Local, its requests counted by a client middleware. */
async function oneRunCost() {
  const ddb = await startDynamoDBLocal();
  try {
    const counts = { writes: 0, reads: 0 };
    ddb.client.middlewareStack.add(
      (next, context) => async (args) => {
        const op = String(context.commandName ?? '');
        if (/Put|Update|Delete|TransactWrite|BatchWrite/.test(op)) counts.writes++;
        else if (/Get|Query|Scan/.test(op)) counts.reads++;
        return next(args);
      },
      { step: 'initialize', name: 'holdfastCount' },
    );
    const tableName = await ddb.createTable();
    counts.writes = 0;
    counts.reads = 0;
    const store = new DynamoRunStore(createStore({ client: ddb.client, tableName }));
    const rc = new InProcessRunContext({ log: silentLogger, runId: 'bench-run' });
    let events = 0;
    const hooks = blueprintSchema.parse({
      apiVersion: 'cr.kanister.io/v1alpha1',
      kind: 'Blueprint',
      metadata: { name: 'hooks' },
      actions: parse(
        'backupPrehook: { phases: [{ func: ArgFunc, name: lock, args: {} }] }\nbackupPosthook: { phases: [{ func: ArgFunc, name: unlock, args: {} }] }',
      ),
    });
    await runBackup(
      backupRunInputSchema.parse({
        runId: 'bench-run',
        policy: 'fleet',
        subject: { cluster: 'c1', namespace: 'ns', kind: 'StatefulSet', name: 'app' },
        scheduledTime: '2026-11-21T02:00:00Z',
        hooks: { blueprint: 'hooks' },
        capture: { rds: [] },
      }),
      {
        store,
        events: { publish: async () => void events++ },
        blueprints: { get: async () => hooks },
        actions: testActionRunner(rc),
        captures: () => [
          {
            name: 'snap',
            start: (r) =>
              r.step('capture:start:snap', async () => ({
                name: 'snap',
                pointInTime: r.now().toISOString(),
                data: {},
              })),
            finish: async () => [{ type: 'rds-snapshot', name: 'snap', location: 'arn:snap' }],
          },
        ],
      },
      rc,
    );
    return { ...counts, events, invocations: 1 + 1 / 1000 };
  } finally {
    await ddb.stop();
  }
}
