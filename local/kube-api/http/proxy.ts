// `pods/{name}/proxy/...` and `services/{[scheme:]name[:port]}/proxy/...`: HTTP reverse proxy to the
// local port the kubelet mapped for the pod's (or the selected ready endpoint's) container port.
// Bodies stream both ways; the client's Authorization header is not forwarded (as kube-apiserver).

import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { z } from 'zod';
import { BadRequestError, ServiceUnavailableError } from '../errors.js';
import type { Kubelet } from '../kubelet/kubelet.js';
import type { ResourceType } from '../resources.js';
import { fromSelectorObject, matchesLabels } from '../selectors.js';
import { isRecord, type KubeObject } from '../types.js';
import { sendError } from './io.js';
import type { ApiCall } from './rest.js';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'authorization',
  'host',
]);

const servicePortSchema = z.looseObject({
  name: z.string().optional(),
  port: z.number(),
  targetPort: z.union([z.number(), z.string()]).optional(),
});
const serviceSpecSchema = z.looseObject({
  selector: z.record(z.string(), z.string()).optional(),
  ports: z.array(servicePortSchema).optional(),
});

interface ProxyTarget {
  scheme: 'http' | 'https';
  name: string;
  port?: string;
}

function parseTargetName(id: string): ProxyTarget {
  const parts = id.split(':');
  const [a = '', b, c] = parts;
  if (parts.length > 3) throw new BadRequestError(`invalid proxy target: ${id}`);
  const scheme = parts.length === 3 ? a : '';
  if (scheme !== '' && scheme !== 'http' && scheme !== 'https') throw new BadRequestError(`invalid scheme: ${scheme}`);
  const name = parts.length === 3 ? (b ?? '') : a;
  const port = parts.length === 3 ? c : b;
  return { scheme: scheme === 'https' ? 'https' : 'http', name, ...(port ? { port } : {}) };
}

function isReady(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp || !isRecord(pod.status) || pod.status.phase !== 'Running') return false;
  const conditions = Array.isArray(pod.status.conditions) ? pod.status.conditions : [];
  return conditions.some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True');
}

function serviceBackend(call: ApiCall, kubelet: Kubelet, podType: ResourceType, target: ProxyTarget): number {
  const { objects, target: path } = call;
  const service = objects.get(path.type, path.namespace, target.name);
  const spec = serviceSpecSchema.parse(service.spec ?? {});
  const ports = spec.ports ?? [];
  const wanted = target.port;
  const port = wanted
    ? ports.find((p) => p.name === wanted || String(p.port) === wanted)
    : ports.length === 1
      ? ports[0]
      : ports.find((p) => !p.name);
  const label = wanted ? `${target.name}:${wanted}` : target.name;
  if (!port || !spec.selector) throw new ServiceUnavailableError(`no endpoints available for service "${label}"`);
  const selector = fromSelectorObject({ matchLabels: spec.selector });
  const ready = objects
    .list(podType, path.namespace)
    .filter((p) => isReady(p) && matchesLabels(p.metadata.labels, selector));
  const pod = ready[Math.floor(Math.random() * ready.length)];
  if (!pod) throw new ServiceUnavailableError(`no endpoints available for service "${label}"`);
  return kubelet.localPort(pod, String(port.targetPort ?? port.port));
}

/** The path the backend sees: decoded as kube-apiserver decodes it, then re-escaped. */
function backendPath(rest: string, search: string): string {
  const decoded = rest
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
  return `${encodeURI(decoded || '/')}${search}`;
}

function forwardHeaders(headers: IncomingHttpHeaders, port: number): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [key, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(key) && value !== undefined) out[key] = value;
  out.host = `127.0.0.1:${port}`;
  return out;
}

export function handleProxy(call: ApiCall, kubelet: Kubelet, podType: ResourceType, search: string): void {
  const { objects, target, req, res } = call;
  const proxyTarget = parseTargetName(target.name ?? '');
  const port =
    target.type.plural === 'pods'
      ? kubelet.localPort(objects.get(target.type, target.namespace, proxyTarget.name), proxyTarget.port)
      : serviceBackend(call, kubelet, podType, proxyTarget);
  const send = proxyTarget.scheme === 'https' ? httpsRequest : httpRequest;
  const upstream = send({
    host: '127.0.0.1',
    port,
    method: req.method ?? 'GET',
    path: backendPath(target.rest, search),
    headers: forwardHeaders(req.headers, port),
    rejectUnauthorized: false,
  });
  upstream.on('response', (backend) => {
    const headers: OutgoingHttpHeaders = {};
    for (const [key, value] of Object.entries(backend.headers)) {
      if (!HOP_BY_HOP.has(key) && value !== undefined) headers[key] = value;
    }
    res.writeHead(backend.statusCode ?? 502, headers);
    backend.pipe(res);
  });
  upstream.on('error', (error) => {
    sendError(
      res,
      new ServiceUnavailableError(`error trying to reach service: dial tcp 127.0.0.1:${port}: ${error.message}`),
    );
  });
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}
