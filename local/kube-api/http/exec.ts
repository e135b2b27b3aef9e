// `pods/{name}/exec` over WebSocket with the v5/v4 channel protocols: byte 0 of every binary frame is
// the channel (0 stdin, 1 stdout, 2 stderr, 3 error/status, 4 resize; v5 adds 255 = close a stream).
// The command runs as a local process with the container's env and working dir; output is sent with
// backpressure (the process is paused while the socket is congested), so any volume streams in
// bounded memory.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { BadRequestError, type KubeApiError, toKubeApiError } from '../errors.js';
import type { Kubelet } from '../kubelet/kubelet.js';
import type { PodWorker } from '../kubelet/pod-worker.js';
import { exitCodeOf, groupAlive, type StartedProcess, startProcess, stopGroup } from '../kubelet/processes.js';
import type { Reaper } from '../kubelet/reaper.js';
import type { ObjectService } from '../objects.js';
import { flag } from './io.js';
import type { ResourceTarget } from './router.js';

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const CLOSE = 255;

interface ExecRequest {
  command: string[];
  cwd: string;
  env: Record<string, string>;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  worker: PodWorker;
}

/** Picks the first protocol the client offered that we speak (client-node offers v5 first). */
export function chooseProtocol(offered: Set<string>): string | false {
  for (const protocol of offered) if (EXEC_PROTOCOLS.includes(protocol)) return protocol;
  return false;
}

export function rejectUpgrade(socket: Duplex, error: KubeApiError): void {
  const body = JSON.stringify(error.toStatus());
  socket.end(
    `HTTP/1.1 ${error.code} ${error.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function statusFor(command: string[], code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): unknown {
  if (spawnError) {
    const message = `error executing command in container: failed to exec in container: exec: "${command[0]}": ${spawnError.message}`;
    return {
      metadata: {},
      status: 'Failure',
      message,
      reason: 'InternalError',
      details: { causes: [{ message }] },
      code: 500,
    };
  }
  const exitCode = exitCodeOf(code, signal);
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

function frame(channel: number, chunk: Buffer): Buffer {
  const out = Buffer.allocUnsafe(chunk.length + 1);
  out[0] = channel;
  chunk.copy(out, 1);
  return out;
}

function pumpOutput(ws: WebSocket, proc: StartedProcess, tty: boolean): void {
  const streams = [proc.child.stdout, proc.child.stderr].filter((s) => s !== null);
  let paused = false;
  const onSent = (): void => {
    if (paused && ws.bufferedAmount < LOW_WATER) {
      paused = false;
      for (const s of streams) s.resume();
    }
  };
  const forward = (channel: number) => (chunk: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(frame(channel, chunk), onSent);
    if (!paused && ws.bufferedAmount > HIGH_WATER) {
      paused = true;
      for (const s of streams) s.pause();
    }
  };
  proc.child.stdout?.on('data', forward(STDOUT));
  proc.child.stderr?.on('data', forward(tty ? STDOUT : STDERR));
}

function pumpInput(ws: WebSocket, proc: StartedProcess): void {
  const stdin = proc.child.stdin;
  stdin?.on('error', () => {
    // The process stopped reading (EPIPE); further input is dropped as a container would.
  });
  ws.on('message', (data: Buffer) => {
    const channel = data[0];
    if (channel === STDIN && stdin && !stdin.writableEnded && data.length > 1) {
      if (!stdin.write(data.subarray(1))) {
        ws.pause();
        stdin.once('drain', () => ws.resume());
      }
    } else if (channel === CLOSE && data[1] === STDIN) {
      stdin?.end();
    }
  });
}

async function runSession(ws: WebSocket, request: ExecRequest, reaper: Reaper): Promise<void> {
  const proc = startProcess(request.command, {
    cwd: request.cwd,
    env: request.env,
    stdin: request.stdin,
    stdout: request.stdout,
    stderr: request.stderr,
    reaper,
  });
  request.worker.execs.add(proc);
  let spawnError: Error | undefined;
  proc.child.once('error', (error) => {
    spawnError = error;
  });
  pumpOutput(ws, proc, request.tty);
  pumpInput(ws, proc);
  ws.on('close', () => {
    if (proc.child.exitCode === null && proc.child.signalCode === null) void stopGroup(proc, 1000, reaper);
  });
  const { code, signal } = await proc.closed;
  if (!groupAlive(proc.child.pid)) request.worker.execs.delete(proc);
  if (ws.readyState !== ws.OPEN) return;
  ws.resume(); // input may have been paused for a process that is gone; read the close handshake
  const status = Buffer.from(JSON.stringify(statusFor(request.command, code, signal, spawnError)));
  ws.send(frame(ERROR, status), () => ws.close(1000));
}

export interface ExecDeps {
  objects: ObjectService;
  kubelet: Kubelet;
  wss: WebSocketServer;
}

export function handleExecUpgrade(
  deps: ExecDeps,
  target: ResourceTarget,
  query: URLSearchParams,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  /** Fault injection (faults.ts): terminate the WebSocket this long after the command started. */
  dropAfterMs?: number,
): void {
  let request: ExecRequest;
  try {
    const pod = deps.objects.get(target.type, target.namespace, target.name ?? '');
    const command = query.getAll('command');
    if (command.length === 0) throw new BadRequestError('you must specify at least 1 command');
    const streams = { stdin: flag(query, 'stdin'), stdout: flag(query, 'stdout'), stderr: flag(query, 'stderr') };
    if (!streams.stdin && !streams.stdout && !streams.stderr) {
      throw new BadRequestError('you must specify at least 1 of stdin, stdout, stderr');
    }
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    if (chooseProtocol(new Set(offered)) === false) {
      throw new BadRequestError(`none of the offered subprotocols are supported: ${offered.join(', ')}`);
    }
    const { worker, container } = deps.kubelet.execTarget(pod, query.get('container'));
    request = { command, cwd: container.cwd, env: container.env, ...streams, tty: flag(query, 'tty'), worker };
  } catch (error) {
    rejectUpgrade(socket, toKubeApiError(error));
    return;
  }
  deps.wss.handleUpgrade(req, socket, head, (ws) => {
    void runSession(ws, request, deps.kubelet.reaper).catch(() => ws.terminate());
    if (dropAfterMs !== undefined) setTimeout(() => ws.terminate(), dropAfterMs);
  });
}
