// Test helpers for the local Kubernetes API server: a real @kubernetes/client-node KubeConfig pointed
// at it, the API clients the product uses, polling, and parsing of `Status` error bodies.

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { PassThrough, Writable } from 'node:stream';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  Exec,
  KubeConfig,
  KubernetesObjectApi,
  type V1Container,
  type V1PodSpec,
  type V1Status,
} from '@kubernetes/client-node';
import type { KubeApiOptions } from '../../../local/kube-api/options.js';
import { type KubeApi, startKubeApi } from '../../../local/kube-api/server.js';

export interface Clients {
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  custom: CustomObjectsApi;
  objects: KubernetesObjectApi;
}

export function clientsFor(url: string, token?: string): Clients {
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser(
    { name: 'local', server: url, skipTLSVerify: true },
    { name: 'holdfast', ...(token ? { token } : {}) },
  );
  return {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    objects: KubernetesObjectApi.makeApiClient(kc),
  };
}

export async function startLocal(options: KubeApiOptions = {}): Promise<Clients & { api: KubeApi }> {
  const api = await startKubeApi({ restartBackoffMs: 50, restartBackoffMaxMs: 200, ...options });
  return { api, ...clientsFor(api.url, options.token) };
}

/** The Kubernetes Status body of a failed client call. */
export async function statusOf(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    const e = error as { code?: number; body?: unknown };
    const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    return { code: e.code ?? 0, body: body as Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  status: V1Status;
}

/** Runs a command in a container through client-node's Exec (WebSocket) and collects everything. */
export async function execIn(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  container: string,
  command: string[],
  input?: string,
): Promise<ExecResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]): Writable =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        into.push(chunk);
        done();
      },
    });
  const stdin = input === undefined ? null : new PassThrough();
  const status = await new Promise<V1Status>((resolve, reject) => {
    new Exec(kc).exec(namespace, pod, container, command, sink(out), sink(err), stdin, false, resolve).then((ws) => {
      if (stdin) stdin.end(input);
      ws.on('close', () => setTimeout(() => reject(new Error('exec closed without a status')), 2000).unref());
    }, reject);
  });
  return { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), status };
}

export function podSpec(command: string[], extra: Partial<V1Container> = {}): V1PodSpec {
  return { containers: [{ name: 'main', image: 'busybox:1.36', command, ...extra }] };
}

/** Starts `local/kube-api/main.ts` as its own process (so its memory and children can be inspected). */
export async function spawnServer(args: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/kube-api/main.ts', '--port', '0', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  return { child, url: (JSON.parse(line) as { url: string }).url };
}

/** One polling helper for every test (test/support/kube.ts). */
export { eventually } from '../../support/kube.js';
