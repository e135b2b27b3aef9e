// Reading request bodies and writing JSON / Status responses the way kube-apiserver does.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { BadRequestError, KubeApiError, toKubeApiError } from '../errors.js';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new KubeApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 33554432');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new BadRequestError(`error decoding request body: ${(error as Error).message}`);
  }
}

/** Apply patches are YAML (JSON is valid YAML, which is what client-node sends). */
export async function readYaml(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  try {
    return parseYaml(body.toString('utf8'));
  } catch (error) {
    throw new BadRequestError(`error decoding YAML: ${(error as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: unknown): void {
  const apiError = toKubeApiError(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, apiError.code, apiError.toStatus());
}

/** Query flag as Kubernetes reads it: "true"/"1" are true. */
export function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === 'true' || value === '1';
}

export function intParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new BadRequestError(`invalid value for ${name}: ${value}`);
  return parsed;
}
