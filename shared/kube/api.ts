/**
 * API clients bound to one caller's abort signal, and the one place API failures are classified: every request
 * gets a deadline, transient failures (no answer, 429, 5xx) of idempotent requests are retried with backoff,
 * and whatever fails becomes a `KubeApiError` naming the operation and quoting the server's `Status` message.
 *
 * client-node's generated clients take no per-call signal, so each call site gets clients whose configuration
 * carries a middleware setting the signal on every request (they are plain objects: cheap to build per phase).
 */
import {
  AppsV1Api,
  CoreV1Api,
  createConfiguration,
  HttpMethod,
  type KubeConfig,
  KubernetesObjectApi,
  Observable,
  type RequestContext,
  type ResponseContext,
  ServerConfiguration,
} from '@kubernetes/client-node';
import { KubeAbortError, KubeApiError, KubeError } from './errors.js';

export interface RequestOptions {
  /** The caller's signal (run cancelled, phase timed out). */
  readonly signal: AbortSignal;
  /** Deadline of each single request. Default 30 s. */
  readonly requestTimeoutMs?: number;
}

export interface KubeApis {
  readonly config: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  /** Generic objects by apiVersion + kind (discovery resolves the resource). */
  readonly objects: KubernetesObjectApi;
  readonly signal: AbortSignal;
  /**
   * A request to any API path with plain JSON in and out: resources known only by group/version/resource, and
   * bodies that must reach the server exactly as given (the generated clients drop fields their models lack).
   */
  raw(method: RawMethod, path: string, opts?: RawOptions): Promise<unknown>;
}

export type RawMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RawOptions {
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Default `application/json`; PATCH takes `application/merge-patch+json` etc. */
  readonly contentType?: string;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export function kubeApis(config: KubeConfig, opts: RequestOptions): KubeApis {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new KubeError('the Kubernetes configuration has no current cluster');
  const timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const withSignal = (ctx: RequestContext) => {
    ctx.setSignal(AbortSignal.any([opts.signal, AbortSignal.timeout(timeoutMs)]));
    return ctx;
  };
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: config },
    middleware: [
      {
        pre: (ctx) => new Observable(Promise.resolve(withSignal(ctx))),
        post: (response) => new Observable(Promise.resolve(response)),
      },
    ],
  });
  const objects = new KubernetesObjectApi(configuration);
  const raw = async (method: RawMethod, path: string, rawOpts: RawOptions = {}) => {
    const ctx = configuration.baseServer.makeRequestContext(path, HttpMethod[method]);
    for (const [key, value] of Object.entries(rawOpts.query ?? {})) ctx.setQueryParam(key, value);
    ctx.setHeaderParam('Accept', 'application/json');
    if (rawOpts.body !== undefined) {
      ctx.setHeaderParam('Content-Type', rawOpts.contentType ?? 'application/json');
      ctx.setBody(JSON.stringify(rawOpts.body));
    }
    await config.applySecurityAuthentication(ctx);
    const response = await configuration.httpApi.send(withSignal(ctx)).toPromise();
    return rawBody(response);
  };
  return {
    config,
    core: new CoreV1Api(configuration),
    apps: new AppsV1Api(configuration),
    objects,
    signal: opts.signal,
    raw,
  };
}

/** A raw response's JSON, or an error shaped like client-node's (code + body) so `kubeCall` maps it. */
async function rawBody(response: ResponseContext): Promise<unknown> {
  const text = await response.body.text();
  const body = parseJson(text);
  if (response.httpStatusCode >= 200 && response.httpStatusCode < 300) return body;
  throw Object.assign(new Error(`HTTP ${response.httpStatusCode}`), { code: response.httpStatusCode, body });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface CallPolicy {
  readonly signal: AbortSignal;
  /** Safe to repeat (reads, deletes, updates guarded by resourceVersion): retried on transient failures. */
  readonly idempotent: boolean;
  /** Attempts in all for idempotent calls. Default 4. */
  readonly attempts?: number;
  /** First backoff; doubles per attempt. Default 250 ms. */
  readonly backoffMs?: number;
}

/** Runs one API call with the retry policy and error mapping described above. */
export async function kubeCall<T>(operation: string, policy: CallPolicy, fn: () => Promise<T>): Promise<T> {
  const attempts = policy.idempotent ? (policy.attempts ?? 4) : 1;
  let backoff = policy.backoffMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const mapped = toKubeError(operation, error, policy.signal);
      if (!(mapped instanceof KubeApiError) || !isTransient(mapped) || attempt >= attempts) throw mapped;
      await sleep(backoff + Math.floor(Math.random() * backoff), policy.signal);
      backoff *= 2;
    }
  }
}

/** No answer, throttled, or a server-side failure: the same request may well succeed a moment later. */
export function isTransient(error: KubeApiError): boolean {
  return error.status === 0 || error.status === 429 || (error.status >= 500 && error.status !== 501);
}

interface StatusBody {
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
}

/** Maps whatever a client-node call threw to a KubeApiError (or KubeAbortError when the caller aborted). */
export function toKubeError(operation: string, error: unknown, signal: AbortSignal): KubeError {
  if (error instanceof KubeError) return error;
  if (signal.aborted) return abortError(signal);
  const e = error as { code?: unknown; body?: unknown; name?: unknown; cause?: unknown; message?: unknown };
  if (typeof e.code === 'number' && e.code >= 100) {
    const status = statusBody(e.body);
    const reason = status?.reason;
    const detail = status?.message ?? (typeof e.body === 'string' && e.body !== '' ? e.body : 'no details');
    return new KubeApiError(
      operation,
      e.code,
      reason,
      `${operation}: ${detail} (HTTP ${e.code}${reason ? ` ${reason}` : ''})`,
      {
        cause: error,
      },
    );
  }
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new KubeApiError(operation, 0, 'Timeout', `${operation}: the API server did not answer in time`, {
      cause: error,
    });
  }
  const cause = e.cause as { code?: unknown; message?: unknown } | undefined;
  const why = typeof cause?.code === 'string' ? cause.code : String(cause?.message ?? e.message ?? error);
  return new KubeApiError(operation, 0, undefined, `${operation}: cannot reach the API server (${why})`, {
    cause: error,
  });
}

function statusBody(body: unknown): StatusBody | undefined {
  const parsed = typeof body === 'string' ? parseJson(body) : body;
  return parsed !== null && typeof parsed === 'object' ? (parsed as StatusBody) : undefined;
}

export function abortError(signal: AbortSignal): KubeAbortError {
  const reason = signal.reason as { name?: unknown; message?: unknown } | undefined;
  const timedOut = reason?.name === 'TimeoutError';
  return new KubeAbortError(timedOut ? 'timed out' : 'aborted', timedOut);
}

/** Sleeps, or rejects with KubeAbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
