/**
 * Task pods (KubeTask, MultiContainerRun, PrepareData), as Kanister's PodRunner runs them: create the pod, wait
 * (bounded) for it to leave Pending, follow one container's log through the output-marker parser, optionally
 * wait for the pod to succeed, and ALWAYS delete it — after success, failure, abort or timeout. A log stream
 * that breaks is re-read once the pod has ended. The pod's name derives from the run, action and phase, so a
 * create retried after a lost answer, or a step replayed after a crash, adopts the pod the first attempt made
 * (and reads its outcome) instead of starting the task a second time.
 */
import { createHash } from 'node:crypto';
import { type Readable, Writable } from 'node:stream';
import { type KubeConfig, Log, type V1Pod, type V1PodSpec } from '@kubernetes/client-node';
import type { Logger } from '../blueprint/run-context.js';
import { abortError, type KubeApis, kubeApis, kubeCall, sleep } from './api.js';
import { KubeApiError, TaskPodError } from './errors.js';
import { Tail } from './exec-streams.js';
import { OutputMarkerParser } from './output-markers.js';

export interface TaskPodRequest {
  readonly namespace: string;
  /** The pod's name: see `taskPodName`. */
  readonly name: string;
  readonly spec: V1PodSpec;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** The container whose log carries the output markers. */
  readonly logContainer: string;
  /** Wait for the pod to succeed and fail if it does not (PrepareData without failOnError only reads the log). */
  readonly waitForCompletion: boolean;
  readonly signal: AbortSignal;
  /** Bound on leaving Pending; default 15 min, Kanister's default pod-ready timeout. */
  readonly startTimeoutMs?: number;
  readonly log?: Logger;
  readonly redact?: (text: string) => string;
}

export interface TaskPodResult {
  readonly pod: string;
  readonly outputs: Record<string, string>;
}

const START_TIMEOUT_MS = 15 * 60_000;
const CLEANUP_TIMEOUT_MS = 60_000;
/** How long a log stream may lag behind the end of its pod before it is read again from the start. */
const LOG_GRACE_MS = 10_000;

/** Kanister's prefix (`kanister-job-`, `prepare-data-job-`) and a digest of what makes the task unique in a run. */
export function taskPodName(prefix: string, runId: string, action: string, phase: string): string {
  return prefix + createHash('sha256').update(`${runId}\n${action}\n${phase}`).digest('hex').slice(0, 10);
}

export async function runTaskPod(config: KubeConfig, req: TaskPodRequest): Promise<TaskPodResult> {
  const name = req.name;
  const apis = kubeApis(config, { signal: req.signal });
  const redact = req.redact ?? ((text: string) => text);
  try {
    await createPod(apis, req, name);
    await waitStarted(apis, req, name);
    const { outputs, tail } = await followLog(config, apis, req, name);
    if (req.waitForCompletion) await waitSucceeded(apis, req, name, tail, redact);
    return { pod: name, outputs };
  } catch (error) {
    if (req.signal.aborted) throw abortError(req.signal);
    throw error;
  } finally {
    await deletePod(config, req, name);
  }
}

async function createPod(apis: KubeApis, req: TaskPodRequest, name: string): Promise<void> {
  const body: V1Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: req.namespace,
      labels: { createdBy: 'kanister', ...req.labels },
      ...(req.annotations && Object.keys(req.annotations).length > 0 ? { annotations: { ...req.annotations } } : {}),
    },
    spec: req.spec,
  };
  const path = `/api/v1/namespaces/${encodeURIComponent(req.namespace)}/pods`;
  await kubeCall(`create pod ${req.namespace}/${name}`, { signal: req.signal, idempotent: true }, async () => {
    try {
      await apis.raw('POST', path, { body });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 409) throw error;
      // Our name: an earlier attempt of this very task created it (its answer lost, or the step replayed).
      req.log?.info('adopting the task pod an earlier attempt created', { pod: `${req.namespace}/${name}` });
    }
  });
}

async function readPod(apis: KubeApis, namespace: string, name: string): Promise<V1Pod> {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
  return (await kubeCall(`get pod ${namespace}/${name}`, { signal: apis.signal, idempotent: true }, () =>
    apis.raw('GET', path),
  )) as V1Pod;
}

/** Polls with a growing interval until `check` returns a value, or `deadline` (epoch ms) passes. */
async function poll<T>(signal: AbortSignal, deadline: number, check: () => Promise<T | undefined>) {
  for (let interval = 200; ; interval = Math.min(interval * 2, 2000)) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), signal);
  }
}

async function waitStarted(apis: KubeApis, req: TaskPodRequest, name: string): Promise<void> {
  const timeoutMs = req.startTimeoutMs ?? START_TIMEOUT_MS;
  let last: V1Pod | undefined;
  const started = await poll(req.signal, Date.now() + timeoutMs, async () => {
    last = await readPod(apis, req.namespace, name);
    const phase = last.status?.phase;
    return phase && phase !== 'Pending' ? phase : undefined;
  });
  if (started) return;
  const waiting = (last?.status?.containerStatuses ?? [])
    .map((c) => c.state?.waiting && `${c.name}: ${c.state.waiting.reason ?? ''} ${c.state.waiting.message ?? ''}`)
    .filter(Boolean);
  throw new TaskPodError(
    `pod ${req.namespace}/${name} did not start within ${Math.round(timeoutMs / 1000)}s` +
      (waiting.length > 0 ? ` (${waiting.join('; ')})` : ''),
    name,
  );
}

interface LogResult {
  readonly outputs: Record<string, string>;
  readonly tail: Tail;
}

/** Follows the log to its end; if the stream breaks, reads the whole log again once the pod has ended. */
async function followLog(config: KubeConfig, apis: KubeApis, req: TaskPodRequest, name: string): Promise<LogResult> {
  const first = await readLog(config, req, name, true, async () => {
    const phase = (await readPod(apis, req.namespace, name)).status?.phase;
    return phase === 'Succeeded' || phase === 'Failed';
  });
  if (first) return first;
  req.log?.warn('the log stream of a task pod broke off; reading the whole log again', { pod: name });
  const again = await readLog(config, req, name, false, async () => true);
  if (again) return again;
  throw new TaskPodError(`could not read the log of pod ${req.namespace}/${name}`, name);
}

/**
 * One log read. Resolves when the stream ends, or undefined when it broke off, or when `ended()` says the pod is
 * over and the stream has not finished within the grace period.
 */
async function readLog(
  config: KubeConfig,
  req: TaskPodRequest,
  name: string,
  follow: boolean,
  ended: () => Promise<boolean>,
): Promise<LogResult | undefined> {
  const tail = new Tail();
  const parser = new OutputMarkerParser((line) =>
    req.log?.info('pod output', { pod: name, container: req.logContainer, line: line.slice(0, 4096) }),
  );
  const target = parsingSink(parser, tail);
  // The response may only start with the first log line, so the request itself is raced too.
  const request = new Log(config)
    .log(req.namespace, name, req.logContainer, target.sink, { follow })
    .catch((error: unknown) => {
      throw new TaskPodError(`cannot read the log of pod ${req.namespace}/${name}: ${(error as Error).message}`, name, {
        cause: error,
      });
    });
  const watch = new AbortController();
  try {
    const outcome = await Promise.race([
      request.then(() => target.outcome),
      lagging(AbortSignal.any([req.signal, watch.signal]), ended).then(() => 'lagging' as const),
    ]);
    if (target.failure() !== undefined) throw target.failure();
    if (req.signal.aborted) throw abortError(req.signal);
    return outcome === 'ended' ? { outputs: parser.end(), tail } : undefined;
  } finally {
    watch.abort();
    request.then(
      (controller) => controller.abort(),
      () => {},
    );
  }
}

/** A writable for client-node's Log: settles `ended` at the end of the log, `broken` if the stream failed. */
function parsingSink(parser: OutputMarkerParser, tail: Tail) {
  let failure: unknown;
  let settle: (outcome: 'ended' | 'broken') => void = () => {};
  const outcome = new Promise<'ended' | 'broken'>((resolve) => {
    settle = resolve;
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      tail.push(chunk);
      try {
        parser.write(chunk);
        callback();
      } catch (error) {
        failure = error;
        callback(error as Error);
      }
    },
  });
  sink.on('error', () => settle('broken'));
  sink.once('finish', () => settle('ended'));
  // client-node pipes the response in without listening for its errors: unheard, an abort would crash the process.
  sink.on('pipe', (source: Readable) => source.on('error', () => settle('broken')));
  return { sink, outcome, failure: () => failure };
}

/** Resolves false once `ended()` has held for the grace period (polled); never resolves otherwise. */
async function lagging(signal: AbortSignal, ended: () => Promise<boolean>): Promise<false> {
  for (;;) {
    await sleep(2000, signal).catch(() => {});
    if (signal.aborted) return false;
    if (await ended().catch(() => false)) {
      await sleep(LOG_GRACE_MS, signal).catch(() => {});
      return false;
    }
  }
}

async function waitSucceeded(
  apis: KubeApis,
  req: TaskPodRequest,
  name: string,
  tail: Tail,
  redact: (text: string) => string,
): Promise<void> {
  const pod = await poll(req.signal, Number.POSITIVE_INFINITY, async () => {
    const current = await readPod(apis, req.namespace, name);
    const phase = current.status?.phase;
    return phase === 'Succeeded' || phase === 'Failed' ? current : undefined;
  });
  if (pod?.status?.phase === 'Succeeded') return;
  const exits = (pod?.status?.containerStatuses ?? [])
    .filter((c) => c.state?.terminated && c.state.terminated.exitCode !== 0)
    .map((c) => `${c.name} exited with code ${c.state?.terminated?.exitCode}`);
  throw new TaskPodError(
    redact(
      `pod ${req.namespace}/${name} failed${exits.length > 0 ? ` (${exits.join(', ')})` : ''}; ` +
        `last log lines:\n${tail.toString()}`,
    ),
    name,
  );
}

/** Deletes the pod with a fresh deadline (the run's signal may be what ended it) and waits until it is gone. */
async function deletePod(config: KubeConfig, req: TaskPodRequest, name: string): Promise<void> {
  const signal = AbortSignal.timeout(CLEANUP_TIMEOUT_MS);
  const apis = kubeApis(config, { signal });
  const path = `/api/v1/namespaces/${encodeURIComponent(req.namespace)}/pods/${encodeURIComponent(name)}`;
  try {
    await kubeCall(`delete pod ${req.namespace}/${name}`, { signal, idempotent: true }, () =>
      apis.raw('DELETE', path, { query: { gracePeriodSeconds: '0' } }),
    );
    await poll(signal, Number.POSITIVE_INFINITY, async () => {
      try {
        await readPod(apis, req.namespace, name);
        return undefined;
      } catch (error) {
        if (error instanceof KubeApiError && error.notFound) return true;
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof KubeApiError && error.notFound) return;
    req.log?.error('could not delete a task pod; delete it by hand', {
      pod: `${req.namespace}/${name}`,
      error: (error as Error).message,
    });
  }
}
