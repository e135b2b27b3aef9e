/**
 * The service host: one background process per service (`stores`: DynamoDB Local + s3rver; `sandbox`: the local
 * Kubernetes and RDS APIs) shared by every holdfast command of one home. It writes its address file once serving,
 * and stops — services first, then itself — as soon as no process holding a lease on it is alive: the last command
 * exiting, or being killed outright, leaves nothing running.
 */
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { LocalHome, ServiceName } from './home.js';
import {
  isAlive,
  type ProcessIdentity,
  processIdentitySchema,
  readIdentity,
  selfIdentity,
  withLock,
} from './processes.js';
import { startSandbox } from './sandbox.js';
import { startStores } from './stores.js';

/** A new host waits this long for its first client before it may stop. */
const STARTUP_GRACE_MS = 5000;
const CHECK_INTERVAL_MS = 500;

export const serviceInfoSchema = z.strictObject({
  host: processIdentitySchema,
  service: z.enum(['stores', 'sandbox']),
  endpoints: z.record(z.string(), z.string()),
  startedAt: z.string(),
});
export type ServiceInfo = z.infer<typeof serviceInfoSchema>;

/** Live leases on the service; leases of dead processes are removed on the way. */
export async function liveLeases(home: LocalHome, service: ServiceName): Promise<ProcessIdentity[]> {
  const dir = home.leaseDir(service);
  const live: ProcessIdentity[] = [];
  for (const name of await readdir(dir)) {
    const who = await readIdentity(join(dir, name));
    if (who && isAlive(who)) live.push(who);
    else await rm(join(dir, name), { force: true });
  }
  return live;
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2));
  await rename(tmp, path);
}

async function start(home: LocalHome, service: ServiceName, log: string[]) {
  return service === 'stores' ? startStores(home) : startSandbox(home, log);
}

export async function runServiceHost(home: LocalHome, service: ServiceName): Promise<void> {
  const log: string[] = [];
  let running: Awaited<ReturnType<typeof start>>;
  try {
    running = await start(home, service, log);
  } catch (err) {
    await writeFile(home.serviceError(service), err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
  const startedAt = Date.now();
  await writeJsonAtomic(home.serviceFile(service), {
    host: selfIdentity(),
    service,
    endpoints: { ...running.endpoints },
    startedAt: new Date(startedAt).toISOString(),
  } satisfies ServiceInfo);

  let stopping = false;
  const stop = async () => {
    await rm(home.serviceFile(service), { force: true });
    await running.stop();
  };
  // A SIGTERM comes from the last client, which holds the lock while it waits for us: stop without it.
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    void stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const timer = setInterval(() => {
    if (stopping || Date.now() - startedAt < STARTUP_GRACE_MS) return;
    void withLock(home.serviceLock(service), async () => {
      if (stopping || (await liveLeases(home, service)).length > 0) return false;
      stopping = true;
      clearInterval(timer);
      await stop();
      return true;
    }).then(
      (stopped) => stopped && process.exit(0),
      (err: unknown) => process.stderr.write(`service host: ${String(err)}\n`),
    );
  }, CHECK_INTERVAL_MS);
}
