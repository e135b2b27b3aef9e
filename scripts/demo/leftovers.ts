/**
 * What is still running from a directory: processes whose command line or working directory lies below it. How
 * the demo (and the tests) check that they leave nothing behind.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export function processesUnder(dirs: readonly string[]): { pid: number; command: string }[] {
  const out: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // Not ours to read, or gone.
      }
      if (dirs.some((d) => command.includes(d) || cwd.startsWith(d))) out.push({ pid, command });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** Waits (a little) for processes under `dirs` to end; returns those still there. */
export async function settleProcesses(dirs: readonly string[], timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let left = processesUnder(dirs);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    left = processesUnder(dirs);
  }
  return left;
}
