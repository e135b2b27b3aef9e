/**
 * A stand-in for Weaviate's backup REST API (/v1/backups) for the Weaviate blueprint's test. A backup or restore
 * reports STARTED, then TRANSFERRING, then SUCCESS on successive status requests; one that includes the class
 * `Broken` ends FAILED. With env `API_KEY` set, requests need `Authorization: Bearer <API_KEY>` (401 otherwise).
 */
import { serve } from './common.mjs';

const PROGRESS = ['STARTED', 'TRANSFERRING', 'SUCCESS'];
const backups = new Map();

const error = (status, message) => ({ status, json: { error: [{ message }] } });

function handle(req, body) {
  if (process.env.API_KEY && req.headers.authorization !== `Bearer ${process.env.API_KEY}`) {
    return error(401, 'anonymous access not enabled. Please authenticate through one of the available methods');
  }
  const url = new URL(req.url, 'http://weaviate');
  const match = /^\/v1\/backups\/([a-z0-9-]+)(?:\/([^/]+)(\/restore)?)?$/.exec(url.pathname);
  if (!match) return error(404, `no route for ${url.pathname}`);
  const [, backend, id, restore] = match;
  const request = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
  if (req.method === 'POST' && id === undefined) {
    if (!/^[a-z0-9_-]+$/.test(request.id ?? '')) return error(422, `invalid backup id: ${request.id}`);
    if (backups.has(request.id)) return error(422, `backup ${request.id} already exists`);
    backups.set(request.id, { backend, include: request.include ?? [], polls: 0, restorePolls: 0 });
    return {
      status: 200,
      json: { backend, id: request.id, path: `s3://weaviate-backups/${request.id}`, status: 'STARTED' },
    };
  }
  const backup = backups.get(id);
  if (!backup || backup.backend !== backend) return error(404, `backup ${id} not found in backend ${backend}`);
  if (req.method === 'POST' && restore) {
    backup.restoring = true;
    return { status: 200, json: { backend, id, path: `s3://weaviate-backups/${id}`, status: 'STARTED' } };
  }
  if (req.method !== 'GET') return error(405, 'method not allowed');
  if (restore && !backup.restoring) return error(404, `no restore of ${id} in progress`);
  const polls = restore ? backup.restorePolls++ : backup.polls++;
  const failed = backup.include.includes('Broken') && polls >= 1;
  const status = failed ? 'FAILED' : PROGRESS[Math.min(polls, PROGRESS.length - 1)];
  const reply = { backend, id, path: `s3://weaviate-backups/${id}`, status };
  if (failed) reply.error = 'backup Broken: shard Broken_0: disk quota exceeded';
  return { status: 200, json: reply };
}

serve(handle);
