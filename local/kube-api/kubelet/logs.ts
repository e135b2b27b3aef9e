// Container logs in the CRI log format kubelet reads (`<time> <stream> <F|P> <text>`), one file per
// container instance, and the reader behind `pods/log` (follow, tailLines, limitBytes, sinceTime,
// timestamps) that streams with bounded memory.

import { EventEmitter, once } from 'node:events';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';

const PARTIAL_LIMIT = 16 * 1024;

export class ContainerLog extends EventEmitter {
  readonly #fd: number;
  readonly #pending: Record<'stdout' | 'stderr', Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  #ended = false;
  /** Bumped on every append so followers can tell whether they missed one while reading. */
  version = 0;

  constructor(readonly path: string) {
    super();
    mkdirSync(dirname(path), { recursive: true });
    this.#fd = openSync(path, 'a');
  }

  get ended(): boolean {
    return this.#ended;
  }

  write(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    if (this.#ended) return;
    let data = Buffer.concat([this.#pending[stream], chunk]);
    let newline = data.indexOf(10);
    while (newline >= 0) {
      this.#line(stream, 'F', data.subarray(0, newline));
      data = data.subarray(newline + 1);
      newline = data.indexOf(10);
    }
    while (data.length > PARTIAL_LIMIT) {
      this.#line(stream, 'P', data.subarray(0, PARTIAL_LIMIT));
      data = data.subarray(PARTIAL_LIMIT);
    }
    this.#pending[stream] = Buffer.from(data);
    this.version++;
    this.emit('append');
  }

  end(): void {
    if (this.#ended) return;
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.#pending[stream].length > 0) this.#line(stream, 'F', this.#pending[stream]);
    }
    this.#ended = true;
    closeSync(this.#fd);
    this.version++;
    this.emit('append');
  }

  #line(stream: string, tag: 'F' | 'P', content: Buffer): void {
    writeSync(
      this.#fd,
      Buffer.concat([Buffer.from(`${new Date().toISOString()} ${stream} ${tag} `), content, Buffer.from('\n')]),
    );
  }
}

export interface LogReadOptions {
  follow: boolean;
  timestamps: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceTime?: Date;
}

interface Entry {
  time: string;
  text: Buffer;
}

function parseEntry(line: Buffer, options: LogReadOptions): Entry | undefined {
  const first = line.indexOf(32);
  const second = line.indexOf(32, first + 1);
  const third = line.indexOf(32, second + 1);
  if (first < 0 || second < 0 || third < 0) return undefined;
  const time = line.subarray(0, first).toString();
  if (options.sinceTime && new Date(time) < options.sinceTime) return undefined;
  const full = line.subarray(second + 1, third).toString() === 'F';
  const content = line.subarray(third + 1);
  const prefix = options.timestamps ? Buffer.from(`${time} `) : Buffer.alloc(0);
  return { time, text: Buffer.concat([prefix, content, full ? Buffer.from('\n') : Buffer.alloc(0)]) };
}

/** Reads complete lines of `path` from `offset`; returns the offset after the last complete line. */
async function* entriesFrom(
  path: string,
  offset: number,
  options: LogReadOptions,
  end: { offset: number },
): AsyncGenerator<Entry> {
  const handle = await open(path, 'r');
  try {
    let position = offset;
    let carry = Buffer.alloc(0);
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      let data = Buffer.concat([carry, buffer.subarray(0, bytesRead)]);
      let newline = data.indexOf(10);
      while (newline >= 0) {
        const entry = parseEntry(data.subarray(0, newline), options);
        end.offset += newline + 1;
        if (entry) yield entry;
        data = data.subarray(newline + 1);
        newline = data.indexOf(10);
      }
      carry = Buffer.from(data);
    }
  } finally {
    await handle.close();
  }
}

/** Writes the log to `write` (which awaits backpressure), following appends while `log` is live. */
export async function streamLog(
  path: string,
  log: ContainerLog | undefined,
  options: LogReadOptions,
  write: (chunk: Buffer) => Promise<boolean>,
  signal: AbortSignal,
): Promise<void> {
  const position = { offset: 0 };
  let budget = options.limitBytes ?? Number.POSITIVE_INFINITY;
  const emit = async (text: Buffer): Promise<boolean> => {
    const part = text.length > budget ? text.subarray(0, budget) : text;
    budget -= part.length;
    return (await write(part)) && budget > 0;
  };
  if (options.tailLines !== undefined) {
    const tail: Buffer[] = [];
    for await (const entry of entriesFrom(path, 0, options, position)) {
      tail.push(entry.text);
      if (tail.length > options.tailLines) tail.shift();
    }
    for (const text of tail) if (!(await emit(text))) return;
  }
  for (;;) {
    const version = log?.version ?? 0;
    const wasEnded = !log || log.ended;
    for await (const entry of entriesFrom(path, position.offset, options, position)) {
      if (!(await emit(entry.text))) return;
    }
    if (!options.follow || wasEnded || signal.aborted) return;
    if (log.version === version) {
      try {
        await once(log, 'append', { signal });
      } catch {
        return;
      }
    }
  }
}
