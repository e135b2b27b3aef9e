/**
 * What the blueprint-library e2e tests share: a local Kubernetes API server plus s3rver behind an S3Location,
 * a runner for one action of a library blueprint through the real engine (test/support/run-blueprint.ts), and exec
 * into a pod that returns stdout, as an operator would use `kubectl exec`.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeApiOptions } from '../../../local/kube-api/options.js';
import { S3Location } from '../../../shared/aws/location.js';
import type { ActionResult } from '../../../shared/blueprint/interpreter.js';
import type { Blueprint } from '../../../shared/blueprint/schema.js';
import type { EdgeClients } from '../../../shared/functions/ports.js';
import { execInPod } from '../../../shared/kube/exec.js';
import {
  type CapturedLog,
  capturingLogger,
  eventually,
  type LocalCluster,
  startLocalCluster,
} from '../../support/kube.js';
import { runBlueprintAction } from '../../support/run-blueprint.js';
import { type S3rverHandle, startS3rver } from '../../support/s3rver.js';

export interface BlueprintEdge {
  readonly cluster: LocalCluster;
  readonly s3: S3rverHandle;
  readonly location: S3Location;
  /** Everything every action run through `run` logged. */
  readonly log: CapturedLog;
  /** Runs one action of `blueprint` on `subject`, as an ActionSet would. */
  run(action: string, input?: RunInput): Promise<ActionResult>;
  /** Runs `command` in a pod's default container; resolves with its stdout (trimmed) or rejects with its failure. */
  exec(pod: string, command: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

export interface RunInput {
  readonly artifactsIn?: Record<string, { keyValue?: Record<string, string> }>;
  readonly options?: Record<string, string>;
  /** `.Time` (default: the harness's fixed 2026-03-01T10:00:00Z). */
  readonly time?: string;
  /** Another object than the edge's subject (same namespace). */
  readonly subject?: EdgeSetup['subject'];
}

export interface EdgeSetup {
  readonly blueprint: Blueprint;
  readonly subject: { readonly kind: string; readonly namespace: string; readonly name: string };
  readonly kubeOptions?: KubeApiOptions;
  /** Clients besides the cluster and the location (e.g. `rds`). */
  readonly clients?: EdgeClients;
}

export async function startBlueprintEdge(setup: EdgeSetup): Promise<BlueprintEdge> {
  const [cluster, s3] = await Promise.all([startLocalCluster(setup.kubeOptions), startS3rver()]);
  const location = new S3Location({ bucket: s3.bucket, prefix: 'holdfast', region: 'us-east-1', client: s3.client });
  const log = capturingLogger();
  const signal = new AbortController().signal;
  const { namespace } = setup.subject;
  await cluster.core.createNamespace({ body: { metadata: { name: namespace } } });
  return {
    cluster,
    s3,
    location,
    log,
    run: (action, input = {}) =>
      runBlueprintAction({
        blueprint: setup.blueprint,
        action,
        subject: input.subject ?? setup.subject,
        clients: { ...setup.clients, kube: cluster.access, location },
        log,
        ...(input.artifactsIn ? { artifactsIn: input.artifactsIn } : {}),
        extraParams: {
          ...(input.options ? { Options: input.options } : {}),
          ...(input.time ? { Time: input.time } : {}),
        },
      }),
    async exec(pod, command) {
      const chunks: Buffer[] = [];
      const stdout = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk);
          callback();
        },
      });
      await execInPod(cluster.access.config, { namespace, pod, command, stdout, signal });
      return Buffer.concat(chunks).toString('utf8').trim();
    },
    async close() {
      await cluster.api.close();
      await s3.stop();
    },
  };
}

/** Creates the objects (in order) and waits until `pod` runs. */
export async function deploy(edge: BlueprintEdge, objects: readonly KubernetesObject[], pod: string): Promise<void> {
  for (const object of objects) await edge.cluster.objects.create(object);
  const namespace = objects[0]?.metadata?.namespace ?? 'default';
  await eventually(async () => {
    const current = await edge.cluster.core.readNamespacedPod({ namespace, name: pod });
    return current.status?.phase === 'Running';
  }, 30_000);
}

/** Every byte of a location object (decompressed as StreamToLocation stored it). */
export async function downloadAll(location: S3Location, path: string): Promise<Buffer> {
  const stream = await location.download(path, { signal: new AbortController().signal });
  return Buffer.concat(await stream.toArray());
}

/** The requests a receiver (receivers/*.mjs) logged, one JSON object per line, oldest first. */
export function recordedRequests<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}
