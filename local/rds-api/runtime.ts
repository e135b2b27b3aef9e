/**
 * What every action shares: the store, the event publisher, the PostgreSQL tools, and the bookkeeping that lets
 * `close()` leave nothing behind — background jobs, simulated delays (cut short on close) and every PostgreSQL
 * cluster ever started.
 */
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RdsApiError, RdsApiSetupError } from './errors.js';
import { buildEvent, type EventName, EventPublisher, type EventSource } from './events.js';
import { Store } from './model.js';
import type { ResolvedOptions } from './options.js';
import { ownedDir, PgCluster, type PgTools, runTool } from './postgres.js';

const AREAS = ['pg', 'snapshots', 'tmp'] as const;

/** Thrown into background jobs whose server is closing; never reported. */
export class RdsApiClosedError extends RdsApiError {}

export class Runtime {
  readonly store: Store;
  readonly events: EventPublisher;
  private readonly jobs = new Set<Promise<void>>();
  private readonly waits = new Set<{ timer: NodeJS.Timeout; reject: (err: Error) => void }>();
  private readonly clusters = new Set<PgCluster>();
  private counter = 0;
  private closed = false;

  constructor(
    readonly options: ResolvedOptions,
    readonly tools: PgTools,
  ) {
    this.store = new Store(options.accountId);
    this.events = new EventPublisher({
      url: options.eventsUrl,
      onEvent: options.onEvent,
      drop: options.dropEvents,
      duplicate: options.duplicateEvents,
      log: options.log,
    });
  }

  emit(name: EventName, source: EventSource): void {
    if (!this.closed) this.events.publish(buildEvent(name, this.options.accountId, source));
  }

  /** Runs work in the background; failures are logged, never thrown at a caller that already got its answer. */
  job(name: string, work: () => Promise<void>): void {
    const run = work().catch((err: unknown) => {
      if (!(err instanceof RdsApiClosedError)) this.options.log(`${name} failed: ${String(err)}`);
    });
    this.jobs.add(run);
    void run.finally(() => this.jobs.delete(run));
  }

  /** Keeps `close()` waiting for a request that is being served. */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.jobs.add(settled);
    void settled.finally(() => this.jobs.delete(settled));
    return work;
  }

  /** A simulated RDS delay; rejects with RdsApiClosedError when the server closes first. */
  delay(ms: number): Promise<void> {
    if (this.closed) return Promise.reject(new RdsApiClosedError('closed'));
    return new Promise((resolve, reject) => {
      const wait = {
        timer: setTimeout(() => {
          this.waits.delete(wait);
          resolve();
        }, ms),
        reject,
      };
      this.waits.add(wait);
    });
  }

  /** Creates the directories PostgreSQL writes to; called once before serving. */
  async prepare(): Promise<void> {
    const { dataDir } = this.options;
    await mkdir(dataDir, { recursive: true });
    // The PostgreSQL user must be able to reach its directories (mkdtemp makes 0700 directories).
    if (this.tools.owner !== undefined) await chmod(dataDir, 0o711);
    for (const area of AREAS) await ownedDir(this.tools, join(dataDir, area));
    await runTool(this.tools, 'test', ['-w', join(dataDir, 'pg')]).catch((err: unknown) => {
      throw new RdsApiSetupError(`the postgres user cannot write to ${dataDir}: check the permissions of its parents`, {
        cause: err,
      });
    });
  }

  /** A fresh path in a directory owned by the PostgreSQL user: `<dataDir>/<area>/<n>-<label>` (not created). */
  newDir(area: (typeof AREAS)[number], label: string): string {
    this.counter += 1;
    return join(this.options.dataDir, area, `${this.counter}-${label.replace(/[^a-z0-9-]/gi, '_')}`);
  }

  async initCluster(label: string, superuser: string, password: string): Promise<PgCluster> {
    return this.started(await PgCluster.initdb(this.tools, this.newDir('pg', label), superuser, password));
  }

  async restoreCluster(label: string, backupDir: string, area: 'pg' | 'tmp' = 'pg'): Promise<PgCluster> {
    return this.started(await PgCluster.fromBackup(this.tools, backupDir, this.newDir(area, label)));
  }

  async stopCluster(cluster: PgCluster): Promise<void> {
    await cluster.stop();
    this.clusters.delete(cluster);
  }

  /** Stops background work and every PostgreSQL cluster, then waits for pending event deliveries. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wait of this.waits) {
      clearTimeout(wait.timer);
      wait.reject(new RdsApiClosedError('closed'));
    }
    this.waits.clear();
    while (this.jobs.size > 0) await Promise.allSettled([...this.jobs]);
    await Promise.allSettled([...this.clusters].map((c) => c.stop()));
    this.clusters.clear();
    await this.events.flush();
  }

  private async started(cluster: PgCluster): Promise<PgCluster> {
    if (this.closed) throw new RdsApiClosedError('closed');
    this.clusters.add(cluster);
    await cluster.start();
    return cluster;
  }
}
