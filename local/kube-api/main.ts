// CLI entry point: `npx tsx local/kube-api/main.ts --port N [--state-dir D]`. Prints one JSON line
// `{"url": "http://127.0.0.1:N"}` when ready and shuts down cleanly (every child process stopped) on
// SIGTERM or SIGINT, or when its parent process goes away.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type KubeApiOptions, optionsFromEnv } from './options.js';
import { startKubeApi } from './server.js';

const integer = z.coerce.number().int().min(0);

function optionsFromArgs(argv: string[]): KubeApiOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'state-dir': { type: 'string' },
      token: { type: 'string' },
      'snapshot-creation-delay-ms': { type: 'string' },
      'snapshot-ready-delay-ms': { type: 'string' },
      'image-commands': { type: 'string' },
      'image-path': { type: 'string' },
    },
    strict: true,
  });
  const out: KubeApiOptions = {};
  if (values.port !== undefined) out.port = integer.parse(values.port);
  if (values['state-dir'] !== undefined) out.stateDir = values['state-dir'];
  if (values.token !== undefined) out.token = values.token;
  if (values['snapshot-creation-delay-ms'] !== undefined) {
    out.snapshotCreationDelayMs = integer.parse(values['snapshot-creation-delay-ms']);
  }
  if (values['snapshot-ready-delay-ms'] !== undefined) {
    out.snapshotReadyDelayMs = integer.parse(values['snapshot-ready-delay-ms']);
  }
  if (values['image-commands'] !== undefined) {
    out.imageCommands = z.record(z.string(), z.array(z.string())).parse(JSON.parse(values['image-commands']));
  }
  if (values['image-path'] !== undefined) {
    out.imagePath = z.record(z.string(), z.array(z.string())).parse(JSON.parse(values['image-path']));
  }
  return out;
}

/** Parent pid of `pid` from /proc (Linux); undefined where that is not available. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const api = await startKubeApi({ ...optionsFromEnv(process.env), ...optionsFromArgs(process.argv.slice(2)) });
  process.stdout.write(`${JSON.stringify({ url: api.url })}\n`);
  const stop = (): void => {
    api.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // Whoever started us is gone (a killed test worker, an `npx` killed without its children): do
  // not linger as an orphan. `npx tsx` puts two launcher processes above us, hence the grandparent.
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  setInterval(() => {
    const orphaned =
      process.ppid !== parent || (grandparent !== undefined && grandparent !== 1 && parentOf(parent) !== grandparent);
    if (orphaned) stop();
  }, 1000).unref();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
