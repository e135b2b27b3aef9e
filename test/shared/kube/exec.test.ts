import { createHash } from 'node:crypto';
import { PassThrough, Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault, FaultRequest } from '../../../local/kube-api/faults.js';
import { ExecError, KubeAbortError, KubeApiError } from '../../../shared/kube/errors.js';
import { execInPod } from '../../../shared/kube/exec.js';
import { createRunningPod, type LocalCluster, sleeperPod, startLocalCluster } from '../../support/kube.js';

/** Collects what a stream receives. */
function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

let faults: ((request: FaultRequest) => Fault | undefined) | undefined;
let cluster: LocalCluster;
const signal = new AbortController().signal;

beforeAll(async () => {
  cluster = await startLocalCluster({ faults: (request) => faults?.(request) });
  await createRunningPod(cluster, sleeperPod('default', 'shell'));
  await createRunningPod(cluster, {
    ...sleeperPod('default', 'two'),
    metadata: { name: 'two', namespace: 'default', annotations: { 'kubectl.kubernetes.io/default-container': 'b' } },
    spec: {
      containers: [
        { name: 'a', image: 'busybox', env: [{ name: 'WHO', value: 'a' }] },
        { name: 'b', image: 'busybox', env: [{ name: 'WHO', value: 'b' }] },
      ],
    },
  });
});

afterAll(async () => {
  await cluster?.api.close();
});

const run = (command: string[], extra: Partial<Parameters<typeof execInPod>[1]> = {}) =>
  execInPod(cluster.access.config, { namespace: 'default', pod: 'shell', command, signal, ...extra });

describe('execInPod', () => {
  it('delivers stdout and stderr separately and resolves on exit 0', async () => {
    const out = sink();
    const err = sink();
    const result = await run(['sh', '-c', 'echo out; echo err >&2'], { stdout: out.stream, stderr: err.stream });
    expect(out.text()).toBe('out\n');
    expect(err.text()).toBe('err\n');
    expect(result.container).toBe('main');
  });

  it('picks the default-container annotation, like kubectl, when no container is named', async () => {
    const out = sink();
    await execInPod(cluster.access.config, {
      namespace: 'default',
      pod: 'two',
      command: ['sh', '-c', 'echo $WHO'],
      stdout: out.stream,
      signal,
    });
    expect(out.text()).toBe('b\n');
  });

  it('fails with the exit code and the last lines of output, redacted', async () => {
    const error = await run(['sh', '-c', 'echo "token s3cr3t-value"; echo "bad s3cr3t-value" >&2; exit 3'], {
      stdout: sink().stream,
      redact: (text) => text.replaceAll('s3cr3t-value', '***'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecError);
    const exec = error as ExecError;
    expect(exec.details.exitCode).toBe(3);
    expect(exec.message).toContain('exited with code 3');
    expect(exec.message).toContain('stderr: bad ***');
    expect(exec.message).toContain('stdout: token ***');
    expect(exec.message).not.toContain('s3cr3t');
  });

  it('says so when the executable does not exist', async () => {
    const error = await run(['no-such-binary-here']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecError);
    expect((error as Error).message).toContain('could not run');
    expect((error as Error).message).toContain('no-such-binary-here');
  });

  it('streams stdin into the command and closes it, so the command sees EOF', async () => {
    const payload = Buffer.alloc(5 * 1024 * 1024, 'x');
    const out = sink();
    const result = await run(['sh', '-c', 'wc -c'], { stdin: Readable.from([payload]), stdout: out.stream });
    expect(out.text().trim()).toBe(String(payload.length));
    expect(result.stdinBytes).toBe(payload.length);
  });

  it('keeps a slow consumer in control: output waits instead of piling up in memory', async () => {
    const hash = createHash('sha256');
    let received = 0;
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        hash.update(chunk);
        setImmediate(callback);
      },
    });
    const piped = new PassThrough({ highWaterMark: 64 * 1024 });
    piped.pipe(slow);
    const done = new Promise((resolve) => slow.on('finish', resolve));
    await run(['sh', '-c', 'head -c 20000000 /dev/zero'], { stdout: piped, stdoutTail: false });
    await done;
    expect(received).toBe(20_000_000);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(Buffer.alloc(20_000_000)).digest('hex'));
  });

  it('stops the command when the timeout passes', async () => {
    const started = Date.now();
    const error = await run(['sh', '-c', 'sleep 30'], { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeAbortError);
    expect((error as KubeAbortError).timedOut).toBe(true);
    expect((error as Error).message).toContain('timed out');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops the command when the caller aborts, and destroys the output stream', async () => {
    const controller = new AbortController();
    const out = new PassThrough();
    setTimeout(() => controller.abort(), 200);
    const error = await run(['sh', '-c', 'sleep 30'], { signal: controller.signal, stdout: out }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KubeAbortError);
    expect((error as KubeAbortError).timedOut).toBe(false);
    expect(out.destroyed).toBe(true);
  });
});

describe('execInPod against a misbehaving API server', () => {
  it('retries when the connection drops before the command started', async () => {
    let dropped = 0;
    faults = (r) => (r.upgrade && dropped++ === 0 ? { kind: 'drop' } : undefined);
    const out = sink();
    await run(['sh', '-c', 'echo once'], { stdout: out.stream });
    faults = undefined;
    expect(dropped).toBe(2);
    expect(out.text()).toBe('once\n');
  });

  it('retries a 500 on the upgrade, and reports it clearly when it persists', async () => {
    let calls = 0;
    faults = (r) => (r.upgrade && calls++ < 1 ? { kind: 'status', code: 500, message: 'etcd hiccup' } : undefined);
    const out = sink();
    await run(['sh', '-c', 'echo after-500'], { stdout: out.stream });
    expect(out.text()).toBe('after-500\n');

    faults = (r) => (r.upgrade ? { kind: 'status', code: 500, message: 'etcd is down' } : undefined);
    const error = await run(['true']).catch((e: unknown) => e);
    faults = undefined;
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).status).toBe(500);
    expect((error as Error).message).toMatch(/exec in pod default\/shell \(container main\): etcd is down \(HTTP 500/);
  });

  it('does not retry a 404 and says which pod is missing', async () => {
    const error = await execInPod(cluster.access.config, {
      namespace: 'default',
      pod: 'nope',
      container: 'main',
      command: ['true'],
      signal,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).status).toBe(404);
    expect((error as Error).message).toContain('"nope" not found');
  });

  it('does not retry once the command started: a dropped WebSocket is an outcome-unknown error', async () => {
    let upgrades = 0;
    faults = (r) => {
      if (!r.upgrade) return undefined;
      upgrades++;
      return { kind: 'drop-after', ms: 200 };
    };
    const error = await run(['sh', '-c', 'sleep 5']).catch((e: unknown) => e);
    faults = undefined;
    expect(upgrades).toBe(1);
    expect(error).toBeInstanceOf(ExecError);
    expect((error as ExecError).details.started).toBe(true);
    expect((error as Error).message).toContain('outcome is unknown');
  });
});
