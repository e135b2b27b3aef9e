/**
 * Process entry of a local-mode service host (see service-host.ts): `host-main.ts --home DIR --service NAME`.
 * Started detached by the first holdfast command that needs the service; never by hand.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { LocalHome } from './home.js';
import { runServiceHost } from './service-host.js';

const { values } = parseArgs({
  options: { home: { type: 'string' }, service: { type: 'string' } },
  strict: true,
});
const service = z.enum(['stores', 'sandbox']).parse(values.service);
await runServiceHost(new LocalHome(z.string().min(1).parse(values.home)), service);
