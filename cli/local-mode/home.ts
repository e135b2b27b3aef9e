/**
 * Where local mode keeps its state: `$HOLDFAST_HOME`, else `.holdfast/` in the working directory. Everything a
 * local run persists (the embedded DynamoDB's tables, the s3rver bucket, the sandbox cluster's objects, run owners)
 * and every running service's address lives below it.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type ServiceName = 'stores' | 'sandbox';

export class LocalHome {
  readonly root: string;

  constructor(root?: string) {
    this.root = resolve(root ?? process.env.HOLDFAST_HOME ?? join(process.cwd(), '.holdfast'));
  }

  /** Creates (if needed) and returns a directory below the home. */
  dir(...parts: string[]): string {
    const path = join(this.root, ...parts);
    mkdirSync(path, { recursive: true });
    return path;
  }

  /** The address file a running service host writes. */
  serviceFile(service: ServiceName): string {
    return join(this.dir('run'), `${service}.json`);
  }

  serviceLock(service: ServiceName): string {
    return join(this.dir('run'), `${service}.lock`);
  }

  serviceLog(service: ServiceName): string {
    return join(this.dir('run'), `${service}.log`);
  }

  /** Why a host failed to start, for the command that started it. */
  serviceError(service: ServiceName): string {
    return join(this.dir('run'), `${service}.error`);
  }

  /** One file per process using the service; the host stops when none is alive. */
  leaseDir(service: ServiceName): string {
    return this.dir('run', `${service}.clients`);
  }

  /** Who runs a run (for the watchdog): `runs/<run id>.json`. */
  runOwnerFile(runId: string): string {
    return join(this.dir('runs'), `${encodeURIComponent(runId)}.json`);
  }
}
