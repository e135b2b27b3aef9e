/**
 * Options of the local RDS API (programmatic and CLI), validated with zod, with the simulated delays and the quotas
 * RDS enforces (overridable so tests stay fast).
 */
import { z } from 'zod';
import type { RdsEvent } from './events.js';

/** How long each simulated RDS transition takes, in milliseconds. The data work itself is never delayed. */
export const DEFAULT_DELAYS = {
  /** DB instance / cluster `creating` → `available` after CreateDBInstance / CreateDBCluster. */
  provisioning: 2000,
  /** Restored instance / cluster `creating` → `available`. */
  restoring: 3000,
  /** Snapshot `creating` → `available` (the copy is taken when the call is made). */
  creating: 2000,
  /** Snapshot copy `pending`/`creating`/`copying` → `available`. */
  copying: 3000,
  /** Instance / cluster `deleting` → gone. */
  deleting: 1000,
  /** Export task `STARTING` → `IN_PROGRESS`. */
  exportStarting: 2000,
  /** Minimum time an export task stays `IN_PROGRESS`. */
  exportRunning: 2000,
  /** Export task `CANCELING` → `CANCELED`. */
  canceling: 1000,
};
export type Delays = Record<keyof typeof DEFAULT_DELAYS, number>;

/** The limits RDS enforces, overridable so tests reach them quickly. */
export const DEFAULT_QUOTAS = {
  /** Manual DB snapshots per region (RDS: 100). */
  manualSnapshots: 100,
  /** Manual DB cluster snapshots per region (RDS: 100). */
  manualClusterSnapshots: 100,
  /** DB snapshot copies in progress per destination region (RDS: 20). */
  concurrentCopies: 20,
  /** DB cluster snapshot copies in progress per destination region (Aurora: 5). */
  concurrentClusterCopies: 5,
  /** Export tasks in progress per account (RDS: 5). */
  concurrentExports: 5,
};
export type Quotas = Record<keyof typeof DEFAULT_QUOTAS, number>;

const partialOf = <K extends string>(defaults: Record<K, number>, value: z.ZodNumber) =>
  z.strictObject(
    Object.fromEntries(Object.keys(defaults).map((k) => [k, value.optional()])) as Record<
      K,
      z.ZodOptional<z.ZodNumber>
    >,
  );

export const delaysSchema = partialOf(DEFAULT_DELAYS, z.number().int().nonnegative());
export const quotasSchema = partialOf(DEFAULT_QUOTAS, z.number().int().positive());

const eventSelector = z.union([
  z.literal('all'),
  z.array(z.string()),
  z.custom<(event: RdsEvent) => boolean>((v) => typeof v === 'function'),
]);
export type EventSelector = z.infer<typeof eventSelector>;

export const optionsSchema = z.strictObject({
  /** Port to listen on (127.0.0.1 only); 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(0),
  /** Holds the PostgreSQL clusters, snapshot copies and (by default) exported files. */
  dataDir: z.string().min(1),
  /** Exported files go to `<exportDir>/<bucket>/<prefix>/<task>/…`. Default `<dataDir>/s3`. */
  exportDir: z.string().min(1).optional(),
  /** Replaces writing exported objects to `exportDir` (e.g. to put them into a local S3 emulator). */
  exportSink: z
    .custom<(bucket: string, key: string, body: Buffer) => Promise<void>>((v) => typeof v === 'function')
    .optional(),
  accountId: z
    .string()
    .regex(/^\d{12}$/)
    .default('123456789012'),
  /** Region used when a request carries no SigV4 credential scope. */
  defaultRegion: z.string().min(1).default('us-east-1'),
  /** Each event is POSTed as JSON to this URL, in order. */
  eventsUrl: z.url().optional(),
  /** Called with each event that is delivered (after drop / duplicate are applied). */
  onEvent: z.custom<(event: RdsEvent) => void>((v) => typeof v === 'function').optional(),
  /** Events to drop: `'all'`, a list of EventIDs (`RDS-EVENT-0042`) or a predicate. Simulates best-effort delivery. */
  dropEvents: eventSelector.optional(),
  /** Events to deliver twice. */
  duplicateEvents: eventSelector.optional(),
  /** KMS key ids or ARNs that callers may not use (`KMSKeyNotAccessibleFault`). */
  inaccessibleKmsKeys: z.array(z.string()).default([]),
  delays: delaysSchema.default({}),
  quotas: quotasSchema.default({}),
  /** Directory with initdb, pg_ctl, pg_basebackup, psql. Default: the first that has them of /usr/lib/postgresql/15/bin, /usr/local/bin. */
  pgBinDir: z.string().optional(),
  /** Where diagnostics go (PostgreSQL failures, event delivery failures). Default stderr. */
  log: z.custom<(line: string) => void>((v) => typeof v === 'function').optional(),
});
export type RdsApiOptions = z.input<typeof optionsSchema>;

export interface ResolvedOptions extends Omit<z.output<typeof optionsSchema>, 'delays' | 'quotas'> {
  readonly delays: Delays;
  readonly quotas: Quotas;
  readonly exportDir: string;
  readonly log: (line: string) => void;
}

const stripUndefined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function resolveOptions(input: RdsApiOptions): ResolvedOptions {
  const parsed = optionsSchema.parse(input);
  return {
    ...parsed,
    delays: { ...DEFAULT_DELAYS, ...stripUndefined(parsed.delays) },
    quotas: { ...DEFAULT_QUOTAS, ...stripUndefined(parsed.quotas) },
    exportDir: parsed.exportDir ?? `${parsed.dataDir}/s3`,
    log: parsed.log ?? ((line) => process.stderr.write(`[rds-api] ${line}\n`)),
  };
}

/** `1500`, `500ms`, `2s`, `1m` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new z.ZodError([{ code: 'custom', path: [], message: `invalid duration "${text}"`, input: text }]);
  const unit = match[2] ?? 'ms';
  const factor = unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1;
  return Math.round(Number(match[1]) * factor);
}

/** `creating=2s,export-running=500ms` → `{ creating: 2000, exportRunning: 500 }` (kebab or camel case names). */
export function parseDelays(text: string): Partial<Delays> {
  const out: Record<string, number> = {};
  for (const pair of text.split(',').filter((p) => p.trim() !== '')) {
    const [name = '', value = ''] = pair.split('=');
    const key = name.trim().replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    out[key] = parseDuration(value);
  }
  return stripUndefined(delaysSchema.parse(out)) as Partial<Delays>;
}

/** `manualSnapshots=3,concurrentCopies=1` → `{ manualSnapshots: 3, concurrentCopies: 1 }`. */
export function parseQuotas(text: string): Partial<Quotas> {
  const pairs = text.split(',').filter((p) => p.trim() !== '');
  const out = Object.fromEntries(pairs.map((p) => [p.split('=')[0]?.trim() ?? '', Number(p.split('=')[1])]));
  return stripUndefined(quotasSchema.parse(out)) as Partial<Quotas>;
}

export function selects(selector: EventSelector | undefined, event: RdsEvent): boolean {
  if (selector === undefined) return false;
  if (selector === 'all') return true;
  if (typeof selector === 'function') return selector(event);
  return selector.includes(event.detail.EventID);
}
