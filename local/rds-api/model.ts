/**
 * In-memory state of the simulated account: per region, DB instances and clusters (each backed by a PostgreSQL
 * cluster), their snapshots (each backed by a physical copy on disk) and export tasks. Also ARNs and identifier rules.
 */
import { randomBytes } from 'node:crypto';
import { type DbKind, faults } from './errors.js';
import type { PgCluster } from './postgres.js';

export interface DbRecord {
  readonly kind: DbKind;
  readonly id: string;
  readonly region: string;
  readonly arn: string;
  /** DbiResourceId / DbClusterResourceId. */
  readonly resourceId: string;
  status: string;
  readonly engine: string;
  readonly engineVersion: string;
  readonly masterUsername: string;
  readonly dbName: string | undefined;
  instanceClass: string;
  allocatedStorage: number;
  securityGroups: string[];
  readonly subnetGroup: string;
  readonly storageEncrypted: boolean;
  readonly kmsKeyId: string | undefined;
  readonly tags: Map<string, string>;
  readonly createdAt: Date;
  deletionProtection: boolean;
  pg: PgCluster | undefined;
}

export interface SnapshotRecord {
  readonly kind: DbKind;
  readonly id: string;
  readonly region: string;
  readonly arn: string;
  readonly type: 'manual' | 'automated';
  status: string;
  readonly createdAt: Date;
  /** When the first snapshot of the chain was taken (kept by copies). */
  readonly originalCreatedAt: Date;
  /** When the current transition started and how long it lasts, for PercentProgress. */
  progress: { readonly since: number; readonly durationMs: number };
  /** Directory holding the physical copy (a pg_basebackup). */
  readonly dir: string;
  readonly encrypted: boolean;
  readonly kmsKeyId: string | undefined;
  readonly tags: Map<string, string>;
  readonly restoreAccounts: Set<string>;
  /** Facts about the source DB at snapshot time. */
  readonly source: {
    readonly id: string;
    readonly resourceId: string;
    readonly engine: string;
    readonly engineVersion: string;
    readonly masterUsername: string;
    readonly dbName: string | undefined;
    readonly port: number;
    readonly allocatedStorage: number;
    readonly createdAt: Date;
  };
  /** Set on copies. */
  readonly copiedFrom: { readonly arn: string; readonly region: string } | undefined;
}

export type ExportStatus = 'STARTING' | 'IN_PROGRESS' | 'COMPLETE' | 'CANCELING' | 'CANCELED' | 'FAILED';

export interface ExportTaskRecord {
  readonly id: string;
  readonly region: string;
  readonly sourceArn: string;
  readonly sourceKind: DbKind;
  readonly snapshotTime: Date;
  readonly bucket: string;
  readonly prefix: string;
  readonly iamRoleArn: string;
  readonly kmsKeyId: string;
  readonly exportOnly: readonly string[];
  status: ExportStatus;
  readonly startedAt: Date;
  endedAt: Date | undefined;
  progress: { readonly since: number; readonly durationMs: number };
  extractedBytes: number;
  failureCause: string | undefined;
}

export type ArnType = 'db' | 'cluster' | 'snapshot' | 'cluster-snapshot';

export interface ParsedArn {
  readonly region: string;
  readonly account: string;
  readonly type: string;
  readonly id: string;
}

/** `arn:aws:rds:<region>:<account>:<type>:<id>`; ids of automated snapshots contain a colon (`rds:db-2026-…`). */
export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'rds') return undefined;
  const [, , , region = '', account = '', type = ''] = parts;
  return { region, account, type, id: parts.slice(6).join(':') };
}

/** The identifier in an ARN, or the identifier itself, lower case. */
export const identifierOf = (idOrArn: string): string => (parseArn(idOrArn)?.id ?? idOrArn).toLowerCase();

export const newResourceId = (prefix: 'db' | 'cluster'): string =>
  `${prefix}-${randomBytes(13)
    .toString('base64url')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, 'X')
    .slice(0, 26)}`;

const IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,254}(?<!-)$/;

/** RDS identifiers are case-insensitive and stored lower case. */
export function checkIdentifier(name: string, value: string, maxLength: number): string {
  const id = value.toLowerCase();
  if (id.length > maxLength || !IDENTIFIER.test(id)) {
    throw faults.invalidParameterValue(
      `The parameter ${name} is not a valid identifier. Identifiers must begin with a letter; must contain only ` +
        'ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.',
    );
  }
  return id;
}

interface RegionState {
  readonly dbs: Record<DbKind, Map<string, DbRecord>>;
  readonly snapshots: Record<DbKind, Map<string, SnapshotRecord>>;
  readonly exports: Map<string, ExportTaskRecord>;
}

export class Store {
  private readonly regions = new Map<string, RegionState>();

  constructor(readonly account: string) {}

  arn(region: string, type: ArnType, id: string): string {
    return `arn:aws:rds:${region}:${this.account}:${type}:${id}`;
  }

  dbs(kind: DbKind, region: string): Map<string, DbRecord> {
    return this.region(region).dbs[kind];
  }

  snapshots(kind: DbKind, region: string): Map<string, SnapshotRecord> {
    return this.region(region).snapshots[kind];
  }

  exports(region: string): Map<string, ExportTaskRecord> {
    return this.region(region).exports;
  }

  allRegions(): string[] {
    return [...this.regions.keys()];
  }

  getDb(kind: DbKind, region: string, idOrArn: string): DbRecord {
    const { region: r, id } = this.resolve(idOrArn, region, kind === 'instance' ? 'db' : 'cluster');
    const db = r === undefined ? undefined : this.dbs(kind, r).get(id);
    if (db === undefined) throw faults.dbNotFound(kind, idOrArn);
    return db;
  }

  /** A snapshot by identifier (in `region`) or by ARN (any simulated region of this account). */
  getSnapshot(kind: DbKind, region: string, idOrArn: string): SnapshotRecord {
    const { region: r, id } = this.resolve(idOrArn, region, kind === 'instance' ? 'snapshot' : 'cluster-snapshot');
    const snapshot = r === undefined ? undefined : this.snapshots(kind, r).get(id);
    if (snapshot === undefined) throw faults.snapshotNotFound(kind, idOrArn);
    return snapshot;
  }

  private resolve(idOrArn: string, region: string, type: ArnType): { region: string | undefined; id: string } {
    if (!idOrArn.startsWith('arn:')) return { region, id: idOrArn.toLowerCase() };
    const arn = parseArn(idOrArn);
    const usable = arn !== undefined && arn.type === type && arn.account === this.account;
    return { region: usable ? arn.region : undefined, id: arn?.id.toLowerCase() ?? '' };
  }

  private region(name: string): RegionState {
    let state = this.regions.get(name);
    if (state === undefined) {
      state = {
        dbs: { instance: new Map(), cluster: new Map() },
        snapshots: { instance: new Map(), cluster: new Map() },
        exports: new Map(),
      };
      this.regions.set(name, state);
    }
    return state;
  }
}

/** `arn:aws:kms:<region>:<account>:key/<id>` for a key id, alias or ARN given by a caller. */
export function kmsKeyArn(keyId: string, region: string, account: string): string {
  if (keyId.startsWith('arn:')) return keyId;
  const resource = keyId.startsWith('alias/') ? keyId : `key/${keyId}`;
  return `arn:aws:kms:${region}:${account}:${resource}`;
}

/** The account's `aws/rds` managed key in a region (a stable made-up id). */
export const defaultKmsKey = (region: string, account: string): string =>
  `arn:aws:kms:${region}:${account}:key/00000000-0000-4000-8000-${Buffer.from(region).toString('hex').padEnd(12, '0').slice(0, 12)}`;
