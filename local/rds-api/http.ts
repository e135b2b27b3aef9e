/**
 * The HTTP side of the AWS Query protocol: reads the form-encoded request, takes the simulated region from the
 * SigV4 credential scope (signatures are not checked), dispatches on `Action` and writes the XML response or
 * `<ErrorResponse>` with the fault's HTTP status.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ActionHandler } from './actions/action.js';
import { clusterActions } from './actions/clusters.js';
import { exportActions } from './actions/exports.js';
import { instanceActions } from './actions/instances.js';
import { snapshotActions } from './actions/snapshots.js';
import { tagActions } from './actions/tags.js';
import { faults, RdsFaultError } from './errors.js';
import { QueryParams } from './query.js';
import type { Runtime } from './runtime.js';
import { errorXml, successXml } from './xml.js';

const ACTIONS: Readonly<Record<string, ActionHandler>> = {
  ...instanceActions,
  ...snapshotActions,
  ...clusterActions,
  ...exportActions,
  ...tagActions,
};

export const supportedActions = (): string[] => Object.keys(ACTIONS).sort();

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(faults.invalidParameterValue('Request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `Credential=AKID/20261121/eu-west-1/rds/aws4_request` → `eu-west-1`. */
export function regionOf(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : /Credential=[^/,\s]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1];
}

function send(res: ServerResponse, status: number, requestId: string, xml: string): void {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(xml),
    'x-amzn-requestid': requestId,
  });
  res.end(xml);
}

export async function handleRequest(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  try {
    const query = new URL(req.url ?? '/', 'http://localhost').search.slice(1);
    const params = QueryParams.parse(`${query}&${await readBody(req)}`);
    const action = params.required('Action');
    const handler = ACTIONS[action];
    if (handler === undefined) throw faults.invalidAction(action);
    const region = regionOf(req.headers.authorization) ?? rt.options.defaultRegion;
    const result = await rt.track(handler({ rt, region, params }));
    send(res, 200, requestId, successXml(action, result, requestId));
  } catch (err) {
    const fault = err instanceof RdsFaultError ? err : faults.internal('An internal error occurred.');
    if (!(err instanceof RdsFaultError)) rt.options.log(`request ${requestId} failed: ${String(err)}`);
    send(res, fault.status, requestId, errorXml(fault.type, fault.code, fault.message, requestId));
  }
}
