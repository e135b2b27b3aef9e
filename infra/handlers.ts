/**
 * The Lambda handlers, declared once: entry file, durable or not, timeout, memory, folders bundled beside the code,
 * and what each may touch. The agents stack builds every function, role, alias, DLQ and environment variable from
 * this list, and the tests read it to know which role may do what. Adding a permission means adding it here.
 *
 * Environment each need produces (the handlers read these names):
 * - always: `HOLDFAST_NAME`, `POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_METRICS_NAMESPACE`, `NODE_OPTIONS`
 * - table: `HOLDFAST_TABLE_NAME` · bus: `HOLDFAST_EVENT_BUS_NAME` · artifacts: `HOLDFAST_BUCKET_NAME`,
 *   `HOLDFAST_LOCATIONS` (JSON `{name: {bucket, prefix, region}}`), `HOLDFAST_KMS_KEY_ARN`
 * - cluster: `HOLDFAST_CLUSTERS` (JSON `[{name, region, namespaces}]`)
 * - invokes: `HOLDFAST_<NAME>_FUNCTION` (the `live` alias ARN, e.g. `HOLDFAST_BACKUP_RUN_FUNCTION`)
 * - rds export: `HOLDFAST_RDS_EXPORT_ROLE_ARN` · rds copy: `HOLDFAST_DESTINATIONS` (JSON `[{region, kmsKeyId}]`)
 * - bundled folders: `HOLDFAST_POLICIES_DIR`, `HOLDFAST_BLUEPRINTS_DIR` (absolute paths inside the function)
 */

export type HandlerName =
  | 'trigger'
  | 'invoke'
  | 'backup-run'
  | 'restore-run'
  | 'delete-run'
  | 'rds-events'
  | 'watchdog'
  | 'retention'
  | 'notify';

/** What a role may do with RDS; each maps to actions scoped to configured databases and `holdfast-*` names. */
export type RdsCapability =
  | 'snapshot' // create instance/cluster snapshots of configured databases
  | 'copy' // copy holdfast-* snapshots to destination regions (KMS re-encrypt)
  | 'export' // S3 Parquet export of holdfast-* snapshots; pass the export role
  | 'temporary-instance' // ExportRDSSnapshotToLocation: restore a holdfast-* instance, dump it, delete it
  | 'restore' // restore configured databases (or holdfast-* ones) from holdfast-* snapshots
  | 'delete'; // delete holdfast-* snapshots and copies

export interface HandlerNeeds {
  readonly table?: 'read' | 'write';
  /** PutEvents on the Holdfast bus. */
  readonly bus?: boolean;
  /** Artifact bucket and configured locations; `delete` includes read and write. */
  readonly artifacts?: 'read' | 'write' | 'delete';
  /** EKS: `eks:DescribeCluster` on configured clusters and an access entry (reader: list/get; runner: hooks). */
  readonly cluster?: 'reader' | 'runner';
  readonly rds?: readonly RdsCapability[];
  /** Handlers this one invokes, always through their `live` alias. */
  readonly invokes?: readonly HandlerName[];
  /** Completes durable callbacks (`lambda:SendDurableExecutionCallback*`) of the durable handlers. */
  readonly durableCallbacks?: boolean;
  /** Reads durable executions of the durable handlers (watchdog reconciliation). */
  readonly durableExecutions?: boolean;
  /** Reads the configured notification secrets (Secrets Manager / SSM). */
  readonly secrets?: boolean;
}

export interface HandlerSpec {
  readonly name: HandlerName;
  /** Entry file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** Durable execution settings; durable handlers are invoked only through their `live` alias. */
  readonly durable?: { readonly executionTimeoutHours: number; readonly retentionDays: number };
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Invoked asynchronously (schedules, rules, Event invokes): gets a DLQ. */
  readonly async: boolean;
  /** Repository folders copied next to the bundle (the config's policies / blueprints folders). */
  readonly bundles?: readonly ('policies' | 'blueprints')[];
  readonly needs: HandlerNeeds;
}

const durableRun = { executionTimeoutHours: 24 * 7, retentionDays: 30 } as const;

export const handlers: readonly HandlerSpec[] = [
  {
    name: 'trigger',
    entry: 'functions/trigger.ts',
    description: 'Starts one backup run per subject of a policy schedule or event pattern',
    timeoutSeconds: 300,
    memoryMb: 512,
    async: true,
    bundles: ['policies'],
    needs: { table: 'write', bus: true, cluster: 'reader', invokes: ['backup-run'] },
  },
  {
    name: 'invoke',
    entry: 'functions/invoke.ts',
    description: 'On-demand backup, restore, list, status and validate from the console or CLI',
    timeoutSeconds: 60,
    memoryMb: 512,
    async: false,
    bundles: ['policies', 'blueprints'],
    needs: { table: 'write', bus: true, cluster: 'reader', invokes: ['backup-run', 'restore-run'] },
  },
  {
    name: 'backup-run',
    entry: 'functions/backup-run.ts',
    description: 'Durable backup run: quiesce, capture, unquiesce, export, record',
    durable: durableRun,
    timeoutSeconds: 900,
    memoryMb: 1024,
    async: true,
    bundles: ['blueprints'],
    needs: {
      table: 'write',
      bus: true,
      artifacts: 'write',
      cluster: 'runner',
      rds: ['snapshot', 'copy', 'export', 'temporary-instance'],
    },
  },
  {
    name: 'restore-run',
    entry: 'functions/restore-run.ts',
    description: 'Durable restore run: databases, manifests, blueprint restore action',
    durable: durableRun,
    timeoutSeconds: 900,
    memoryMb: 1024,
    async: true,
    bundles: ['blueprints'],
    needs: { table: 'write', bus: true, artifacts: 'read', cluster: 'runner', rds: ['restore'] },
  },
  {
    name: 'delete-run',
    entry: 'functions/delete-run.ts',
    description: 'Durable deletion of an expired restore point: snapshots, copies, objects, blueprint delete action',
    durable: durableRun,
    timeoutSeconds: 900,
    memoryMb: 512,
    async: true,
    bundles: ['blueprints'],
    needs: { table: 'write', bus: true, artifacts: 'delete', cluster: 'runner', rds: ['delete'] },
  },
  {
    name: 'rds-events',
    entry: 'functions/rds-events.ts',
    description: 'Completes the durable callbacks waiting on aws.rds snapshot, copy and export events',
    timeoutSeconds: 60,
    memoryMb: 256,
    async: true,
    needs: { table: 'write', durableCallbacks: true },
  },
  {
    name: 'watchdog',
    entry: 'functions/watchdog.ts',
    description: 'Every minute: runs overdue posthooks of quiesce markers, reconciles runs with their executions',
    timeoutSeconds: 120,
    memoryMb: 512,
    async: true,
    bundles: ['blueprints'],
    needs: { table: 'write', bus: true, cluster: 'runner', durableExecutions: true },
  },
  {
    name: 'retention',
    entry: 'functions/retention.ts',
    description: 'Daily: expires restore points by GFS counts and starts their deletion runs',
    timeoutSeconds: 900,
    memoryMb: 512,
    async: true,
    bundles: ['policies'],
    needs: { table: 'write', bus: true, invokes: ['delete-run'] },
  },
  {
    name: 'notify',
    entry: 'functions/notify.ts',
    description: 'Run events to Slack and signed webhooks',
    timeoutSeconds: 120,
    memoryMb: 256,
    async: true,
    needs: { secrets: true },
  },
];

export function handlerSpec(name: HandlerName): HandlerSpec {
  const spec = handlers.find((h) => h.name === name);
  if (!spec) throw new Error(`no handler named ${name} in infra/handlers.ts`);
  return spec;
}

/** `backup-run` → `HOLDFAST_BACKUP_RUN_FUNCTION`: where a caller finds the alias ARN of a handler it invokes. */
export function functionEnvName(name: HandlerName): string {
  return `HOLDFAST_${name.toUpperCase().replaceAll('-', '_')}_FUNCTION`;
}

/** Roles that may create KMS grants: RDS needs them to encrypt copies, exports and restored databases. */
export function needsKmsGrants(spec: HandlerSpec): boolean {
  return (spec.needs.rds ?? []).some((c) => c !== 'snapshot' && c !== 'delete');
}
