/**
 * A stand-in for Elasticsearch's snapshot API over HTTPS (test certificate in ./tls) for the Elasticsearch
 * blueprint's test. Requests need basic auth `elastic:<ES_PASSWORD>` (401 security_exception otherwise). Repository
 * `backups` exists; a snapshot whose indices include `flaky` ends PARTIAL; restores report every shard restored.
 */
import { readFileSync } from 'node:fs';
import { serve } from './common.mjs';

const tls = new URL('./tls/', import.meta.url);
const snapshots = new Map();

const error = (status, type, reason) => ({
  status,
  json: { error: { root_cause: [{ type, reason }], type, reason }, status },
});

function handle(req, body) {
  const expected = `Basic ${Buffer.from(`elastic:${process.env.ES_PASSWORD}`).toString('base64')}`;
  if (req.headers.authorization !== expected) {
    return error(401, 'security_exception', 'unable to authenticate user [elastic] for REST request [/_snapshot]');
  }
  const url = new URL(req.url, 'https://es');
  const match = /^\/_snapshot\/([^/]+)\/([^/]+)(\/_restore)?$/.exec(url.pathname);
  if (!match) return error(400, 'illegal_argument_exception', `no handler for ${req.method} ${url.pathname}`);
  const [, repository, name, restore] = match;
  if (repository !== 'backups') return error(404, 'repository_missing_exception', `[${repository}] missing`);
  const request = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
  if (req.method === 'PUT' && !restore) {
    const indices = (request.indices ?? 'orders,customers').split(',');
    const state = indices.includes('flaky') ? 'PARTIAL' : 'SUCCESS';
    snapshots.set(name, indices);
    const failed = state === 'PARTIAL' ? 1 : 0;
    const snapshot = { snapshot: name, uuid: 'dXfD3kxTR1uOlU3FYgXbQA', repository, indices, state };
    snapshot.shards = { total: indices.length, failed, successful: indices.length - failed };
    if (failed)
      snapshot.failures = [{ index: 'flaky', shard_id: 0, reason: 'IndexShardSnapshotFailedException[node left]' }];
    return { status: 200, json: { snapshot } };
  }
  const indices = snapshots.get(name);
  if (!indices) return error(404, 'snapshot_missing_exception', `[${repository}:${name}] is missing`);
  if (req.method === 'POST' && restore) {
    const shards = { total: indices.length, failed: 0, successful: indices.length };
    return { status: 200, json: { snapshot: { snapshot: name, indices, shards } } };
  }
  if (req.method === 'DELETE' && !restore) {
    snapshots.delete(name);
    return { status: 200, json: { acknowledged: true } };
  }
  return error(405, 'illegal_argument_exception', `method ${req.method} not allowed`);
}

serve(handle, { key: readFileSync(new URL('server.key', tls)), cert: readFileSync(new URL('server.crt', tls)) });
