/**
 * The stream plumbing of exec (exec.ts): output writables that pause the WebSocket while the consumer is busy
 * (client-node writes every frame and ignores backpressure), a bounded tail of the last lines for error
 * messages, and stdin frames sent with backpressure on the socket's buffer, closed with the v5 close signal.
 */
import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import type { WebSocket } from 'ws';

/** Pauses and resumes the flow of frames from the server. */
export interface FlowControl {
  pause(): void;
  resume(): void;
}

/** The last `lines` non-empty lines written (each cut at 1 KiB), as Kanister's LogTail keeps them. */
export class Tail {
  private readonly kept: string[] = [];
  private partial = '';

  constructor(private readonly lines = 10) {}

  push(chunk: Buffer): void {
    const text = this.partial + chunk.toString('utf8');
    const parts = text.split('\n');
    this.partial = (parts.pop() ?? '').slice(-1024);
    for (const line of parts) this.add(line);
  }

  toString(): string {
    const all = this.partial.trim() === '' ? this.kept : [...this.kept, this.partial.trim()];
    return all.slice(-this.lines).join('\n');
  }

  private add(line: string): void {
    const trimmed = line.trim().slice(0, 1024);
    if (trimmed === '') return;
    this.kept.push(trimmed);
    if (this.kept.length > this.lines) this.kept.shift();
  }
}

/**
 * A writable for client-node's Exec that forwards to `target` and pauses `flow` until `target` drains. It never
 * ends `target`: the caller does that once the command's status is known (so a failed command can destroy it).
 */
export function flowControlled(target: Writable | undefined, flow: FlowControl, tail?: Tail): Writable {
  let waiting = false;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      tail?.push(chunk);
      if (target && !target.destroyed && !target.write(chunk) && !waiting) {
        waiting = true;
        flow.pause();
        target.once('drain', () => {
          waiting = false;
          flow.resume();
        });
      }
      callback();
    },
  });
}

const STDIN_CHANNEL = 0;
const CLOSE_CHANNEL = 255;
const HIGH_WATER = 1024 * 1024;

/** Sends `source` as stdin frames, waiting whenever more than 1 MiB is queued; returns the bytes sent. */
export async function pumpStdin(ws: WebSocket, source: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of source) {
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    if (ws.readyState !== ws.OPEN) throw new Error('the exec connection closed while stdin was being sent');
    const frame = Buffer.allocUnsafe(data.length + 1);
    frame[0] = STDIN_CHANNEL;
    data.copy(frame, 1);
    bytes += data.length;
    if (ws.bufferedAmount > HIGH_WATER) await send(ws, frame);
    else ws.send(frame);
  }
  if (ws.readyState === ws.OPEN) await send(ws, Buffer.from([CLOSE_CHANNEL, STDIN_CHANNEL]));
  return bytes;
}

function send(ws: WebSocket, frame: Buffer): Promise<void> {
  return new Promise((resolve, reject) => ws.send(frame, (error) => (error ? reject(error) : resolve())));
}
