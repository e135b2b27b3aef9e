import { describe, expect, it } from 'vitest';
import { proxyRequest } from '../../../shared/functions/proxy-request.js';
import { parsed, problemsOf } from './parse-helpers.js';

describe('ProxyRequest args', () => {
  it('defaults to GET / with a one-minute timeout; the port may be a number', () => {
    expect(parsed(proxyRequest, { namespace: 'qdrant', service: 'qdrant', port: 6333 })).toEqual({
      namespace: 'qdrant',
      service: 'qdrant',
      port: '6333',
      method: 'GET',
      path: '/',
      timeout: 60_000,
    });
  });

  it('normalises the method and reads status codes from strings or numbers', () => {
    const args = parsed(proxyRequest, {
      namespace: 'qdrant',
      pod: 'qdrant-0',
      port: 'http',
      method: 'post',
      path: '/collections/docs/snapshots?wait=true',
      expectStatus: ['200', 202],
      responseToPath: 'qdrant/docs.snapshot',
      timeout: '10m',
    });
    expect(args.method).toBe('POST');
    expect(args.expectStatus).toEqual([200, 202]);
    expect(args.timeout).toBe(600_000);
  });

  it('needs exactly one of service and pod', () => {
    expect(problemsOf(proxyRequest, { namespace: 'n', port: '80' })).toEqual([
      'service: give exactly one of service and pod',
    ]);
    expect(problemsOf(proxyRequest, { namespace: 'n', port: '80', service: 's', pod: 'p' })).toEqual([
      'service: give exactly one of service and pod',
    ]);
  });

  it('refuses two bodies, relative request paths and impossible status codes', () => {
    expect(
      problemsOf(proxyRequest, { namespace: 'n', service: 's', port: '80', body: '{}', bodyFromPath: 'a/b' }),
    ).toEqual(['bodyFromPath: give body or bodyFromPath, not both']);
    expect(problemsOf(proxyRequest, { namespace: 'n', service: 's', port: '80', path: 'snapshots' })).toEqual([
      'path: "snapshots" must start with /',
    ]);
    expect(problemsOf(proxyRequest, { namespace: 'n', service: 's', port: '80', expectStatus: [20] })).toEqual([
      'expectStatus[0]: 20 is not an HTTP status code (100-599)',
    ]);
  });
});
