// REST verbs on resources and their status subresource: get, list (selectors, limit/continue), watch,
// create, update, patch (JSON / merge / strategic-as-merge / apply), delete and deletecollection.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type DeleteOptions, deleteCollection, deleteObject } from '../deletion.js';
import { BadRequestError, MethodNotAllowedError } from '../errors.js';
import type { ListOptions, ObjectService } from '../objects.js';
import { patchTypeOf } from '../patch.js';
import { apiVersionOf } from '../resources.js';
import { parseFieldSelector, parseLabelSelector } from '../selectors.js';
import { isRecord, type KubeObject } from '../types.js';
import { flag, intParam, readJson, readYaml, sendJson } from './io.js';
import type { ResourceTarget } from './router.js';
import { serveWatch, type WatchRequest } from './watch.js';

export interface ApiCall {
  objects: ObjectService;
  target: ResourceTarget;
  query: URLSearchParams;
  req: IncomingMessage;
  res: ServerResponse;
}

const deleteBodySchema = z.looseObject({
  gracePeriodSeconds: z.number().int().optional(),
  propagationPolicy: z.enum(['Orphan', 'Background', 'Foreground']).optional(),
  orphanDependents: z.boolean().optional(),
  dryRun: z.array(z.string()).optional(),
  preconditions: z.looseObject({ uid: z.string().optional(), resourceVersion: z.string().optional() }).optional(),
});

async function deleteOptions(call: ApiCall): Promise<DeleteOptions> {
  const body = await readJson(call.req);
  const parsed = deleteBodySchema.safeParse(body ?? {});
  if (!parsed.success) throw new BadRequestError(`invalid DeleteOptions: ${parsed.error.message}`);
  const fromBody = parsed.data;
  const policyParam = call.query.get('propagationPolicy');
  const policy = policyParam ?? fromBody.propagationPolicy ?? undefined;
  if (policy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(policy)) {
    throw new BadRequestError(`unsupported propagationPolicy: ${policy}`);
  }
  const orphan = call.query.get('orphanDependents') === 'true' || fromBody.orphanDependents === true;
  const grace = intParam(call.query, 'gracePeriodSeconds') ?? fromBody.gracePeriodSeconds;
  return {
    dryRun: call.query.get('dryRun') === 'All' || (fromBody.dryRun ?? []).includes('All'),
    ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
    ...(policy || orphan ? { propagationPolicy: (policy ?? 'Orphan') as DeleteOptions['propagationPolicy'] } : {}),
    ...(fromBody.preconditions ? { preconditions: fromBody.preconditions } : {}),
  };
}

/** Builtin list items carry no kind/apiVersion (as from a real server); custom resources keep them. */
function listResponse(call: ApiCall, items: KubeObject[]): unknown {
  const { type, version } = call.target;
  const limit = intParam(call.query, 'limit') ?? 0;
  const token = call.query.get('continue');
  const start = token ? Number(Buffer.from(token, 'base64').toString('utf8')) : 0;
  if (Number.isNaN(start)) throw new BadRequestError('invalid continue token');
  const page = limit > 0 ? items.slice(start, start + limit) : items.slice(start);
  const next = start + page.length;
  const more = limit > 0 && next < items.length;
  return {
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type.group, version),
    metadata: {
      resourceVersion: String(call.objects.store.resourceVersion),
      ...(more
        ? { continue: Buffer.from(String(next)).toString('base64'), remainingItemCount: items.length - next }
        : {}),
    },
    items: page.map((item) => {
      const presented = call.objects.present(type, item, version);
      if (!type.builtin) return presented;
      const { apiVersion: _a, kind: _k, ...rest } = presented;
      return rest;
    }),
  };
}

function startWatch(call: ApiCall, selectors: ListOptions): void {
  const { objects, target, query, req, res } = call;
  const timeoutSeconds = intParam(query, 'timeoutSeconds');
  const resourceVersion = query.get('resourceVersion') ?? undefined;
  const watch: WatchRequest = {
    type: target.type,
    version: target.version,
    labelSelector: selectors.labelSelector ?? [],
    fieldSelector: selectors.fieldSelector ?? [],
    bookmarks: flag(query, 'allowWatchBookmarks'),
    ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
  };
  serveWatch(objects, watch, req, res);
}

async function handleCollection(call: ApiCall): Promise<void> {
  const { objects, target, query, req, res } = call;
  const { type, namespace, version } = target;
  const options: ListOptions = {
    labelSelector: parseLabelSelector(query.get('labelSelector')),
    fieldSelector: parseFieldSelector(query.get('fieldSelector'), type),
  };
  if (req.method === 'GET' && (flag(query, 'watch') || target.watchPrefix)) {
    startWatch(call, options);
    return;
  }
  switch (req.method) {
    case 'GET':
      sendJson(res, 200, listResponse(call, objects.list(type, namespace, options)));
      return;
    case 'POST': {
      const created = objects.create(type, namespace, await readJson(req), {
        dryRun: query.get('dryRun') === 'All',
        version,
      });
      sendJson(res, 201, objects.present(type, created, version));
      return;
    }
    case 'DELETE': {
      const deleted = deleteCollection(
        objects,
        type,
        namespace,
        objects.list(type, namespace, options),
        await deleteOptions(call),
      );
      sendJson(res, 200, listResponse(call, deleted));
      return;
    }
    default:
      throw new MethodNotAllowedError();
  }
}

async function handlePatch(call: ApiCall, subresource: 'status' | undefined): Promise<KubeObject> {
  const { objects, target, query, req } = call;
  const { type, namespace, version } = target;
  const name = target.name ?? '';
  const patchType = patchTypeOf(req.headers['content-type']);
  const options = { dryRun: query.get('dryRun') === 'All', version, ...(subresource ? { subresource } : {}) };
  if (patchType !== 'apply') return objects.patch(type, namespace, name, patchType, await readJson(req), options);
  if (!query.get('fieldManager'))
    throw new BadRequestError('PATCH, application/apply-patch+yaml requires fieldManager');
  const body = await readYaml(req);
  if (!objects.find(type, namespace, name) && !subresource) {
    const metadata = isRecord(body) && isRecord(body.metadata) ? body.metadata : {};
    return objects.create(
      type,
      namespace,
      { ...(isRecord(body) ? body : {}), metadata: { ...metadata, name } },
      options,
    );
  }
  return objects.patch(type, namespace, name, 'apply', body, options);
}

async function handleItem(call: ApiCall, subresource: 'status' | undefined): Promise<void> {
  const { objects, target, query, req, res } = call;
  const { type, namespace, version } = target;
  const name = target.name ?? '';
  const present = (o: KubeObject): KubeObject => objects.present(type, o, version);
  switch (req.method) {
    case 'GET':
      if (target.watchPrefix) {
        query.set('fieldSelector', `metadata.name=${name}`);
        await handleCollection({ ...call, target: { ...target, watchPrefix: true } });
        return;
      }
      sendJson(res, 200, present(objects.get(type, namespace, name)));
      return;
    case 'PUT': {
      const options = { dryRun: query.get('dryRun') === 'All', version, ...(subresource ? { subresource } : {}) };
      sendJson(res, 200, present(objects.update(type, namespace, name, await readJson(req), options)));
      return;
    }
    case 'PATCH':
      sendJson(res, 200, present(await handlePatch(call, subresource)));
      return;
    case 'DELETE': {
      if (subresource) throw new MethodNotAllowedError();
      const outcome = deleteObject(objects, type, namespace, name, await deleteOptions(call));
      const isPod = type.group === '' && type.plural === 'pods';
      const returnObject = !outcome.removed || !type.builtin || isPod;
      sendJson(
        res,
        200,
        returnObject ? present(outcome.object) : successStatus(outcome.object, type.group, type.plural),
      );
      return;
    }
    default:
      throw new MethodNotAllowedError();
  }
}

function successStatus(object: KubeObject, group: string, plural: string): unknown {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: object.metadata.name, ...(group ? { group } : {}), kind: plural, uid: object.metadata.uid },
  };
}

export async function handleRest(call: ApiCall): Promise<void> {
  const { target } = call;
  if (target.subresource === 'status') return handleItem(call, 'status');
  if (target.subresource !== undefined) throw new MethodNotAllowedError();
  if (target.name === undefined) return handleCollection(call);
  return handleItem(call, undefined);
}
