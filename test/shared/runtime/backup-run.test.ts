import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { silentLogger } from '../../../cli/logger.js';
import { InProcessRunContext } from '../../../shared/blueprint/in-process-context.js';
import { type Blueprint, blueprintSchema } from '../../../shared/blueprint/schema.js';
import { runBackup } from '../../../shared/runtime/backup-run.js';
import type { Capture } from '../../../shared/runtime/ports.js';
import { type BackupRunInput, backupRunInputSchema } from '../../../shared/runtime/run-input.js';
import { checkedPublisher } from '../../support/event-check.js';
import { MemoryStore } from '../../support/memory-store.js';
import { testActionRunner } from '../../support/test-action-runner.js';
import type { TestFunctionLog } from '../../support/test-functions.js';

const hooksYaml = (prehook = 'ArgFunc', posthook = 'ArgFunc') => `
backupPrehook:
  phases: [{ func: ${prehook}, name: lock, args: { app: "{{ .Object.metadata.name }}" } }]
backupPosthook:
  phases: [{ func: ${posthook}, name: unlock, args: {} }]
backup:
  outputArtifacts:
    dump: { keyValue: { path: "dumps/{{ .Object.metadata.name }}.gz" } }
  phases: [{ func: OutputFunc, name: dump, args: { value: done } }]
`;

function bp(actions: string): Blueprint {
  return blueprintSchema.parse({
    apiVersion: 'cr.kanister.io/v1alpha1',
    kind: 'Blueprint',
    metadata: { name: 'hooks' },
    actions: parse(actions),
  });
}

function input(extra: Partial<BackupRunInput> = {}): BackupRunInput {
  return backupRunInputSchema.parse({
    runId: 'run-1',
    policy: 'nightly',
    subject: { cluster: 'c1', namespace: 'app', kind: 'StatefulSet', name: 'db' },
    scheduledTime: '2026-11-21T02:00:00Z',
    hooks: { blueprint: 'hooks' },
    capture: { rds: [{ id: 'db1', kind: 'instance', region: 'us-east-1' }] },
    ...extra,
  });
}

function harness(blueprint: Blueprint, opts: { captureFails?: boolean } = {}) {
  const order: string[] = [];
  const log: TestFunctionLog = { calls: [] };
  const store = new MemoryStore();
  const events: { type: string; detail: Record<string, unknown> }[] = [];
  const rc = new InProcessRunContext({ log: silentLogger });
  const capture: Capture = {
    name: 'rds:db1',
    start: async (r) =>
      r.step('capture:start:rds:db1', async () => {
        order.push('capture.start');
        if (opts.captureFails) throw new Error('CreateDBSnapshot: InvalidDBInstanceState');
        return { name: 'rds:db1', pointInTime: '2026-11-21T02:00:01.000Z', data: { snapshot: 'snap-1' } };
      }),
    finish: async (r, h) =>
      r.step('capture:finish:rds:db1', async () => {
        order.push('capture.finish');
        return [
          { type: 'rds-snapshot', name: h.data.snapshot ?? '', location: 'arn:aws:rds:us-east-1:1:snapshot:snap-1' },
        ];
      }),
  };
  const actions = testActionRunner(rc, log);
  const recordingActions = {
    run: async (req: Parameters<typeof actions.run>[0]) => {
      order.push(req.action);
      return actions.run(req);
    },
  };
  const deps = {
    store,
    events: checkedPublisher(events),
    blueprints: { get: async () => blueprint },
    actions: recordingActions,
    captures: () => [capture],
  };
  return { deps, rc, store, events, order, log };
}

describe('runBackup', () => {
  it('quiesces, starts captures, unquiesces before waiting for them, and records one restore point', async () => {
    const h = harness(bp(hooksYaml()));
    const result = await runBackup(
      input({
        capture: {
          rds: [{ id: 'db1', kind: 'instance', region: 'us-east-1' }],
          blueprintBackup: { blueprint: 'hooks' },
        },
      }),
      h.deps,
      h.rc,
    );
    expect(result.run.state).toBe('succeeded');
    expect(h.order).toEqual(['backupPrehook', 'capture.start', 'backup', 'backupPosthook', 'capture.finish']);
    const rp = [...h.store.restorePoints.values()];
    expect(rp).toHaveLength(1);
    expect(rp[0]).toMatchObject({ consistency: 'application', policy: 'nightly', subjectId: 'c1/app/StatefulSet/db' });
    expect(rp[0]?.quiesce?.seconds).toBeGreaterThanOrEqual(0);
    expect(rp[0]?.artifacts.map((a) => `${a.type}:${a.name}`)).toEqual(['rds-snapshot:snap-1', 'blueprint:dump']);
    expect(rp[0]?.artifacts[1]?.keyValue).toEqual({ path: 'dumps/db.gz' });
    expect(h.store.markers.size).toBe(0);
    expect(h.events.map((e) => e.type)).toEqual(['Restore Point Created', 'Run Succeeded']);
    expect(h.store.runs.get('run-1')?.stages.map((s) => `${s.name}:${s.state}`)).toEqual([
      'quiesce:succeeded',
      'capture:succeeded',
      'unquiesce:succeeded',
      'finish:succeeded',
      'export:succeeded',
      'record:succeeded',
    ]);
  });

  it('runs the posthook and releases the marker when the prehook fails, and records no restore point', async () => {
    const h = harness(bp(hooksYaml('FailFunc')));
    const result = await runBackup(input(), h.deps, h.rc);
    expect(result.run.state).toBe('failed');
    expect(result.run.error).toEqual({
      stage: 'quiesce',
      message: 'backupPrehook failed: phase lock (FailFunc): FailFunc failed as asked',
    });
    expect(h.order).toEqual(['backupPrehook', 'backupPosthook']);
    expect(h.store.restorePoints.size).toBe(0);
    expect(h.store.markers.size).toBe(0);
    expect(h.events.map((e) => e.type)).toEqual(['Run Failed']);
  });

  it('goes on crash-consistent when the policy says so, and marks the restore point', async () => {
    const h = harness(bp(hooksYaml('FailFunc')));
    const result = await runBackup(input({ onPrehookFailure: 'crash-consistent' }), h.deps, h.rc);
    expect(result.run.state).toBe('succeeded');
    expect(result.restorePoint?.consistency).toBe('crash');
  });

  it('unquiesces when a capture fails', async () => {
    const h = harness(bp(hooksYaml()), { captureFails: true });
    const result = await runBackup(input(), h.deps, h.rc);
    expect(result.run.state).toBe('failed');
    expect(result.run.error?.stage).toBe('capture');
    expect(h.order).toEqual(['backupPrehook', 'capture.start', 'backupPosthook']);
    expect(h.store.markers.size).toBe(0);
  });

  it('keeps the quiesce marker when the posthook fails, so the watchdog retries it', async () => {
    const h = harness(bp(hooksYaml('ArgFunc', 'FailFunc')));
    const result = await runBackup(input(), h.deps, h.rc);
    expect(result.run.error?.stage).toBe('unquiesce');
    expect([...h.store.markers.values()]).toMatchObject([
      { app: 'c1/app/StatefulSet/db', runId: 'run-1', posthook: { blueprint: 'hooks' } },
    ]);
  });

  it('refuses to quiesce an app another run holds', async () => {
    const h = harness(bp(hooksYaml()));
    await h.store.acquireQuiesce({
      app: 'c1/app/StatefulSet/db',
      runId: 'other',
      since: 'x',
      maxQuiesceSeconds: 300,
      posthook: { blueprint: 'hooks', subject: input().subject, options: {} },
    });
    const result = await runBackup(input(), h.deps, h.rc);
    expect(result.run.state).toBe('failed');
    expect(result.run.error?.message).toContain('already quiesced by run other');
    expect(h.order).toEqual([]);
  });

  it('takes a crash-consistent backup without hooks', async () => {
    const h = harness(bp(hooksYaml()));
    const { hooks: _, ...noHooks } = input();
    const result = await runBackup(backupRunInputSchema.parse(noHooks), h.deps, h.rc);
    expect(result.restorePoint).toMatchObject({ consistency: 'crash', quiesce: undefined });
    expect(h.order).toEqual(['capture.start', 'capture.finish']);
  });
});
