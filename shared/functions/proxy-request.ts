/**
 * ProxyRequest (Holdfast): an HTTP request to a Service or Pod port through the Kubernetes API server's proxy
 * (`…/services/<name>:<port>/proxy/<path>`), so snapshot APIs (Qdrant, Weaviate, Elasticsearch) are reachable
 * without network access to the pods. Bodies can be streamed from and to the location.
 */
import { functionArgs, goArg, goDuration, goEnum, goString, goStringMap, locationPath } from './arg-schemas.js';
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
  /** Default 1m. */
  timeout: goDuration('the request timeout').default(60_000),
}).superRefine((value, ctx) => {
  if ((value.service === undefined) === (value.pod === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['service'], message: 'give exactly one of service and pod' });
  }
  if (value.body !== undefined && value.bodyFromPath !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['bodyFromPath'], message: 'give body or bodyFromPath, not both' });
  }
});

export const proxyRequest = {
  name: 'ProxyRequest',
  summary:
    'Send an HTTP request to a Service or Pod through the API-server proxy; bodies can stream to/from the location.',
  args,
  outputs: ['status', 'body', 'path', 'sha256', 'size'],
  needs: ['kubernetes', 'location'],
  origin: 'holdfast',
} as const satisfies FunctionSpec<typeof args>;
