/**
 * The run use cases on the real store: DynamoDB Local through DynamoRunStore and DynamoRestorePoints.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { silentLogger } from '../../../cli/logger.js';
import { DynamoRestorePoints } from '../../../shared/aws/store/restore-point-port.js';
import { DynamoRunStore } from '../../../shared/aws/store/run-store-adapter.js';
import { InProcessRunContext } from '../../../shared/blueprint/in-process-context.js';
import { blueprintSchema } from '../../../shared/blueprint/schema.js';
import { runBackup } from '../../../shared/runtime/backup-run.js';
import { runDelete } from '../../../shared/runtime/delete-run.js';
import type { ArtifactHandler, Capture } from '../../../shared/runtime/ports.js';
import { restoreRunInputSchema, runRestore } from '../../../shared/runtime/restore-run.js';
import { backupRunInputSchema } from '../../../shared/runtime/run-input.js';
import { useDynamoDBLocal } from '../../support/dynamodb-local.js';
import { checkedPublisher } from '../../support/event-check.js';
import { testActionRunner } from '../../support/test-action-runner.js';
import type { TestFunctionLog } from '../../support/test-functions.js';

const local = useDynamoDBLocal();

const blueprint = blueprintSchema.parse({
  apiVersion: 'cr.kanister.io/v1alpha1',
  kind: 'Blueprint',
  metadata: { name: 'app' },
  actions: parse(`
backupPrehook: { phases: [{ func: ArgFunc, name: lock, args: {} }] }
backupPosthook: { phases: [{ func: ArgFunc, name: unlock, args: {} }] }
backup:
  outputArtifacts: { dump: { keyValue: { path: "dumps/{{ .Object.metadata.name }}.gz" } } }
  phases: [{ func: ArgFunc, name: dump, args: {} }]
restore:
  phases: [{ func: ArgFunc, name: load, args: { from: "{{ .ArtifactsIn.dump.KeyValue.path }}" } }]
delete:
  phases: [{ func: ArgFunc, name: forget, args: { path: "{{ .ArtifactsIn.dump.KeyValue.path }}" } }]
`),
});

describe('runs on DynamoDB Local', () => {
  it('backs up, lists, restores and deletes through the real store', async () => {
    const store = await local.freshStore();
    const runs = new DynamoRunStore(store);
    const restorePoints = new DynamoRestorePoints(store);
    const events: { type: string; detail: Record<string, unknown> }[] = [];
    const log: TestFunctionLog = { calls: [] };
    const capture: Capture = {
      name: 'snap',
      start: (rc) =>
        rc.step('capture:start:snap', async () => ({ name: 'snap', pointInTime: rc.now().toISOString(), data: {} })),
      finish: async () => [
        { type: 'rds-snapshot', name: 'snap-1', location: 'arn:aws:rds:us-east-1:1:snapshot:snap-1', sizeBytes: 1024 },
      ],
    };
    const removed: string[] = [];
    const artifacts: ArtifactHandler = {
      restore: async () => ({ detail: 'ok' }),
      remove: async (_rc, a) => void removed.push(a.name),
    };
    const deps = (rc: InProcessRunContext) => ({
      store: runs,
      restorePoints,
      events: checkedPublisher(events),
      blueprints: { get: async () => blueprint },
      actions: testActionRunner(rc, log),
      captures: () => [capture],
      artifacts,
    });

    const rc1 = new InProcessRunContext({ log: silentLogger, runId: 'nightly-1' });
    const input = backupRunInputSchema.parse({
      runId: 'nightly-1',
      policy: 'nightly',
      subject: { cluster: 'c1', namespace: 'app', kind: 'StatefulSet', name: 'db' },
      scheduledTime: '2026-11-21T02:00:00Z',
      hooks: { blueprint: 'app' },
      capture: { rds: [], blueprintBackup: { blueprint: 'app' } },
    });
    const backup = await runBackup(input, deps(rc1), rc1);
    expect(backup.run.state).toBe('succeeded');
    const id = backup.restorePoint?.id ?? '';

    const listed = await restorePoints.listByPolicy('nightly');
    expect(listed.map((r) => r.id)).toEqual([id]);
    expect(listed[0]?.artifacts.map((a) => a.name)).toEqual(['snap-1', 'dump']);
    expect((await runs.getRun('nightly-1'))?.state).toBe('succeeded');
    expect(await runs.listQuiesceMarkers()).toEqual([]);

    const rc2 = new InProcessRunContext({ log: silentLogger, runId: 'restore-1' });
    const restored = await runRestore(
      restoreRunInputSchema.parse({ runId: 'restore-1', subjectId: 'c1/app/StatefulSet/db', restorePointId: id }),
      deps(rc2),
      rc2,
    );
    expect(restored.state).toBe('succeeded');
    expect(log.calls.find((c) => c.phase === 'load')?.args).toEqual({ from: 'dumps/db.gz' });

    const rc3 = new InProcessRunContext({ log: silentLogger, runId: 'delete-1' });
    const deleted = await runDelete(
      { runId: 'delete-1', subjectId: 'c1/app/StatefulSet/db', restorePointId: id },
      deps(rc3),
      rc3,
    );
    expect(deleted.state).toBe('succeeded');
    expect(removed).toEqual(['snap-1']);
    expect((await restorePoints.getRestorePoint('c1/app/StatefulSet/db', id))?.status).toBe('expired');
    expect(await restorePoints.listByPolicy('nightly')).toEqual([]);
    expect(events.map((e) => e.type)).toEqual([
      'Restore Point Created',
      'Run Succeeded',
      'Run Succeeded',
      'Restore Point Expired',
    ]);
  });
});
