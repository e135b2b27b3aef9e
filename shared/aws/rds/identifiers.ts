/**
 * Names of what RDS functions create, derived from the run id and the phase (STYLE.md rule 8): a retried step computes
 * the same name and finds what the first attempt created. Every name is a valid RDS identifier — letters, digits and
 * single hyphens, starting with a letter, not ending in a hyphen, within the type's length — and, when the readable
 * form had to be cleaned up or cut, ends in a stable hash of the exact inputs so different inputs never collide.
 */
import { createHash } from 'node:crypto';

/** RDS's length limits. */
export const MAX_LENGTH = {
  snapshot: 255,
  instance: 63,
  /** StartExportTask's identifier (verify: AWS documents no limit in the SDK model; the console allows 60). */
  exportTask: 60,
} as const;

const HASH_LENGTH = 8;

/**
 * Everything Holdfast creates in RDS starts with this, so the stack's IAM policies can be scoped to `holdfast-*`
 * (infra/names.ts) instead of every snapshot in the account.
 */
export const PREFIX = 'holdfast';

const hashOf = (parts: readonly string[]): string =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, HASH_LENGTH);

/** A valid RDS identifier of at most `maxLength` characters from `parts`, readable where possible. */
export function rdsIdentifier(parts: readonly string[], maxLength: number): string {
  const joined = parts.join('-').toLowerCase();
  let id = joined.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(id)) id = id === '' ? 'hf' : `hf-${id}`;
  // RDS ignores case, so only a change beyond lower-casing (or a cut) risks a collision and needs the hash.
  if (id === joined && id.length <= maxLength) return id;
  const head = id.slice(0, maxLength - HASH_LENGTH - 1).replace(/-+$/, '');
  return `${head}-${hashOf(parts)}`;
}

/** Who is creating: the run and the phase (action included: one run may run several actions). */
export interface NamingScope {
  readonly runId: string;
  readonly action: string;
  readonly phase: string;
}

/** The snapshot CreateRDSSnapshot takes of `instanceID` in this phase of this run. */
export const snapshotIdentifier = (scope: NamingScope, instanceID: string): string =>
  rdsIdentifier([PREFIX, instanceID, scope.runId, scope.action, scope.phase], MAX_LENGTH.snapshot);

/** The copy CopyRDSSnapshot makes of `sourceSnapshotID` in `region`. */
export const copyIdentifier = (scope: NamingScope, sourceSnapshotID: string, region: string): string =>
  rdsIdentifier(
    [PREFIX, sourceSnapshotID.replace(/^holdfast-/, ''), 'copy', region, scope.runId, scope.action, scope.phase],
    MAX_LENGTH.snapshot,
  );

/** The export task StartRDSExportTask starts for `snapshotID`. */
export const exportTaskIdentifier = (scope: NamingScope, snapshotID: string): string =>
  rdsIdentifier(
    [PREFIX, snapshotID.replace(/^holdfast-/, ''), 'export', scope.runId, scope.action, scope.phase],
    MAX_LENGTH.exportTask,
  );

/** The temporary instance ExportRDSSnapshotToLocation restores `instanceID`'s snapshot into. */
export const temporaryInstanceIdentifier = (scope: NamingScope, instanceID: string): string =>
  rdsIdentifier([PREFIX, instanceID, 'dump', scope.runId, scope.action, scope.phase], MAX_LENGTH.instance);

/**
 * The dump object's name (Kanister: `backup-<random>.tar.gz`); stable so a retried dump overwrites, not adds. The
 * object is gzip-compressed plain SQL (one `pg_dump -C` per database), not a tar.
 */
export const dumpBackupID = (scope: NamingScope, snapshotID: string): string =>
  `backup-${hashOf([snapshotID, scope.runId, scope.action, scope.phase])}.sql.gz`;

/** The task pod that runs `pg_dump` / `psql` for this phase (a DNS label). */
export const dumpTaskName = (scope: NamingScope, what: string): string =>
  `rds-dump-${hashOf([what, scope.runId, scope.action, scope.phase])}`;

/** The run-and-phase tag value a restore leaves on what it created, so a retried restore recognises its work. */
export const restoreMarker = (scope: NamingScope, snapshotID: string): string =>
  `${hashOf([snapshotID, scope.runId, scope.action, scope.phase])}`;
