/**
 * The Kubernetes half of Kanister's PostgreSQL dump paths (ExportRDSSnapshotToLocation's `pg_dump`, RestoreRDSSnapshot
 * without a snapshot): a task pod that reaches the database and streams between it and the location, so neither
 * database nor storage credentials end up in the cluster beyond the pod's own environment. The RDS side (temporary
 * instance, endpoint, cleanup) is in the function files; the Kubernetes edge implements this interface.
 */
import type { EdgeClients } from '../ports.js';
import { kubeDumpRunner } from './kube-dump-runner.js';

export interface PostgresTarget {
  readonly namespace: string;
  /** Name of the task pod (and its credentials Secret), derived from the run and phase: a retry adopts it. */
  readonly taskName: string;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly podAnnotations?: Readonly<Record<string, string>>;
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
}

export interface PostgresDumpRequest extends PostgresTarget {
  /** Undefined: every database except template0 and rdsadmin (Kanister). */
  readonly databases?: readonly string[];
  /** Location key of the dump: `<backupArtifactPrefix>/<backupID>`. */
  readonly path: string;
}

export interface PostgresRestoreRequest extends PostgresTarget {
  readonly path: string;
}

export interface StoredDump {
  readonly path: string;
  readonly size?: number;
  readonly sha256?: string;
}

export interface PostgresDumpRunner {
  dump(req: PostgresDumpRequest): Promise<StoredDump>;
  restore(req: PostgresRestoreRequest): Promise<void>;
}

/** Builds the runner from the runtime's clients; undefined when this build or runtime has none. */
export type DumpRunnerFactory = (clients: EdgeClients) => PostgresDumpRunner | undefined;

export class DumpRunnerMissingError extends Error {
  override readonly name = 'DumpRunnerMissingError';
  constructor(functionName: string) {
    super(
      `${functionName} streams a PostgreSQL dump through a Kubernetes task pod, and this runtime has no such runner: ` +
        'give it a cluster connection and a location, or use snapshots (CreateRDSSnapshot / RestoreRDSSnapshot with snapshotID)',
    );
  }
}

/**
 * The runner this build uses: a task pod in the runtime's cluster streaming to and from its location. Without a
 * cluster connection or a location, dump paths fail with `DumpRunnerMissingError` before touching RDS.
 */
export const defaultDumpRunner: DumpRunnerFactory = (clients) =>
  clients.kube && clients.location ? kubeDumpRunner(clients.kube, clients.location) : undefined;
