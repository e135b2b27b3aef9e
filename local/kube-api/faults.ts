// Fault injection, for tests of how clients cope with a misbehaving API server: a hook given as the
// `faults` option (programmatic only: no flag or env var) sees every request before it is served and
// may answer it with an error Status, drop the connection, delay it, or (exec) cut the WebSocket once
// the command runs. Without the option the server behaves exactly as before.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { KubeApiError } from './errors.js';
import { rejectUpgrade } from './http/exec.js';
import { sendError } from './http/io.js';

export interface FaultRequest {
  readonly method: string;
  /** Path without the query, e.g. `/api/v1/namespaces/ns/pods/p/exec`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** A WebSocket upgrade (exec). */
  readonly upgrade: boolean;
}

export type Fault =
  /** Answer with a `Status` body of this code (for upgrades: before the handshake, as a real server does). */
  | { readonly kind: 'status'; readonly code: number; readonly reason?: string; readonly message?: string }
  /** Destroy the connection without answering. */
  | { readonly kind: 'drop' }
  /** Hold the request this long, then serve it normally. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Exec only: complete the handshake and start the command, then terminate the WebSocket after `ms`. */
  | { readonly kind: 'drop-after'; readonly ms: number };

/** Returns the fault to inject for a request, or undefined to serve it normally. */
export type FaultHook = (request: FaultRequest) => Fault | undefined;

export function faultFor(hook: FaultHook | undefined, req: IncomingMessage, upgrade: boolean): Fault | undefined {
  if (!hook) return undefined;
  const url = new URL(req.url ?? '/', 'http://localhost');
  return hook({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, upgrade });
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function statusError(fault: Extract<Fault, { kind: 'status' }>): KubeApiError {
  return new KubeApiError(
    fault.code,
    fault.reason ?? 'InternalError',
    fault.message ?? `injected fault: ${fault.code}`,
  );
}

/** Applies a fault to a plain request. Resolves true when the request was answered (or dropped). */
export async function applyRequestFault(fault: Fault, res: ServerResponse): Promise<boolean> {
  switch (fault.kind) {
    case 'status':
      sendError(res, statusError(fault));
      return true;
    case 'drop':
      res.socket?.destroy();
      return true;
    case 'delay':
      await delay(fault.ms);
      return false;
    case 'drop-after':
      return false;
  }
}

/** Applies a fault to an upgrade. Resolves true when it was answered; `drop-after` is left to the exec handler. */
export async function applyUpgradeFault(fault: Fault, socket: Duplex): Promise<boolean> {
  switch (fault.kind) {
    case 'status':
      rejectUpgrade(socket, statusError(fault));
      return true;
    case 'drop':
      socket.destroy();
      return true;
    case 'delay':
      await delay(fault.ms);
      return false;
    case 'drop-after':
      return false;
  }
}
