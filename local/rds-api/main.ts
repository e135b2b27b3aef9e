/**
 * CLI: `npx tsx local/rds-api/main.ts --port N --data-dir D [--events-url URL] [--delays creating=2s,copying=3s]
 * [--quotas manualSnapshots=3] [--drop-events all|RDS-EVENT-0042,…] [--duplicate-events …] [--default-region R]
 * [--export-dir D]`. Prints `{"url":"http://127.0.0.1:N"}` once serving; SIGTERM/SIGINT stop every PostgreSQL it
 * started, then exit.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseDelays, parseQuotas } from './options.js';
import { startRdsApi } from './server.js';

const USAGE =
  'usage: main.ts --data-dir DIR [--port N] [--events-url URL] [--delays name=2s,…] [--quotas name=N,…] ' +
  '[--drop-events all|ID,…] [--duplicate-events all|ID,…] [--default-region REGION] [--export-dir DIR]';

const selector = (text: string | undefined) =>
  text === undefined ? undefined : text === 'all' ? ('all' as const) : text.split(',').map((s) => s.trim());

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'events-url': { type: 'string' },
      delays: { type: 'string' },
      quotas: { type: 'string' },
      'drop-events': { type: 'string' },
      'duplicate-events': { type: 'string' },
      'default-region': { type: 'string' },
      'export-dir': { type: 'string' },
    },
    strict: true,
  });
  const dataDir = values['data-dir'];
  if (dataDir === undefined) throw new Error(`--data-dir is required\n${USAGE}`);
  const api = await startRdsApi({
    port: z.coerce.number().int().parse(values.port),
    dataDir,
    eventsUrl: values['events-url'],
    delays: values.delays === undefined ? {} : parseDelays(values.delays),
    quotas: values.quotas === undefined ? {} : parseQuotas(values.quotas),
    dropEvents: selector(values['drop-events']),
    duplicateEvents: selector(values['duplicate-events']),
    ...(values['default-region'] === undefined ? {} : { defaultRegion: values['default-region'] }),
    exportDir: values['export-dir'],
  });
  process.stdout.write(`${JSON.stringify({ url: api.url })}\n`);
  // A signal may arrive twice (a process-group kill plus tsx relaying it): keep handling it; close() runs once.
  const stop = () => {
    void api.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
