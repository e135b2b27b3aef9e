/**
 * Which process owns what in local mode: a process is named by its pid AND its start time (read from /proc), so a
 * recycled pid never passes for the process that died; plus a lock file for the few steps two holdfast commands
 * must not interleave (starting a service host, registering with one).
 */
import { readFileSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { z } from 'zod';

export const processIdentitySchema = z.strictObject({ pid: z.number().int().positive(), start: z.string() });
export type ProcessIdentity = z.infer<typeof processIdentitySchema>;

/** The kernel's start time of `pid` in clock ticks since boot (Linux); '' where /proc is not available. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ") "; starttime is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return process.platform === 'linux' ? undefined : '';
  }
}

export function selfIdentity(): ProcessIdentity {
  return { pid: process.pid, start: processStartTime(process.pid) ?? '' };
}

export function isAlive(who: ProcessIdentity): boolean {
  try {
    process.kill(who.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStartTime(who.pid);
  return start === undefined ? false : who.start === '' || start === '' || start === who.start;
}

/** Reads an identity file; undefined when it is missing or unreadable (a torn write counts as dead). */
export async function readIdentity(path: string): Promise<ProcessIdentity | undefined> {
  try {
    return processIdentitySchema.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    return undefined;
  }
}

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

/**
 * Runs `fn` holding `path` as a lock file. A lock left by a dead process is taken over; a live holder is waited for
 * (at most `timeoutMs`).
 */
export async function withLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify(selfIdentity()));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder = await readIdentity(path);
      if (!holder) {
        // Possibly a live holder between creating and writing the file: look again shortly.
        await new Promise((r) => setTimeout(r, 200));
        holder = await readIdentity(path);
      }
      if (!holder || !isAlive(holder)) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new LockTimeoutError(`${path} is held by process ${holder.pid}; wait for it or end it`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
