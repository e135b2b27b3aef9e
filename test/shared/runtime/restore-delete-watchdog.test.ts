import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { silentLogger } from '../../../cli/logger.js';
import { InProcessRunContext } from '../../../shared/blueprint/in-process-context.js';
import { blueprintSchema } from '../../../shared/blueprint/schema.js';
import { runDelete } from '../../../shared/runtime/delete-run.js';
import type { ArtifactHandler, ArtifactRecord, RestorePoint } from '../../../shared/runtime/ports.js';
import { restoreRunInputSchema, runRestore } from '../../../shared/runtime/restore-run.js';
import { runWatchdog, type WatchdogDeps } from '../../../shared/runtime/watchdog.js';
import { checkedPublisher } from '../../support/event-check.js';
import { MemoryStore } from '../../support/memory-store.js';
import { testActionRunner } from '../../support/test-action-runner.js';
import type { TestFunctionLog } from '../../support/test-functions.js';

const blueprint = blueprintSchema.parse({
  apiVersion: 'cr.kanister.io/v1alpha1',
  kind: 'Blueprint',
  metadata: { name: 'app-bp' },
  actions: parse(`
restore:
  inputArtifactNames: [dump]
  phases: [{ func: ArgFunc, name: load, args: { from: "{{ .ArtifactsIn.dump.KeyValue.path }}", ns: "{{ .Object.metadata.namespace }}" } }]
delete:
  phases: [{ func: ArgFunc, name: forget, args: { path: "{{ .ArtifactsIn.dump.KeyValue.path }}" } }]
backupPosthook:
  phases: [{ func: ArgFunc, name: unlock, args: {} }]
`),
});

const subject = { cluster: 'c1', namespace: 'app', kind: 'StatefulSet', name: 'db' };
const rp: RestorePoint = {
  id: '2026-11-21T02:00:00Z#run-1',
  subject,
  subjectId: 'c1/app/StatefulSet/db',
  policy: 'nightly',
  runId: 'run-1',
  createdAt: '2026-11-21T02:00:05Z',
  consistency: 'application',
  artifacts: [
    { type: 'rds-snapshot', name: 'snap-1', location: 'arn:aws:rds:us-east-1:1:snapshot:snap-1' },
    { type: 'blueprint', name: 'dump', location: 'app-bp', keyValue: { path: 's3://b/dumps/db.gz' } },
    { type: 'blueprint', name: 'stream', location: 'app-bp', keyValue: { path: 'dumps/db.sql.gz', sha256: 'ab12' } },
  ],
  blueprint: 'app-bp',
};

function setup() {
  const store = new MemoryStore();
  void store.putRestorePoint(rp);
  const rc = new InProcessRunContext({ log: silentLogger });
  const log: TestFunctionLog = { calls: [] };
  const handled: string[] = [];
  const artifacts: ArtifactHandler = {
    restore: async (_rc, a: ArtifactRecord, target) => {
      handled.push(`restore ${a.name} as ${target.rdsInstanceId ?? 'original'}`);
      return { detail: 'ok' };
    },
    remove: async (_rc, a) => void handled.push(`remove ${a.name}`),
  };
  const published: { type: string; detail: Record<string, unknown> }[] = [];
  const checked = checkedPublisher(published);
  const events: string[] = [];
  const deps = {
    store,
    restorePoints: store,
    events: {
      publish: async (t: string, d: Record<string, unknown>) => {
        await checked.publish(t, d);
        events.push(t);
      },
    },
    blueprints: { get: async () => blueprint },
    actions: testActionRunner(rc, log),
    artifacts,
  };
  return { store, rc, log, handled, events, deps };
}

describe('runRestore', () => {
  it('restores data, then runs the blueprint restore with .ArtifactsIn, into another namespace if asked', async () => {
    const h = setup();
    const input = restoreRunInputSchema.parse({
      runId: 'r-1',
      subjectId: rp.subjectId,
      restorePointId: rp.id,
      target: { namespace: 'app-copy', rdsInstanceId: 'db-copy' },
    });
    const run = await runRestore(input, h.deps, h.rc);
    expect(run.state).toBe('succeeded');
    expect(h.handled).toEqual(['restore snap-1 as db-copy']);
    expect(h.log.calls).toEqual([
      { func: 'ArgFunc', phase: 'load', args: { from: 's3://b/dumps/db.gz', ns: 'app-copy' } },
    ]);
    expect(h.events).toEqual(['Run Succeeded']);
  });

  it('refuses a restore point that retention is deleting', async () => {
    const h = setup();
    await h.store.markExpiring(rp.subjectId, rp.id);
    const run = await runRestore(
      restoreRunInputSchema.parse({ runId: 'r-2', subjectId: rp.subjectId, restorePointId: rp.id }),
      h.deps,
      h.rc,
    );
    expect(run.error).toMatchObject({ stage: 'load', message: expect.stringContaining('is expiring') });
    expect(h.handled).toEqual([]);
  });
});

describe('runDelete', () => {
  it('marks expiring, deletes artifacts, runs the blueprint delete, marks expired', async () => {
    const h = setup();
    const run = await runDelete({ runId: 'd-1', subjectId: rp.subjectId, restorePointId: rp.id }, h.deps, h.rc);
    expect(run.state).toBe('succeeded');
    // The snapshot, then (after the blueprint's delete action) the object the blueprint streamed to the location.
    expect(h.handled).toEqual(['remove snap-1', 'remove stream']);
    expect(h.log.calls.map((c) => c.args)).toEqual([{ path: 's3://b/dumps/db.gz' }]);
    expect((await h.store.getRestorePoint(rp.subjectId, rp.id))?.status).toBe('expired');
    expect(h.events).toEqual(['Restore Point Expired']);
  });
});

describe('runWatchdog', () => {
  it('runs the posthook for a marker older than maxQuiesceSeconds and removes it; leaves young markers', async () => {
    const h = setup();
    const since = (s: number) => new Date(Date.parse('2026-11-21T02:10:00Z') - s * 1000).toISOString();
    await h.store.acquireQuiesce({
      app: 'old',
      runId: 'run-old',
      since: since(400),
      maxQuiesceSeconds: 300,
      posthook: { blueprint: 'app-bp', subject, options: {} },
    });
    await h.store.acquireQuiesce({
      app: 'young',
      runId: 'run-young',
      since: since(10),
      maxQuiesceSeconds: 300,
      posthook: { blueprint: 'app-bp', subject, options: {} },
    });
    const report = await runWatchdog({
      store: h.store,
      blueprints: h.deps.blueprints,
      events: h.deps.events,
      actions: (rc) => testActionRunner(rc, h.log),
      newRunContext: () => new InProcessRunContext({ log: silentLogger }),
      runningRuns: async () => [],
      executionStatus: async () => 'RUNNING',
      now: () => new Date('2026-11-21T02:10:00Z'),
    });
    expect(report.unquiesced).toEqual([{ app: 'old', runId: 'run-old', ok: true }]);
    expect([...h.store.markers.keys()]).toEqual(['young']);
    expect(h.log.calls.map((c) => c.phase)).toEqual(['unlock']);
  });

  it('marks runs whose execution was stopped or timed out as failed, once', async () => {
    const h = setup();
    const running = {
      runId: 'run-x',
      kind: 'backup' as const,
      subjectId: rp.subjectId,
      state: 'running' as const,
      startedAt: '2026-11-21T02:00:00Z',
      phases: [],
      stages: [],
    };
    await h.store.putRun(running);
    const deps: WatchdogDeps = {
      store: h.store,
      blueprints: h.deps.blueprints,
      events: h.deps.events,
      actions: (rc) => testActionRunner(rc, h.log),
      newRunContext: () => new InProcessRunContext({ log: silentLogger }),
      runningRuns: async () => [...h.store.runs.values()].filter((r) => r.state === 'running'),
      executionStatus: async () => 'STOPPED',
      now: () => new Date('2026-11-21T02:10:00Z'),
    };
    expect((await runWatchdog(deps)).reconciled).toEqual([{ runId: 'run-x', status: 'STOPPED' }]);
    expect(h.store.runs.get('run-x')?.error?.message).toBe("the run's execution ended STOPPED");
    expect((await runWatchdog(deps)).reconciled).toEqual([]);
    expect(h.events).toEqual(['Run Failed']);
  });
});
