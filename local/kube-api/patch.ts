// PATCH bodies: JSON merge patch (RFC 7386; strategic merge patch is treated the same way here) and
// JSON patch (RFC 6902), applied to plain JSON values.

import { z } from 'zod';
import { BadRequestError, InvalidError, UnsupportedMediaTypeError } from './errors.js';
import { clone, deepEqual, isRecord } from './types.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export function patchTypeOf(contentType: string | undefined): PatchType {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  switch (mediaType) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+cbor':
      return 'apply';
    default:
      throw new UnsupportedMediaTypeError(mediaType);
  }
}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return clone(patch);
  const result: Record<string, unknown> = isRecord(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

const operationSchema = z.looseObject({
  op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: z.string(),
  from: z.string().optional(),
  value: z.unknown().optional(),
});

type Operation = z.infer<typeof operationSchema>;

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new BadRequestError(`JSON pointer must start with "/": ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
}

type Container = Record<string, unknown> | unknown[];

/** Walks to the parent of the last token; every step must exist. */
function parentOf(doc: unknown, tokens: string[], pointer: string): { parent: Container; last: string } {
  let current: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isRecord(current)) current = current[token];
    else current = undefined;
    if (current === undefined) throw missing(pointer);
  }
  if (!Array.isArray(current) && !isRecord(current)) throw missing(pointer);
  return { parent: current, last: tokens[tokens.length - 1] ?? '' };
}

function missing(pointer: string): InvalidError {
  return new InvalidError('JSONPatch', '', '', [
    { reason: 'FieldValueInvalid', field: pointer, message: 'doc is missing path' },
  ]);
}

function arrayIndex(parent: unknown[], token: string, forInsert: boolean, pointer: string): number {
  if (forInsert && token === '-') return parent.length;
  const index = Number(token);
  const limit = forInsert ? parent.length : parent.length - 1;
  if (!/^\d+$/.test(token) || index > limit) throw missing(pointer);
  return index;
}

function read(doc: unknown, pointer: string): unknown {
  const tokens = decodePointer(pointer);
  if (tokens.length === 0) return doc;
  const { parent, last } = parentOf(doc, tokens, pointer);
  const value = Array.isArray(parent) ? parent[arrayIndex(parent, last, false, pointer)] : parent[last];
  if (value === undefined) throw missing(pointer);
  return value;
}

function add(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = decodePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, last } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true, pointer), 0, value);
  else parent[last] = value;
  return doc;
}

function remove(doc: unknown, pointer: string): unknown {
  const tokens = decodePointer(pointer);
  const { parent, last } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false, pointer), 1);
  else if (last in parent) delete parent[last];
  else throw missing(pointer);
  return doc;
}

function applyOperation(doc: unknown, op: Operation): unknown {
  switch (op.op) {
    case 'add':
      return add(doc, op.path, clone(op.value));
    case 'remove':
      return remove(doc, op.path);
    case 'replace':
      return add(remove(doc, op.path), op.path, clone(op.value));
    case 'move': {
      const value = read(doc, op.from ?? '');
      return add(remove(doc, op.from ?? ''), op.path, value);
    }
    case 'copy':
      return add(doc, op.path, clone(read(doc, op.from ?? '')));
    case 'test':
      if (!deepEqual(read(doc, op.path), op.value)) {
        throw new InvalidError('JSONPatch', '', '', [
          { reason: 'FieldValueInvalid', field: op.path, message: 'testing value failed' },
        ]);
      }
      return doc;
  }
}

export function jsonPatch(target: unknown, operations: unknown): unknown {
  const parsed = z.array(operationSchema).safeParse(operations);
  if (!parsed.success) throw new BadRequestError(`invalid JSON patch: ${parsed.error.message}`);
  let doc = clone(target);
  for (const op of parsed.data) doc = applyOperation(doc, op);
  return doc;
}

/** Applies a parsed PATCH body of the given type. Apply patches are merged (no field ownership). */
export function applyPatch(type: PatchType, target: unknown, patch: unknown): unknown {
  if (type === 'json') return jsonPatch(target, patch);
  if (!isRecord(patch)) throw new BadRequestError('patch body must be a JSON object');
  return mergePatch(target, patch);
}
