import { HttpMethod, RequestContext } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clients, clientsFor, eventually, podSpec, startLocal, statusOf } from './helpers.js';

const ECHO_SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    res.setHeader('content-type', 'text/plain');
    res.end(JSON.stringify({ method: req.method, url: req.url, body, auth: req.headers.authorization ?? null, pod: process.env.HOSTNAME }));
  });
}).listen(Number(process.env.HOLDFAST_PORT_WEB), '127.0.0.1');
`;

describe('local kube-api: pod and service proxy', () => {
  const token = 'test-token';
  let local: Clients & { api: { url: string; close(): Promise<void> } };
  const namespace = 'proxy';

  /** A raw request with the client's authentication applied, as product code streams bodies. */
  const rawRequest = async (path: string, init: { method: string; body?: string }): Promise<Response> => {
    const ctx = new RequestContext(
      `${local.api.url}${path}`,
      init.method === 'POST' ? HttpMethod.POST : HttpMethod.GET,
    );
    await local.kc.applySecurityAuthentication(ctx);
    return fetch(ctx.getUrl(), {
      method: init.method,
      headers: ctx.getHeaders(),
      ...(init.body ? { body: init.body } : {}),
    });
  };

  beforeAll(async () => {
    local = await startLocal({ token });
    await local.core.createNamespace({ body: { metadata: { name: namespace } } });
    await local.apps.createNamespacedStatefulSet({
      namespace,
      body: {
        metadata: { name: 'echo' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'echo' } },
          template: {
            metadata: { labels: { app: 'echo' } },
            spec: podSpec([process.execPath, '-e', ECHO_SERVER], { ports: [{ name: 'web', containerPort: 8080 }] }),
          },
        },
      },
    });
    await local.core.createNamespacedService({
      namespace,
      body: {
        metadata: { name: 'echo' },
        spec: { selector: { app: 'echo' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }] },
      },
    });
    await eventually(async () => {
      const text = await local.core.connectGetNamespacedPodProxyWithPath({
        name: 'echo-0:8080',
        namespace,
        path: 'ready',
      });
      return text.includes('/ready');
    });
  });
  afterAll(async () => {
    await local.api.close();
  });

  it('proxies a Service GET to the selected pod, decoding the path as the API server does', async () => {
    const text = await local.core.connectGetNamespacedServiceProxyWithPath({
      name: 'echo:http',
      namespace,
      path: 'a/b',
    });
    expect(JSON.parse(text)).toMatchObject({ method: 'GET', url: '/a/b', pod: 'echo-0' });
  });

  it('streams a POST body through the http:name:port form, without forwarding the client token', async () => {
    const response = await rawRequest(`/api/v1/namespaces/${namespace}/services/http:echo:80/proxy/items?limit=2`, {
      method: 'POST',
      body: 'payload',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      method: 'POST',
      url: '/items?limit=2',
      body: 'payload',
      auth: null,
      pod: 'echo-0',
    });
  });

  it('refuses requests without the bearer token', async () => {
    const anonymous = clientsFor(local.api.url);
    const { code } = await statusOf(anonymous.core.listNamespacedPod({ namespace }));
    expect(code).toBe(401);
    const response = await fetch(`${local.api.url}/api/v1/namespaces/${namespace}/pods`);
    expect(await response.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it('answers 503 ServiceUnavailable when a Service has no ready endpoint', async () => {
    await local.core.createNamespacedService({
      namespace,
      body: { metadata: { name: 'nobody' }, spec: { selector: { app: 'none' }, ports: [{ port: 80 }] } },
    });
    const response = await rawRequest(`/api/v1/namespaces/${namespace}/services/nobody/proxy/`, { method: 'GET' });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503 });
  });
});
