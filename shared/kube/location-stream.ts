/**
 * Data streams between a command in a pod and the backup location, with nothing in the cluster holding storage
 * credentials: the command's stdout goes through the exec WebSocket straight into `Location.upload` (backpressure
 * end to end, so memory stays flat), and `Location.download` feeds a command's stdin. A failing command aborts the
 * upload: no partial object is left as if it were a good one.
 */
import { PassThrough, type Writable } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Location, StoredObject } from '../functions/ports.js';
import { execInPod } from './exec.js';

export interface PodCommand {
  readonly namespace: string;
  readonly pod: string;
  readonly container?: string;
  readonly command: readonly string[];
  readonly signal: AbortSignal;
  readonly redact?: (text: string) => string;
  readonly onStderr?: Writable;
}

const CHUNK = 1024 * 1024;

export async function streamToLocation(
  config: KubeConfig,
  location: Location,
  cmd: PodCommand,
  target: { readonly path: string; readonly compression: 'gzip' | 'none' },
): Promise<StoredObject> {
  const local = new AbortController();
  const signal = AbortSignal.any([cmd.signal, local.signal]);
  const body = new PassThrough({ highWaterMark: CHUNK });
  const upload = location.upload(target.path, body, { compression: target.compression, signal });
  const exec = execInPod(config, {
    ...cmd,
    stdout: body,
    ...(cmd.onStderr ? { stderr: cmd.onStderr } : {}),
    stdoutTail: false,
    signal,
  });
  // Whichever side fails first stops the other: a dead upload must not leave the command writing into the void.
  const [ran, stored] = await Promise.allSettled([
    exec.catch((error: unknown) => {
      local.abort();
      throw error;
    }),
    upload.catch((error: unknown) => {
      local.abort();
      throw error;
    }),
  ]);
  if (ran.status === 'rejected') throw ran.reason;
  if (stored.status === 'rejected') throw stored.reason;
  return stored.value;
}

/** Streams the object at `path` into the command's stdin; returns the bytes sent. */
export async function streamFromLocation(
  config: KubeConfig,
  location: Location,
  cmd: PodCommand & { readonly onStdout?: Writable },
  path: string,
): Promise<number> {
  const source = await location.download(path, { signal: cmd.signal });
  try {
    const result = await execInPod(config, {
      ...cmd,
      stdin: source,
      ...(cmd.onStdout ? { stdout: cmd.onStdout } : {}),
      ...(cmd.onStderr ? { stderr: cmd.onStderr } : {}),
    });
    return result.stdinBytes;
  } finally {
    source.destroy();
  }
}
