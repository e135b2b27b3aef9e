import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../cli/logger.js';
import { InProcessRunContext } from '../../../shared/blueprint/in-process-context.js';
import { loadPolicies } from '../../../shared/policy/load.js';
import { applyRetention } from '../../../shared/policy/retention.js';
import type { Policy } from '../../../shared/policy/schema.js';
import { runDelete } from '../../../shared/runtime/delete-run.js';
import type { ArtifactHandler, RestorePoint } from '../../../shared/runtime/ports.js';
import { deleteRunName, runRetention } from '../../../shared/runtime/retention.js';
import { runTrigger, type Starter, triggerEventSchema } from '../../../shared/runtime/trigger.js';
import { MemoryStore } from '../../support/memory-store.js';
import { testActionRunner } from '../../support/test-action-runner.js';

const yaml = `apiVersion: holdfast.io/v1alpha1
kind: Policy
metadata: { name: shop }
spec:
  subjects:
    clusters: [{ name: prod, region: eu-west-1 }]
    namespaces: { names: [shop] }
    workloads: { annotated: true }
  triggers: { schedules: [{ name: nightly, expression: "cron(0 2 * * ? *)", timeZone: Europe/Berlin }] }
  capture: { manifests: {} }
  retention: { hourly: 24, daily: 7, weekly: 4, monthly: 12, yearly: 2 }
`;
const policy = loadPolicies(yaml, 'shop.yaml').policies[0]?.value as Policy;
const policies = { get: async (n: string) => (n === 'shop' ? policy : undefined), list: async () => [policy] };

class RecordingStarter implements Starter {
  readonly started = new Map<string, unknown>();
  async start(name: string, input: unknown): Promise<'started' | 'existing'> {
    if (this.started.has(name)) return 'existing';
    this.started.set(name, input);
    return 'started';
  }
}

describe('runTrigger', () => {
  const inventory = {
    list: async () => ({
      cluster: 'prod',
      namespaces: [{ name: 'shop' }],
      workloads: [
        {
          kind: 'StatefulSet' as const,
          name: 'db',
          namespace: 'shop',
          annotations: { 'kanister.kasten.io/blueprint': 'pg' },
        },
        {
          kind: 'Deployment' as const,
          name: 'web',
          namespace: 'shop',
          annotations: { 'kanister.kasten.io/blueprint': 'web' },
        },
      ],
    }),
  };

  it('starts one run per subject, and the same trigger delivered twice starts nothing more', async () => {
    const starter = new RecordingStarter();
    const event = triggerEventSchema.parse({
      trigger: 'schedule',
      policy: 'shop',
      schedule: 'nightly',
      scheduledTime: '2026-11-21T01:00:00Z',
    });
    const first = await runTrigger(event, { policies, inventory, starter, log: silentLogger });
    expect(first.started).toHaveLength(2);
    // A retry a few seconds late maps back to the same fire time, hence the same run names.
    const late = triggerEventSchema.parse({ ...event, scheduledTime: '2026-11-21T01:00:07Z' });
    const second = await runTrigger(late, { policies, inventory, starter, log: silentLogger });
    expect(second.started).toEqual([]);
    expect(second.existing.sort()).toEqual(first.started.sort());
    expect(starter.started.size).toBe(2);
  });

  it('refuses an unknown policy with what to do', async () => {
    const event = triggerEventSchema.parse({
      trigger: 'schedule',
      policy: 'nope',
      schedule: 'nightly',
      scheduledTime: '2026-11-21T01:00:00Z',
    });
    await expect(
      runTrigger(event, { policies, inventory, starter: new RecordingStarter(), log: silentLogger }),
    ).rejects.toThrow('policy nope is not deployed; redeploy the stack with it');
  });

  it('keeps going when a cluster cannot be listed, and says so', async () => {
    const failing = { list: async () => Promise.reject(new Error('connect ECONNREFUSED')) };
    const event = triggerEventSchema.parse({
      trigger: 'schedule',
      policy: 'shop',
      schedule: 'nightly',
      scheduledTime: '2026-11-21T01:00:00Z',
    });
    const r = await runTrigger(event, {
      policies,
      inventory: failing,
      starter: new RecordingStarter(),
      log: silentLogger,
    });
    expect(r.started).toEqual([]);
    expect(r.problems[0]).toBe('prod: cannot list the cluster: connect ECONNREFUSED');
  });
});

describe('runRetention over a year of hourly restore points', () => {
  it('keeps exactly the GFS set, deletes the artifacts of the rest once, and a second pass starts nothing', async () => {
    const store = new MemoryStore();
    const subject = { cluster: 'prod', namespace: 'shop', kind: 'StatefulSet', name: 'db' };
    const start = Date.parse('2025-11-21T00:00:00Z');
    for (let h = 0; h < 365 * 24; h++) {
      const createdAt = new Date(start + h * 3_600_000).toISOString();
      const rp: RestorePoint = {
        id: `${createdAt}#run-${h}`,
        subject,
        subjectId: 'prod/shop/StatefulSet/db',
        policy: 'shop',
        runId: `run-${h}`,
        createdAt,
        consistency: 'application',
        artifacts: [{ type: 'rds-snapshot', name: `snap-${h}`, location: `arn:snap-${h}` }],
      };
      await store.putRestorePoint(rp);
    }
    const now = () => new Date(start + 365 * 24 * 3_600_000);
    const all = [...store.restorePoints.values()];
    const expected = applyRetention(
      all.map((p) => ({ id: p.id, time: new Date(p.createdAt), complete: true })),
      policy.spec.retention,
      now(),
      { timeZone: 'Europe/Berlin' },
    );

    const starter = new RecordingStarter();
    const deps = {
      policies,
      restorePoints: { listByPolicy: async () => [...store.restorePoints.values()] },
      starter,
      log: silentLogger,
      now,
    };
    const report = await runRetention(deps);
    expect(report.kept).toBe(expected.keep.length);
    expect(report.expiring.map((e) => e.restorePointId).sort()).toEqual([...expected.expire].sort());
    expect(report.kept).toBeLessThanOrEqual(24 + 7 + 4 + 12 + 2);

    // Run every delete run the pass started, in-process.
    const removed = new Set<string>();
    const artifacts: ArtifactHandler = {
      restore: async () => undefined,
      remove: async (_rc, a) => void removed.add(a.name),
    };
    for (const [name, input] of starter.started) {
      const rc = new InProcessRunContext({ log: silentLogger, runId: name });
      const run = await runDelete(
        input as never,
        {
          store,
          restorePoints: store,
          events: { publish: async () => undefined },
          blueprints: { get: async () => Promise.reject(new Error('none')) },
          actions: testActionRunner(rc),
          artifacts,
        },
        rc,
      );
      expect(run.state).toBe('succeeded');
    }
    const keptIds = new Set(expected.keep);
    for (const rp of store.restorePoints.values()) {
      const name = rp.artifacts[0]?.name ?? '';
      expect(removed.has(name)).toBe(!keptIds.has(rp.id));
      expect(rp.status ?? 'complete').toBe(keptIds.has(rp.id) ? 'complete' : 'expired');
    }
    const again = await runRetention(deps);
    expect(again.expiring).toEqual([]);
    expect(deleteRunName('a', 'b', '2026-11-21')).toMatch(/^[a-z0-9-]{1,64}$/);
    // A deletion that failed today is tried again by tomorrow's pass, under a new name.
    expect(deleteRunName('a', 'b', '2026-11-22')).not.toBe(deleteRunName('a', 'b', '2026-11-21'));
  });
});
