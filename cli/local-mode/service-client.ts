/**
 * How a holdfast command uses a local-mode service: take a lease (starting the service host when none runs), read
 * its endpoints, and give the lease back when done. The last command to give its lease back stops the host and waits
 * for it, so a command that exits normally leaves nothing running; one that is killed leaves a dead lease, which the
 * host notices within a second.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalHome, ServiceName } from './home.js';
import { isAlive, type ProcessIdentity, selfIdentity, withLock } from './processes.js';
import { liveLeases, type ServiceInfo, serviceInfoSchema } from './service-host.js';

const hostMain = join(dirname(fileURLToPath(import.meta.url)), 'host-main.ts');
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 60_000;

export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
}

export interface ServiceLease {
  readonly endpoints: Readonly<Record<string, string>>;
  release(): Promise<void>;
}

async function readInfo(home: LocalHome, service: ServiceName): Promise<ServiceInfo | undefined> {
  try {
    return serviceInfoSchema.parse(JSON.parse(await readFile(home.serviceFile(service), 'utf8')));
  } catch {
    return undefined;
  }
}

function spawnHost(home: LocalHome, service: ServiceName): void {
  const log = openSync(home.serviceLog(service), 'a');
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const child = spawn(process.execPath, ['--import', tsx, hostMain, '--home', home.root, '--service', service], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
}

async function waitForHost(home: LocalHome, service: ServiceName): Promise<ServiceInfo> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const info = await readInfo(home, service);
    if (info && isAlive(info.host)) return info;
    const error = await readFile(home.serviceError(service), 'utf8').catch(() => undefined);
    if (error !== undefined) throw new ServiceStartError(`the local ${service} did not start: ${error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new ServiceStartError(
    `the local ${service} did not start within ${START_TIMEOUT_MS / 1000}s; see ${home.serviceLog(service)}`,
  );
}

async function waitForExit(who: ProcessIdentity): Promise<void> {
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(who) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

export async function acquireService(home: LocalHome, service: ServiceName): Promise<ServiceLease> {
  const me = selfIdentity();
  // One file per lease, not per process: a process may hold several (a test and the CLI it runs in-process).
  const lease = join(home.leaseDir(service), `${me.pid}-${randomUUID()}.json`);
  const info = await withLock(home.serviceLock(service), async () => {
    await writeFile(lease, JSON.stringify(me));
    const running = await readInfo(home, service);
    if (running && isAlive(running.host)) return running;
    await rm(home.serviceFile(service), { force: true });
    await rm(home.serviceError(service), { force: true });
    spawnHost(home, service);
    return waitForHost(home, service);
  });
  let released = false;
  return {
    endpoints: info.endpoints,
    async release() {
      if (released) return;
      released = true;
      await withLock(home.serviceLock(service), async () => {
        await rm(lease, { force: true });
        if ((await liveLeases(home, service)).length > 0 || !isAlive(info.host)) return;
        try {
          process.kill(info.host.pid, 'SIGTERM');
        } catch {
          return;
        }
        await waitForExit(info.host);
      });
    },
  };
}
