import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Clients, clientsFor, eventually, execIn, podSpec, spawnServer, startLocal } from './helpers.js';

/** True when no such process exists any more (a zombie awaiting its reaper counts as gone). */
function gone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Starts a StatefulSet whose containers print their shell pid and a forked child's pid; returns them. */
async function startSleepers(clients: Clients, namespace: string, replicas: number): Promise<number[]> {
  await clients.apps.createNamespacedStatefulSet({
    namespace,
    body: {
      metadata: { name: 'sleepers' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'sleepers' } },
        template: {
          metadata: { labels: { app: 'sleepers' } },
          // Kubernetes expands command args: `$$` becomes `$`, so the shell sees `echo $$`.
          spec: podSpec(['sh', '-c', 'echo $$$$; sleep 1000 & echo $!; wait']),
        },
      },
    },
  });
  const pids: number[] = [];
  for (let i = 0; i < replicas; i++) {
    const log = await eventually(async () => {
      const text = await clients.core.readNamespacedPodLog({ namespace, name: `sleepers-${i}` });
      return text.trim().split('\n').length === 2 ? text : undefined;
    });
    pids.push(...log.trim().split('\n').map(Number));
  }
  return pids;
}

describe('local kube-api: process lifecycle and persistence', () => {
  it('stops every container and exec process when the server process gets SIGTERM', async () => {
    const server = await spawnServer();
    try {
      const clients = clientsFor(server.url);
      const pids = await startSleepers(clients, 'default', 2);
      const background = await execIn(clients.kc, 'default', 'sleepers-0', 'main', [
        'sh',
        '-c',
        'sleep 999 >/dev/null 2>&1 & echo $!',
      ]);
      pids.push(Number(background.stdout.trim()));
      expect(pids).toHaveLength(5);
      expect(pids.every((pid) => !gone(pid))).toBe(true);
      server.child.kill('SIGTERM');
      const [code] = await once(server.child, 'exit');
      expect(code).toBe(0);
      await eventually(() => pids.every(gone), 5000);
    } finally {
      server.child.kill('SIGTERM');
    }
  });

  it('stops pod processes on close() and when a pod is deleted', async () => {
    const local = await startLocal();
    try {
      const pids = await startSleepers(local, 'default', 2);
      await local.apps.patchNamespacedStatefulSetScale({
        name: 'sleepers',
        namespace: 'default',
        body: [{ op: 'replace', path: '/spec/replicas', value: 1 }],
      });
      await eventually(() => gone(pids[2] ?? 0) && gone(pids[3] ?? 0));
      expect(gone(pids[0] ?? 0)).toBe(false);
      await local.api.close();
      expect(pids.every(gone)).toBe(true);
    } finally {
      await local.api.close();
    }
  });

  it('keeps objects across a restart with --state-dir and restarts the running pods', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'kube-api-state-'));
    let second: Awaited<ReturnType<typeof startLocal>> | undefined;
    try {
      const first = await startLocal({ stateDir });
      const config = await first.core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'kept' }, data: { a: '1' } },
      });
      const [oldPid] = await startSleepers(first, 'default', 1).finally(() => first.api.close());
      expect(gone(oldPid ?? 0)).toBe(true);

      const restarted = await startLocal({ stateDir });
      second = restarted;
      const again = await restarted.core.readNamespacedConfigMap({ name: 'kept', namespace: 'default' });
      expect(again.metadata?.uid).toBe(config.metadata?.uid);
      expect(again.data).toEqual({ a: '1' });
      const pod = await eventually(async () => {
        const p = await restarted.core.readNamespacedPod({ name: 'sleepers-0', namespace: 'default' });
        return p.status?.phase === 'Running' && (p.status.containerStatuses?.[0]?.restartCount ?? 0) >= 1
          ? p
          : undefined;
      });
      const log = await eventually(async () => {
        const text = await restarted.core.readNamespacedPodLog({
          namespace: 'default',
          name: pod.metadata?.name ?? '',
        });
        return text.trim() ? text : undefined;
      });
      expect(Number(log.trim().split('\n')[0])).not.toBe(oldPid);
      const created = await restarted.core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'new' } },
      });
      expect(Number(created.metadata?.resourceVersion)).toBeGreaterThan(Number(again.metadata?.resourceVersion));
    } finally {
      await second?.api.close();
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
