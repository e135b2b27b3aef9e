import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxyRequest } from '../../../../shared/functions/proxy-request.js';
import { ProxyRequestError } from '../../../../shared/kube/proxy.js';
import { type Edge, eventually, execute, invocation, startEdge } from './edge-harness.js';

/** A snapshot-API stand-in: echoes requests, streams a large generated body, fails or hangs on demand. */
const SERVER = `
const http = require('node:http');
const crypto = require('node:crypto');
http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const hash = crypto.createHash('sha256');
  let size = 0;
  req.on('data', (c) => { hash.update(c); size += c.length; });
  req.on('end', () => {
    if (url.pathname === '/snapshot') {
      const mib = Number(url.searchParams.get('mib'));
      res.setHeader('content-type', 'application/octet-stream');
      let sent = 0;
      const block = Buffer.alloc(1024 * 1024, 'q');
      const more = () => { while (sent < mib) { sent++; if (!res.write(block)) return res.once('drain', more); } res.end(); };
      return more();
    }
    if (url.pathname === '/fail') { res.statusCode = 500; return res.end('disk full on ' + process.env.HOSTNAME + '.'.repeat(8000)); }
    if (url.pathname === '/hang') return;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ method: req.method, path: url.pathname, query: url.search, apiKey: req.headers['api-key'] ?? null,
      bodySha256: hash.digest('hex'), bodySize: size, pod: process.env.HOSTNAME }));
  });
}).listen(Number(process.env.HOLDFAST_PORT_HTTP), '127.0.0.1');
`;

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('ProxyRequest against the local API server', () => {
  let edge: Edge;
  const namespace = 'vectors';

  beforeAll(async () => {
    edge = await startEdge();
    await edge.core.createNamespace({ body: { metadata: { name: namespace } } });
    await edge.core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'qdrant-0', labels: { app: 'qdrant' } },
        spec: {
          containers: [
            {
              name: 'qdrant',
              image: 'qdrant/qdrant:v1.16',
              command: [process.execPath, '-e', SERVER],
              ports: [{ name: 'http', containerPort: 6333 }],
            },
          ],
        },
      },
    });
    await edge.core.createNamespacedService({
      namespace,
      body: {
        metadata: { name: 'qdrant' },
        spec: { selector: { app: 'qdrant' }, ports: [{ name: 'http', port: 6333, targetPort: 'http' }] },
      },
    });
    await eventually(async () => {
      const invoked = invocation(proxyRequest, { namespace, pod: 'qdrant-0', port: 'http', path: '/ready' });
      return (await execute(proxyRequest, edge, invoked).catch(() => undefined))?.status === 200;
    });
  });
  afterAll(async () => {
    await edge.close();
  });

  it('GETs a pod port through the API-server proxy and returns the body', async () => {
    const invoked = invocation(proxyRequest, {
      namespace,
      pod: 'qdrant-0',
      port: '6333',
      path: '/collections?with=aliases',
      headers: { 'api-key': 'k3y' },
    });
    const output = await execute(proxyRequest, edge, invoked);
    expect(output).toMatchObject({ status: 200, path: '' });
    expect(JSON.parse(String(output?.body))).toMatchObject({
      method: 'GET',
      path: '/collections',
      query: '?with=aliases',
      apiKey: 'k3y',
      pod: 'qdrant-0',
    });
    expect(output?.sha256).toBe(sha256(String(output?.body)));
  });

  it('POSTs an inline body to a Service port by name', async () => {
    const invoked = invocation(proxyRequest, {
      namespace,
      service: 'qdrant',
      port: 'http',
      method: 'post',
      path: '/collections/docs/snapshots',
      body: '{"wait":true}',
      expectStatus: ['200'],
    });
    const output = await execute(proxyRequest, edge, invoked);
    expect(JSON.parse(String(output?.body))).toMatchObject({
      method: 'POST',
      bodySha256: sha256('{"wait":true}'),
      bodySize: 13,
    });
  });

  it('streams a large response into the location and records its SHA-256', async () => {
    const invoked = invocation(proxyRequest, {
      namespace,
      service: 'qdrant',
      port: 6333,
      path: '/snapshot?mib=24',
      responseToPath: 'qdrant/docs.snapshot',
      timeout: '2m',
    });
    const output = await execute(proxyRequest, edge, invoked);
    const expected = sha256(Buffer.alloc(24 * 1024 * 1024, 'q'));
    expect(output).toEqual({
      status: 200,
      body: '',
      path: 'qdrant/docs.snapshot',
      sha256: expected,
      size: 24 * 1024 * 1024,
    });
    const stored = Buffer.concat(
      await (await edge.location.download('qdrant/docs.snapshot', { signal: never() })).toArray(),
    );
    expect(sha256(stored)).toBe(expected);
  });

  it('streams a request body from the location (a snapshot upload on restore)', async () => {
    await edge.location.upload('qdrant/upload.snapshot', Readable.from([Buffer.alloc(3 * 1024 * 1024, 'u')]), {
      compression: 'gzip',
      signal: never(),
    });
    const invoked = invocation(proxyRequest, {
      namespace,
      pod: 'qdrant-0',
      port: 'http',
      method: 'PUT',
      path: '/collections/docs/snapshots/upload',
      bodyFromPath: 'qdrant/upload.snapshot',
    });
    const output = await execute(proxyRequest, edge, invoked);
    expect(JSON.parse(String(output?.body))).toMatchObject({
      method: 'PUT',
      bodySize: 3 * 1024 * 1024,
      bodySha256: sha256(Buffer.alloc(3 * 1024 * 1024, 'u')),
    });
  });

  it('fails on an unexpected status, quoting the answer', async () => {
    const invoked = invocation(proxyRequest, { namespace, pod: 'qdrant-0', port: 'http', path: '/fail' });
    const failure = execute(proxyRequest, edge, invoked);
    await expect(failure).rejects.toBeInstanceOf(ProxyRequestError);
    await expect(failure).rejects.toThrow('GET pod vectors/qdrant-0:http/fail answered 500: disk full on qdrant-0');
  });

  it("reports the API server's reason when the Service has no backend", async () => {
    await edge.core.createNamespacedService({
      namespace,
      body: { metadata: { name: 'nobody' }, spec: { selector: { app: 'none' }, ports: [{ port: 80 }] } },
    });
    const invoked = invocation(proxyRequest, { namespace, service: 'nobody', port: '80' });
    await expect(execute(proxyRequest, edge, invoked)).rejects.toThrow(/answered 503: .+/);
  });

  it('gives up after its timeout', async () => {
    const invoked = invocation(proxyRequest, {
      namespace,
      pod: 'qdrant-0',
      port: 'http',
      path: '/hang',
      timeout: '300ms',
    });
    await expect(execute(proxyRequest, edge, invoked)).rejects.toThrow('no complete answer within 0.3s');
  });

  it('refuses to return a body too large for an output, pointing at responseToPath', async () => {
    const invoked = invocation(proxyRequest, { namespace, pod: 'qdrant-0', port: 'http', path: '/snapshot?mib=1' });
    await expect(execute(proxyRequest, edge, invoked)).rejects.toThrow(/larger than 65536 bytes; give responseToPath/);
  });

  it('keeps secrets in the path out of its errors', async () => {
    const invoked = invocation(proxyRequest, { namespace, pod: 'qdrant-0', port: 'http', path: '/fail?key=hunter22' });
    invoked.redactor.add('hunter22');
    const failure = await execute(proxyRequest, edge, invoked).catch((error: unknown) => error);
    expect(String(failure)).toContain('/fail?key=***');
    expect(String(failure)).not.toContain('hunter22');
  });
});

function never(): AbortSignal {
  return new AbortController().signal;
}
