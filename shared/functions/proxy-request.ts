/**
 * ProxyRequest (Holdfast): an HTTP request to a Service or Pod port through the Kubernetes API server's proxy
 * (`…/services/<name>:<port>/proxy/<path>`), so snapshot APIs (Qdrant, Weaviate, Elasticsearch) are reachable
 * without network access to the pods. Bodies can be streamed from and to the location.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import type { PhaseCall, PhaseOutput } from '../blueprint/functions-port.js';
import {
  apiRequest,
  needClients,
  ProxyRequestError,
  type ProxyTarget,
  parseStatus,
  proxyPath,
  readBounded,
  readPrefix,
} from '../kube/proxy.js';
import { functionArgs, goArg, goDuration, goEnum, goString, goStringMap, locationPath } from './arg-schemas.js';
import type { EdgeClients } from './ports.js';
import type { FunctionSpec } from './types.js';
import { decodeInt, decodeList, decodeString, WeakDecodeError } from './weak-decode.js';

/** The `body` output holds at most this much of the response; stream larger ones with `responseToPath`. */
export const PROXY_RESPONSE_BODY_LIMIT_BYTES = 64 * 1024;

const statusCodes = goArg('accepted HTTP status codes (list of integers)', (value) =>
  decodeList(value, (item) => {
    const code = decodeInt(item);
    if (code < 100 || code > 599) throw new WeakDecodeError(`${code} is not an HTTP status code (100-599)`);
    return code;
  }),
);

const requestPath = goArg('the request path (string starting with /)', (value) => {
  const path = decodeString(value);
  if (!path.startsWith('/')) throw new WeakDecodeError(`${JSON.stringify(path)} must start with /`);
  return path;
});

const args = functionArgs('ProxyRequest', {
  namespace: goString('the namespace of the Service or Pod'),
  /** Give exactly one of service and pod. */
  service: goString('a Service name').optional(),
  pod: goString('a pod name').optional(),
  /** The Service port, or the pod's container port, by name or number. */
  port: goString('a port name or number'),
  method: goEnum('the HTTP method', ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], {
    ignoreCase: true,
  }).default('GET'),
  /** Path (and query) on the target, e.g. /collections/docs/snapshots?wait=true. */
  path: requestPath.default('/'),
  headers: goStringMap('request headers').optional(),
  /** A request body given inline. */
  body: goString('the request body').optional(),
  /** Stream this location object as the request body instead. */
  bodyFromPath: locationPath('the object to send as the body').optional(),
  /** Stream the response body into this location object (then `body` is not returned). */
  responseToPath: locationPath('where to store the response body').optional(),
  /** Status codes that count as success; default: any 2xx. */
  expectStatus: statusCodes.optional(),
  /** The whole exchange, a streamed body included. Default 1m. */
  timeout: goDuration('the request timeout').default(60_000),
}).superRefine((value, ctx) => {
  if ((value.service === undefined) === (value.pod === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['service'], message: 'give exactly one of service and pod' });
  }
  if (value.body !== undefined && value.bodyFromPath !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['bodyFromPath'], message: 'give body or bodyFromPath, not both' });
  }
});

type Args = z.output<typeof args>;

/** How much of an unexpected response is quoted in the error. */
const ERROR_EXCERPT_BYTES = 2048;

/**
 * Outputs: `status`; `body` (UTF-8, at most 64 KiB) unless `responseToPath` is given, then `path` (that object)
 * and `sha256`/`size` of what was stored; `sha256`/`size` of the returned body otherwise. Absent ones are "".
 */
async function exec(call: PhaseCall<Args>, clients: EdgeClients): Promise<PhaseOutput> {
  const { kube, location } = needClients(clients, 'ProxyRequest');
  const { args } = call;
  const target = targetOf(args);
  const described = call.redactor.redact(
    `${args.method} ${target.kind} ${target.namespace}/${target.name}:${target.port}${target.path}`,
  );
  const signal = AbortSignal.any([call.signal, AbortSignal.timeout(args.timeout)]);
  const failed = (error: unknown): never => {
    if (call.signal.aborted) throw error;
    if (signal.aborted) throw new ProxyRequestError(`${described}: no complete answer within ${args.timeout / 1000}s`);
    throw error instanceof ProxyRequestError
      ? error
      : new ProxyRequestError(`${described}: ${message(error)}`, undefined, { cause: error });
  };
  try {
    const body = args.bodyFromPath ? await location.download(args.bodyFromPath, { signal }) : args.body;
    const response = await apiRequest(kube.config, {
      method: args.method,
      path: proxyPath(target),
      signal,
      ...(args.headers ? { headers: args.headers } : {}),
      ...(body === undefined ? {} : { body: typeof body === 'string' ? Buffer.from(body) : body }),
    });
    const status = response.statusCode ?? 0;
    if (!accepted(status, args.expectStatus))
      throw await unexpected(response, status, described, call.redactor.redact.bind(call.redactor));
    call.log.info('proxied request answered', { request: described, status });
    if (args.responseToPath) {
      const stored = await location.upload(args.responseToPath, response, { compression: 'none', signal });
      return { status, body: '', path: args.responseToPath, sha256: stored.sha256, size: stored.size };
    }
    const bytes = await readBounded(response, PROXY_RESPONSE_BODY_LIMIT_BYTES, () => {
      throw new ProxyRequestError(
        `${described}: the response is larger than ${PROXY_RESPONSE_BODY_LIMIT_BYTES} bytes; give responseToPath to store it in the location`,
        status,
      );
    });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { status, body: bytes.toString('utf8'), path: '', sha256, size: bytes.length };
  } catch (error) {
    return failed(error);
  }
}

function targetOf(args: Args): ProxyTarget {
  const kind = args.service !== undefined ? 'service' : 'pod';
  const name = args.service ?? args.pod ?? '';
  return { namespace: args.namespace, kind, name, port: args.port, path: args.path };
}

function accepted(status: number, expected: readonly number[] | undefined): boolean {
  return expected ? expected.includes(status) : status >= 200 && status < 300;
}

/** The error for an unexpected status, quoting the API server's `Status` message or the start of the body. */
async function unexpected(
  response: IncomingMessage,
  status: number,
  described: string,
  redact: (text: string) => string,
): Promise<ProxyRequestError> {
  const excerpt = await readPrefix(response, ERROR_EXCERPT_BYTES).catch(() => Buffer.alloc(0));
  const text = excerpt.toString('utf8');
  const detail = parseStatus(text)?.message ?? text.trim();
  return new ProxyRequestError(`${described} answered ${status}${detail ? `: ${redact(detail)}` : ''}`, status);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const proxyRequest = {
  name: 'ProxyRequest',
  summary:
    'Send an HTTP request to a Service or Pod through the API-server proxy; bodies can stream to/from the location.',
  args,
  outputs: ['status', 'body', 'path', 'sha256', 'size'],
  needs: ['kubernetes', 'location'],
  origin: 'holdfast',
  exec,
} as const satisfies FunctionSpec<typeof args>;
