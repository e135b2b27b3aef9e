import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../cli/logger.js';
import { validationPorts } from '../../../shared/engine/validation-ports.js';
import { handleInvoke, type InvokeDeps, invokeRequestSchema } from '../../../shared/runtime/invoke.js';
import { repoRoot } from '../../support/cli.js';
import { MemoryStore } from '../../support/memory-store.js';

function deps(store = new MemoryStore()) {
  const started = new Map<string, unknown>();
  const starter = {
    start: async (n: string, i: unknown): Promise<'started' | 'existing'> => {
      if (started.has(n)) return 'existing';
      started.set(n, i);
      return 'started';
    },
  };
  const d: InvokeDeps = {
    policies: { get: async () => undefined, list: async () => [] },
    inventory: { list: async () => Promise.reject(new Error('not used')) },
    backupStarter: starter,
    restoreStarter: starter,
    runs: store,
    restorePoints: {
      ...store,
      getRestorePoint: store.getRestorePoint.bind(store),
      listRestorePoints: store.listRestorePoints.bind(store),
      markExpiring: store.markExpiring.bind(store),
      markExpired: store.markExpired.bind(store),
      listByPolicy: async () => [],
    },
    validation: validationPorts(),
    log: silentLogger,
    now: () => new Date('2026-11-21T10:00:30Z'),
  };
  return { d, started };
}

describe('invoke', () => {
  it('accepts every console sample', () => {
    const dir = join(repoRoot, 'events', 'samples', 'invoke');
    for (const f of readdirSync(dir)) {
      const r = invokeRequestSchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      expect(r.success, f).toBe(true);
    }
  });

  it('starts a restore once when asked twice within a minute', async () => {
    const { d, started } = deps();
    const req = invokeRequestSchema.parse({
      action: 'restore',
      subjectId: 'c/ns/StatefulSet/db',
      restorePointId: 'rp',
    });
    const a = await handleInvoke(req, d);
    const b = await handleInvoke(req, d);
    expect(a).toMatchObject({ action: 'restore', started: true });
    expect(b).toMatchObject({ action: 'restore', started: false });
    expect(started.size).toBe(1);
  });

  it('validates a blueprint and reports findings as file:line messages', async () => {
    const { d } = deps();
    const text =
      'apiVersion: cr.kanister.io/v1alpha1\nkind: Blueprint\nmetadata: {name: b}\nactions:\n  backup:\n    phases: [{func: KubeExecc, name: x}]\n';
    const r = await handleInvoke(
      invokeRequestSchema.parse({ action: 'validate', kind: 'blueprint', text, file: 'b.yaml' }),
      d,
    );
    expect(r).toMatchObject({ action: 'validate', valid: false });
    expect(r.action === 'validate' && r.diagnostics[0]).toMatch(
      /^b\.yaml:6:\d+: error: .*function KubeExecc is not registered/,
    );
  });

  it('lists restore points newest first, and shows a run', async () => {
    const store = new MemoryStore();
    const subject = { cluster: 'c', namespace: 'ns', kind: 'StatefulSet', name: 'db' };
    for (const t of ['2026-11-20T01:00:00Z', '2026-11-21T01:00:00Z']) {
      await store.putRestorePoint({
        id: `${t}#r`,
        subject,
        subjectId: 'c/ns/StatefulSet/db',
        policy: 'p',
        runId: 'r',
        createdAt: t,
        consistency: 'application',
        artifacts: [],
      });
    }
    const { d } = deps(store);
    const r = await handleInvoke(invokeRequestSchema.parse({ action: 'list', subjectId: 'c/ns/StatefulSet/db' }), d);
    expect(r.action === 'list' && r.restorePoints.map((p) => p.createdAt)).toEqual([
      '2026-11-21T01:00:00Z',
      '2026-11-20T01:00:00Z',
    ]);
    expect(await handleInvoke(invokeRequestSchema.parse({ action: 'status', runId: 'nope' }), d)).toEqual({
      action: 'status',
      run: null,
    });
  });
});
