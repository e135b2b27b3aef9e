/**
 * Requests to the Kubernetes API server with a KubeConfig's authentication (bearer token, client certificate, CA,
 * `skipTLSVerify`, EKS tokens refreshed by the config's authenticator), over `node:http(s)` so bodies stream both
 * ways and every request honours an AbortSignal. client-node's generated clients take no per-call signal and
 * buffer bodies; ProxyRequest, CaptureManifests/ApplyManifests and the CSI functions need both.
 *
 * Also builds API-server proxy paths (`…/services/<name>:<port>/proxy/<path>`), how ProxyRequest reaches a Service
 * or Pod port without network access to the cluster.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { KubeConfig } from '@kubernetes/client-node';
import type { EdgeClients, KubeAccess, Location } from '../functions/ports.js';

/** A failed API request, with the fields of the Kubernetes `Status` the server answered. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    readonly method: string,
    readonly path: string,
    /** HTTP status (0 when no response arrived). */
    readonly code: number,
    /** `Status.reason`, e.g. NotFound, AlreadyExists, Conflict, Invalid. */
    readonly reason: string,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`${method} ${path}: ${code === 0 ? '' : `${code} `}${reason}${detail ? `: ${detail}` : ''}`, options);
  }

  /** Builds the error from a response body, a `Status` when the API server wrote it. */
  static fromResponse(method: string, path: string, code: number, body: string): ApiRequestError {
    const status = parseStatus(body);
    const detail = status?.message ?? body.slice(0, 500).trim();
    return new ApiRequestError(method, path, code, status?.reason ?? http.STATUS_CODES[code] ?? 'Error', detail);
  }
}

export const isNotFound = (error: unknown): boolean => error instanceof ApiRequestError && error.code === 404;
export const isAlreadyExists = (error: unknown): boolean =>
  error instanceof ApiRequestError && error.code === 409 && error.reason === 'AlreadyExists';

/** The `Status` object in a response body, if it is one. */
export function parseStatus(body: string): { reason?: string; message?: string } | undefined {
  try {
    const parsed = JSON.parse(body) as { kind?: unknown; reason?: unknown; message?: unknown };
    if (parsed?.kind !== 'Status') return undefined;
    return {
      ...(typeof parsed.reason === 'string' ? { reason: parsed.reason } : {}),
      ...(typeof parsed.message === 'string' ? { message: parsed.message } : {}),
    };
  } catch {
    return undefined;
  }
}

export interface ApiRequest {
  readonly method: string;
  /** Path and query on the API server, starting with `/`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | Readable;
  readonly signal: AbortSignal;
}

/** Sends a request and resolves with the response head; the body is the caller's to read (or destroy). */
export async function apiRequest(config: KubeConfig, request: ApiRequest): Promise<IncomingMessage> {
  const cluster = config.getCurrentCluster();
  if (!cluster)
    throw new ApiRequestError(request.method, request.path, 0, 'NoCluster', 'the kubeconfig has no cluster');
  const url = serverUrl(cluster.server, request.path);
  const options: https.RequestOptions = { headers: {} };
  await config.applyToHTTPSOptions(options);
  // The caller's headers first: authentication must not be replaced by a blueprint-supplied header.
  const headers: http.OutgoingHttpHeaders = { ...request.headers, ...(options.headers as http.OutgoingHttpHeaders) };
  if (Buffer.isBuffer(request.body)) headers['content-length'] = request.body.length;
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = send(url, { ...options, method: request.method, headers, signal: request.signal }, resolve);
    req.on('error', (error) =>
      reject(new ApiRequestError(request.method, request.path, 0, 'RequestFailed', error.message, { cause: error })),
    );
    const body = request.body;
    if (body === undefined || Buffer.isBuffer(body)) req.end(body);
    else pipeline(body, req).catch((error: unknown) => req.destroy(error instanceof Error ? error : undefined));
  });
}

/** A JSON request: sends `body` as JSON, parses the answer, throws `ApiRequestError` for any status ≥ 400. */
export async function apiJson<T>(
  config: KubeConfig,
  method: string,
  path: string,
  opts: { readonly body?: unknown; readonly signal: AbortSignal },
): Promise<T> {
  const body = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body) headers['content-type'] = 'application/json';
  const response = await apiRequest(config, { method, path, headers, signal: opts.signal, ...(body ? { body } : {}) });
  const text = Buffer.concat(await response.toArray()).toString('utf8');
  const code = response.statusCode ?? 0;
  if (code >= 400) throw ApiRequestError.fromResponse(method, path, code, text);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/** `server` may carry a path prefix (e.g. behind Rancher): the API path goes after it. */
function serverUrl(server: string, path: string): URL {
  const url = new URL(server);
  const [pathname = '', query] = path.split(/\?(.*)/s, 2);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${pathname}`;
  url.search = query ? `?${query}` : '';
  return url;
}

export interface ProxyTarget {
  readonly namespace: string;
  readonly kind: 'service' | 'pod';
  readonly name: string;
  /** A port name or number (for a Service, its port; for a Pod, a container port). */
  readonly port: string;
  /** Path and query on the target, starting with `/`. */
  readonly path: string;
}

/** `/api/v1/namespaces/<ns>/services/<name>:<port>/proxy/<path>` (or `pods/…`). */
export function proxyPath(target: ProxyTarget): string {
  const resource = target.kind === 'service' ? 'services' : 'pods';
  const ref = `${encodeURIComponent(target.name)}:${encodeURIComponent(target.port)}`;
  return `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/${resource}/${ref}/proxy${target.path}`;
}

/** ProxyRequest failed: the target answered an unexpected status, timed out, or sent more than can be returned. */
export class ProxyRequestError extends Error {
  override readonly name = 'ProxyRequestError';
  constructor(
    message: string,
    /** The HTTP status, when a response arrived. */
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The first `limit` bytes of `body` (the rest is discarded), e.g. to quote an error answer. */
export async function readPrefix(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    chunks.push(buffer.subarray(0, limit - length));
    length += Math.min(buffer.length, limit - length);
    if (length >= limit) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks);
}

/** Reads at most `limit` bytes; calls `tooLarge` (which must throw) when the body is longer. */
export async function readBounded(body: Readable, limit: number, tooLarge: () => never): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    length += buffer.length;
    if (length > limit) {
      body.destroy();
      tooLarge();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The clients a function declared in `needs`. The function lookup only executes a function when they are present,
 * so a missing one is a wiring bug, reported as such.
 */
export function needClients(clients: EdgeClients, functionName: string): { kube: KubeAccess; location: Location } {
  const { kube, location } = clients;
  if (!kube || !location) throw new Error(`${functionName} was executed without its Kubernetes or location client`);
  return { kube, location };
}

export function needKube(clients: EdgeClients, functionName: string): KubeAccess {
  if (!clients.kube) throw new Error(`${functionName} was executed without a Kubernetes client`);
  return clients.kube;
}
