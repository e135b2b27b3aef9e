/**
 * The one error class RDS work fails a run with, and the mapping from AWS faults to it: what went wrong, on which
 * resource, and what to do about it. Messages carry identifiers and AWS's own text, never credentials; the phase
 * runner redacts Secret values from them once more.
 */

export class RdsRunError extends Error {
  override readonly name = 'RdsRunError';
  constructor(
    /** RDS's error code without the SDK's `Fault` suffix (`SnapshotQuotaExceeded`), or ours (`SnapshotFailed`). */
    readonly code: string,
    /** The RDS operation, e.g. `CreateDBSnapshot`. */
    readonly operation: string,
    /** The identifier the operation was about. */
    readonly resource: string,
    problem: string,
    /** What the user should do; empty when nothing but a retry helps. */
    readonly advice: string,
    options?: ErrorOptions,
  ) {
    super(`${operation} ${resource}: ${problem}${advice ? `: ${advice}` : ''}`, options);
  }
}

/** RDS's code for an SDK error: the query protocol's `Code`, else the exception name, without `Fault`/`Exception`. */
export function rdsErrorCode(err: unknown): string | undefined {
  if (err instanceof RdsRunError) return err.code;
  if (!(err instanceof Error)) return undefined;
  const code = (err as { Code?: unknown }).Code;
  const raw = typeof code === 'string' && code !== '' ? code : err.name;
  return raw.replace(/(Fault|Exception)$/, '');
}

export const hasRdsCode = (err: unknown, ...codes: readonly string[]): boolean => {
  const code = rdsErrorCode(err);
  return code !== undefined && codes.includes(code);
};

const ADVICE: Readonly<Record<string, string>> = {
  SnapshotQuotaExceeded:
    'expire restore points or delete manual snapshots in this region (or raise the RDS snapshot quota in Service Quotas), then retry',
  InvalidDBInstanceState:
    'the DB instance must be "available" (not stopped, modifying, backing up or being deleted); wait or start it, then retry',
  InvalidDBClusterState: 'the DB cluster must be "available"; wait for it or start it, then retry',
  InvalidDBSnapshotState: 'the snapshot must be "available"; wait for it to finish, then retry',
  InvalidDBClusterSnapshotState: 'the cluster snapshot must be "available"; wait for it to finish, then retry',
  KMSKeyNotAccessible:
    "grant this runtime's role kms:CreateGrant and kms:DescribeKey on the key, check the key is enabled and in the region the request was made in",
  DBSnapshotNotFound:
    'check snapshotID and region; an Aurora snapshot needs dbEngine aurora/aurora-mysql/aurora-postgresql; it may have been deleted or expired',
  DBClusterSnapshotNotFound:
    'check snapshotID and region, and dbEngine (a non-Aurora engine means a DB instance snapshot); it may have been deleted or expired',
  DBInstanceNotFound: 'check instanceID and region; for an Aurora cluster set dbEngine to its Aurora engine',
  DBClusterNotFound: 'check instanceID (the cluster identifier), dbEngine and region',
  DBSnapshotAlreadyExists: 'a snapshot of another DB instance already has this identifier; delete or rename it',
  DBClusterSnapshotAlreadyExists: 'a snapshot of another DB cluster already has this identifier; delete or rename it',
  DBInstanceAlreadyExists: 'another DB instance already has this identifier; delete or rename it',
  ExportTaskAlreadyExists: 'an export task of another snapshot already has this identifier',
  IamRoleNotFound: 'check iamRoleArn: the role must exist and trust export.rds.amazonaws.com',
  IamRoleMissingPermissions:
    'the export role needs s3:PutObject*, s3:GetObject*, s3:ListBucket, s3:DeleteObject* and s3:GetBucketLocation on the bucket',
  InvalidS3Bucket: 'check s3Bucket exists, is in the same region, and the export role may write to it',
  InvalidExportOnly: 'exportOnly takes database, database.schema or database.schema.table names',
  InvalidExportSourceState: 'the snapshot must be "available" before it is exported',
  AccessDenied: "give this runtime's credentials permission for the operation (see credentialsSource), then retry",
  UnrecognizedClient: 'the AWS access key is not valid; check the credentials Secret or the runtime role',
  InvalidClientTokenId: 'the AWS access key is not valid; check the credentials Secret or the runtime role',
  ExpiredToken: 'the AWS session token expired; refresh the credentials Secret',
  Throttling: 'AWS kept throttling after several retries; retry later or run fewer RDS operations at once',
  RequestLimitExceeded: 'AWS kept throttling after several retries; retry later or run fewer RDS operations at once',
};

export interface RdsErrorContext {
  readonly operation: string;
  readonly resource: string;
  readonly region: string;
}

/** Wraps any error from an RDS call in an `RdsRunError` (an `RdsRunError` passes through unchanged). */
export function toRdsRunError(err: unknown, ctx: RdsErrorContext): RdsRunError {
  if (err instanceof RdsRunError) return err;
  const code = rdsErrorCode(err) ?? 'Unknown';
  const message = err instanceof Error ? err.message : String(err);
  const advice = ADVICE[code] ?? '';
  const problem = `${code} in ${ctx.region} (${message.replace(/\.$/, '')})`;
  return new RdsRunError(code, ctx.operation, ctx.resource, problem, advice, { cause: err });
}
