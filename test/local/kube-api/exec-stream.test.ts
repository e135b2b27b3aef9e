import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { Exec, type V1Status } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clients, clientsFor, eventually, execIn, podSpec, spawnServer } from './helpers.js';

const MiB = 1024 * 1024;

/** Resident and peak resident memory of a process, in bytes (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

describe('local kube-api: large exec streams (server in its own process)', () => {
  let server: { child: ChildProcess; url: string };
  let local: Clients;

  beforeAll(async () => {
    server = await spawnServer();
    local = clientsFor(server.url);
    await local.core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'streamer' }, spec: podSpec(['sleep', '1000']) },
    });
    await eventually(
      async () =>
        (await local.core.readNamespacedPod({ name: 'streamer', namespace: 'default' })).status?.phase === 'Running',
    );
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    if (server.child.exitCode === null) await once(server.child, 'exit');
  });

  it('streams 200 MB of exec stdout with the server memory staying bounded', async () => {
    const before = memoryOf(server.child.pid ?? 0);
    const size = 200 * MiB;
    let received = 0;
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        done();
      },
    });
    const status = await new Promise<V1Status>((resolve, reject) => {
      new Exec(local.kc)
        .exec(
          'default',
          'streamer',
          'main',
          ['head', '-c', String(size), '/dev/zero'],
          stdout,
          null,
          null,
          false,
          resolve,
        )
        .then((ws) => {
          // A client that stops reading for a while: without backpressure the server would buffer it all.
          ws.pause();
          setTimeout(() => ws.resume(), 1500);
        }, reject);
    });
    expect(status.status).toBe('Success');
    expect(received).toBe(size);
    const after = memoryOf(server.child.pid ?? 0);
    // Measured ~40 MiB of growth with backpressure, ~230 MiB without it.
    expect(after.peak - before.rss).toBeLessThan(100 * MiB);
  });

  it('streams 64 MB of stdin into the process', async () => {
    const size = 64 * MiB;
    const chunk = Buffer.alloc(MiB, 0x61);
    const stdin = Readable.from(
      (function* () {
        for (let i = 0; i < size / MiB; i++) yield chunk;
      })(),
    );
    let output = '';
    const stdout = new Writable({
      write(data: Buffer, _encoding, done) {
        output += data.toString();
        done();
      },
    });
    const status = await new Promise<V1Status>((resolve, reject) => {
      new Exec(local.kc)
        .exec('default', 'streamer', 'main', ['wc', '-c'], stdout, null, stdin, false, resolve)
        .catch(reject);
    });
    expect(status.status).toBe('Success');
    expect(output.trim()).toBe(String(size));
  });

  it('reports a missing executable as an exec failure, not a hang', async () => {
    const result = await execIn(local.kc, 'default', 'streamer', 'main', ['no-such-binary-holdfast']);
    expect(result.status.status).toBe('Failure');
    expect(result.status.message).toContain('no-such-binary-holdfast');
  });
});
