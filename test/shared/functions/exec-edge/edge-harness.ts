/**
 * What the edge-function tests run against: the local Kubernetes API server (in-process, reached only through a
 * client-node KubeConfig with a bearer token), s3rver behind an S3Location, and a PhaseCall as the interpreter
 * builds it (in-process run context with fast polls, a redactor, a logger that records what it is told).
 */
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { z } from 'zod';
import type { KubeApiOptions } from '../../../../local/kube-api/options.js';
import { type KubeApi, startKubeApi } from '../../../../local/kube-api/server.js';
import { S3Location } from '../../../../shared/aws/location.js';
import type { PhaseCall, PhaseOutput } from '../../../../shared/blueprint/functions-port.js';
import { type InProcessOptions, InProcessRunContext } from '../../../../shared/blueprint/in-process-context.js';
import { scopedLogger } from '../../../../shared/blueprint/phase-runner.js';
import { Redactor } from '../../../../shared/blueprint/redact.js';
import type { Logger, WaitKey, WaitOptions } from '../../../../shared/blueprint/run-context.js';
import type { EdgeClients } from '../../../../shared/functions/ports.js';
import { type FunctionSpec, parseFunctionArgs } from '../../../../shared/functions/types.js';
import { type S3rverHandle, startS3rver } from '../../../support/s3rver.js';

export interface Edge {
  readonly api: KubeApi;
  readonly s3: S3rverHandle;
  readonly kc: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly custom: CustomObjectsApi;
  readonly location: S3Location;
  readonly clients: EdgeClients;
  close(): Promise<void>;
}

const TOKEN = 'edge-test-token';

export async function startEdge(options: KubeApiOptions = {}): Promise<Edge> {
  const [api, s3] = await Promise.all([startKubeApi({ token: TOKEN, ...options }), startS3rver()]);
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser(
    { name: 'local', server: api.url, skipTLSVerify: true },
    { name: 'holdfast', token: TOKEN },
  );
  const location = new S3Location({ bucket: s3.bucket, prefix: 'edge', region: 'us-east-1', client: s3.client });
  return {
    api,
    s3,
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    location,
    clients: { kube: { config: kc, defaultNamespace: 'default' }, location },
    async close() {
      await Promise.all([api.close(), s3.stop()]);
    },
  };
}

export interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

export interface Invocation<A> {
  readonly call: PhaseCall<A>;
  readonly logs: LogLine[];
  readonly redactor: Redactor;
  /** Every wait the function asked the run for, in order. */
  readonly waits: { kind: string; id: string }[];
}

/** A PhaseCall for `spec` with its args parsed from `rendered`, as the interpreter would build it. */
export function invocation<S extends z.ZodObject>(
  spec: FunctionSpec<S>,
  rendered: Record<string, unknown>,
  options: {
    signal?: AbortSignal;
    /** The run id (default: a fresh one, as for a new run). */
    runId?: string;
    afterWait?: (key: { kind: string; id: string }) => Promise<void>;
  } = {},
): Invocation<z.output<S>> {
  const logs: LogLine[] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      logs.push({ level, message, ...(fields ? { fields } : {}) });
    };
  const base: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  const redactor = new Redactor();
  const run = new RecordingRunContext(
    { log: base, firstPollMs: 25, maxPollMs: 200, ...(options.runId ? { runId: options.runId } : {}) },
    options.afterWait,
  );
  const call: PhaseCall<z.output<S>> = {
    args: parseFunctionArgs(spec, rendered),
    action: 'backup',
    phase: 'edge',
    params: { Time: '2026-11-21T12:00:00Z' },
    run,
    signal: options.signal ?? new AbortController().signal,
    log: scopedLogger(base, redactor, { phase: 'edge' }),
    redactor,
  };
  return { call, logs, redactor, waits: run.waits };
}

/** The in-process run context, recording the waits asked of it (and letting a test look around after each). */
class RecordingRunContext extends InProcessRunContext {
  readonly waits: { kind: string; id: string }[] = [];

  constructor(
    options: InProcessOptions,
    private readonly afterWait?: (key: WaitKey) => Promise<void>,
  ) {
    super(options);
  }

  override async waitFor<T = void>(key: WaitKey, opts: WaitOptions<T>): Promise<T> {
    this.waits.push({ kind: key.kind, id: key.id });
    const started = await super.waitFor(key, opts);
    await this.afterWait?.(key);
    return started;
  }
}

/** Runs the spec's execution with the edge clients. */
export async function execute<S extends z.ZodObject>(
  spec: FunctionSpec<S>,
  edge: Edge,
  invoked: Invocation<z.output<S>>,
): Promise<PhaseOutput | undefined> {
  if (!spec.exec) throw new Error(`${spec.name} has no execution`);
  return spec.exec(invoked.call, edge.clients);
}

/** One polling helper for every test (test/support/kube.ts). */
export { eventually } from '../../../support/kube.js';
