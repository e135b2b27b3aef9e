// `startKubeApi`: wires store, controllers, kubelet and the HTTP/WebSocket front end of the local
// Kubernetes API server, and tears all of it down (every started process included) on close().

import { mkdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { typeOf } from './controllers/common.js';
import { startControllers } from './controllers/index.js';
import { BadRequestError, MethodNotAllowedError, toKubeApiError, UnauthorizedError } from './errors.js';
import { applyRequestFault, applyUpgradeFault, faultFor } from './faults.js';
import { discoveryDocument } from './http/discovery.js';
import { chooseProtocol, handleExecUpgrade, rejectUpgrade } from './http/exec.js';
import { sendError, sendJson } from './http/io.js';
import { handleLog } from './http/log.js';
import { handleProxy } from './http/proxy.js';
import { handleRest } from './http/rest.js';
import { parseDiscovery, parseResourcePath } from './http/router.js';
import { handleScale } from './http/scale.js';
import { Kubelet } from './kubelet/kubelet.js';
import { ObjectService } from './objects.js';
import { type KubeApiOptions, kubeApiOptionsSchema, type ResolvedKubeApiOptions } from './options.js';
import { StatePersister } from './persistence.js';
import { ResourceRegistry } from './resources.js';
import { ObjectStore } from './store.js';

export interface KubeApi {
  /** `http://127.0.0.1:<port>`; use with `skipTLSVerify: true` in a kubeconfig. */
  url: string;
  close(): Promise<void>;
}

interface Parts {
  options: ResolvedKubeApiOptions;
  objects: ObjectService;
  kubelet: Kubelet;
  wss: WebSocketServer;
  address: () => string;
}

function authenticate(parts: Parts, req: IncomingMessage): void {
  const token = parts.options.token;
  if (token && req.headers.authorization !== `Bearer ${token}`) throw new UnauthorizedError();
}

async function handleRequest(parts: Parts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { objects, kubelet } = parts;
  try {
    const fault = faultFor(parts.options.faults, req, false);
    if (fault && (await applyRequestFault(fault, res))) return;
    authenticate(parts, req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const discovery = parseDiscovery(url.pathname);
    if (discovery) {
      if (req.method !== 'GET') throw new MethodNotAllowedError();
      if (discovery.kind === 'health') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
        return;
      }
      sendJson(res, 200, discoveryDocument(discovery, objects.registry, parts.address()));
      return;
    }
    const target = parseResourcePath(url.pathname, objects.registry);
    const call = { objects, target, query: url.searchParams, req, res };
    switch (target.subresource) {
      case 'log':
        return await handleLog(call, kubelet);
      case 'proxy':
        return handleProxy(call, kubelet, typeOf(objects.registry, '/pods'), url.search);
      case 'scale':
        return await handleScale(call);
      case 'exec':
        throw new BadRequestError('Upgrade request required');
      default:
        return await handleRest(call);
    }
  } catch (error) {
    sendError(res, error);
  }
}

async function handleUpgrade(parts: Parts, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  try {
    const fault = faultFor(parts.options.faults, req, true);
    if (fault && (await applyUpgradeFault(fault, socket))) return;
    authenticate(parts, req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const target = parseResourcePath(url.pathname, parts.objects.registry);
    if (target.subresource !== 'exec' || target.type.plural !== 'pods') {
      throw new BadRequestError('only pods/exec can be upgraded to a WebSocket on this server');
    }
    const dropAfterMs = fault?.kind === 'drop-after' ? fault.ms : undefined;
    handleExecUpgrade(parts, target, url.searchParams, req, socket, head, dropAfterMs);
  } catch (error) {
    rejectUpgrade(socket, toKubeApiError(error));
  }
}

async function workRootFor(options: ResolvedKubeApiOptions): Promise<string> {
  if (!options.stateDir) return mkdtemp(join(tmpdir(), 'holdfast-kube-api-'));
  const root = resolve(options.stateDir);
  mkdirSync(root, { recursive: true });
  return root;
}

interface ControlPlane {
  objects: ObjectService;
  kubelet: Kubelet;
  stop(): Promise<void>;
}

/** Store (restored from the state file), controllers and kubelet; everything but the HTTP front end. */
async function startControlPlane(options: ResolvedKubeApiOptions): Promise<ControlPlane> {
  const workRoot = await workRootFor(options);
  const store = new ObjectStore();
  const persister = options.stateDir ? new StatePersister(store, join(workRoot, 'state.json')) : undefined;
  persister?.load();
  const objects = new ObjectService(store, new ResourceRegistry());
  const stopControllers = startControllers(objects, {
    creationDelayMs: options.snapshotCreationDelayMs,
    readyDelayMs: options.snapshotReadyDelayMs,
  });
  const kubelet = new Kubelet(objects, typeOf(objects.registry, '/pods'), {
    workRoot,
    imageCommands: options.imageCommands,
    imagePath: options.imagePath,
    backoff: { initialMs: options.restartBackoffMs, maxMs: options.restartBackoffMaxMs },
    shutdownGraceMs: options.shutdownGraceMs,
    temporaryWorkRoot: !options.stateDir,
  });
  kubelet.start();
  persister?.start();
  const stop = async (): Promise<void> => {
    stopControllers();
    await kubelet.close();
    persister?.close();
    if (!options.stateDir) rmSync(workRoot, { recursive: true, force: true });
  };
  return { objects, kubelet, stop };
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done());
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

export async function startKubeApi(input: KubeApiOptions = {}): Promise<KubeApi> {
  const options = kubeApiOptionsSchema.parse(input);
  const plane = await startControlPlane(options);
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 64 * 1024 * 1024,
    handleProtocols: (offered) => chooseProtocol(offered),
  });
  const server = createServer();
  let port = options.port;
  const parts: Parts = { options, ...plane, wss, address: () => `127.0.0.1:${port}` };
  server.on('request', (req, res) => void handleRequest(parts, req, res));
  server.on('upgrade', (req, socket, head) => void handleUpgrade(parts, req, socket, head));
  try {
    port = await listen(server, options.port);
  } catch (error) {
    await plane.stop();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    server.close();
    server.closeAllConnections();
    for (const client of wss.clients) client.terminate();
    await plane.stop();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
