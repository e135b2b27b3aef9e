/**
 * `startRdsApi`: the local RDS API server, and the programmatic shortcuts tests and the demo use to set the scene
 * (an instance or cluster that already exists, an automated snapshot taken "by RDS").
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { type NewDb, provisionFresh, registerDb } from './db-ops.js';
import type { DbKind } from './errors.js';
import type { RdsEvent } from './events.js';
import { handleRequest } from './http.js';
import { checkIdentifier, type DbRecord } from './model.js';
import { type RdsApiOptions, resolveOptions } from './options.js';
import { findPgTools } from './postgres.js';
import { Runtime } from './runtime.js';
import { LOCAL_HOST } from './shapes.js';
import { takeSnapshot } from './snapshot-ops.js';

const createDbSchema = z.strictObject({
  id: z.string().min(1),
  region: z.string().min(1).optional(),
  masterUsername: z.string().min(1).default('master'),
  masterPassword: z.string().min(8).default('master-password'),
  dbName: z.string().min(1).optional(),
  vpcSecurityGroupIds: z.array(z.string()).default(['sg-0123456789abcdef0']),
  dbSubnetGroupName: z.string().default('default'),
  allocatedStorage: z.number().int().positive().default(20),
  storageEncrypted: z.boolean().default(false),
  kmsKeyId: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
});
export type CreateDbInput = z.input<typeof createDbSchema>;

/** How to reach a DB created with `createInstance` / `createCluster`. */
export interface DbInfo {
  readonly id: string;
  readonly arn: string;
  readonly region: string;
  readonly host: string;
  readonly port: number;
  readonly masterUsername: string;
  readonly masterPassword: string;
  readonly dbName: string;
}

export interface RdsApi {
  readonly url: string;
  /** Stops serving, every PostgreSQL cluster and pending work; waits for events being delivered. */
  close(): Promise<void>;
  /** A DB instance that is already `available` (no delay, no creation event). */
  createInstance(input: CreateDbInput): Promise<DbInfo>;
  /** An Aurora DB cluster that is already `available` (no delay, no creation event). */
  createCluster(input: CreateDbInput): Promise<DbInfo>;
  /** An automated snapshot (`rds:<id>-<time>`), as RDS takes in the backup window; emits 0090/0091 or 0168/0169. */
  createAutomatedSnapshot(input: { kind?: DbKind; id: string; region?: string }): Promise<{ id: string; arn: string }>;
  /** Every event published so far, in order, including dropped ones. */
  readonly events: readonly RdsEvent[];
  /** Resolves when events published so far have been POSTed. */
  flushEvents(): Promise<void>;
}

async function createAvailable(rt: Runtime, kind: DbKind, input: CreateDbInput): Promise<DbInfo> {
  const p = createDbSchema.parse(input);
  const newDb: NewDb = {
    kind,
    id: checkIdentifier('id', p.id, 63),
    region: p.region ?? rt.options.defaultRegion,
    engine: kind === 'instance' ? 'postgres' : 'aurora-postgresql',
    engineVersion: rt.tools.version,
    masterUsername: p.masterUsername,
    dbName: p.dbName,
    instanceClass: kind === 'instance' ? 'db.t3.micro' : 'db.r6g.large',
    allocatedStorage: p.allocatedStorage,
    securityGroups: p.vpcSecurityGroupIds,
    subnetGroup: p.dbSubnetGroupName,
    storageEncrypted: p.storageEncrypted,
    kmsKeyId: p.kmsKeyId,
    tags: Object.entries(p.tags).map(([Key, Value]) => ({ Key, Value })),
    deletionProtection: false,
  };
  const db: DbRecord = registerDb(rt, newDb);
  try {
    await rt.track(provisionFresh(rt, db, p.masterPassword));
  } catch (err) {
    db.status = 'failed';
    throw err;
  }
  db.status = 'available';
  const port = db.pg?.port ?? 0;
  const { masterUsername, masterPassword } = p;
  return {
    id: db.id,
    arn: db.arn,
    region: db.region,
    host: LOCAL_HOST,
    port,
    masterUsername,
    masterPassword,
    dbName: p.dbName ?? 'postgres',
  };
}

async function createAutomated(rt: Runtime, input: { kind?: DbKind; id: string; region?: string }) {
  const kind = input.kind ?? 'instance';
  const db = rt.store.getDb(kind, input.region ?? rt.options.defaultRegion, input.id);
  const stamp = new Date().toISOString().slice(0, 16).replace(/[T:]/g, '-');
  let id = `rds:${db.id}-${stamp}`;
  for (let n = 2; rt.store.snapshots(kind, db.region).has(id); n++) id = `rds:${db.id}-${stamp}-${n}`;
  const snapshot = await takeSnapshot(rt, db, id, 'automated', db.tags);
  return { id: snapshot.id, arn: snapshot.arn };
}

export async function startRdsApi(options: RdsApiOptions): Promise<RdsApi> {
  const resolved = resolveOptions(options);
  const rt = new Runtime(resolved, await findPgTools(resolved.pgBinDir));
  await rt.prepare();
  const server = createServer((req, res) => void handleRequest(rt, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, LOCAL_HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${LOCAL_HOST}:${port}`,
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await rt.close();
      })();
      return closing;
    },
    createInstance: (input) => createAvailable(rt, 'instance', input),
    createCluster: (input) => createAvailable(rt, 'cluster', input),
    createAutomatedSnapshot: (input) => createAutomated(rt, input),
    events: rt.events.published,
    flushEvents: () => rt.events.flush(),
  };
}
