/**
 * Errors of the local RDS API. `RdsFaultError` is what goes on the wire (AWS Query `<ErrorResponse>`); its codes and
 * HTTP statuses are the ones in `@aws-sdk/client-rds`'s schemas (`awsQueryError` traits), so the SDK raises its typed
 * exceptions (`DBSnapshotNotFoundFault`, …). Codes the SDK does not model (`InvalidParameterValue`, …) are the ones
 * RDS itself returns; the SDK raises them as `RDSServiceException` named after the code.
 */

export class RdsApiError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A fault returned to the caller as an RDS error response. */
export class RdsFaultError extends RdsApiError {
  readonly code: string;
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';

  constructor(code: string, message: string, status = 400, type: 'Sender' | 'Receiver' = 'Sender') {
    super(message);
    this.code = code;
    this.status = status;
    this.type = type;
  }
}

/** The server could not be set up (PostgreSQL binaries missing, data dir not usable, …). */
export class RdsApiSetupError extends RdsApiError {}

/** A PostgreSQL tool (initdb, pg_ctl, pg_basebackup, psql) failed. */
export class PostgresCommandError extends RdsApiError {
  readonly command: string;
  readonly stderr: string;

  constructor(command: string, stderr: string, cause?: unknown) {
    super(`${command} failed: ${stderr.trim().split('\n').slice(-3).join(' | ')}`, { cause });
    this.command = command;
    this.stderr = stderr;
  }
}

/** Resource kinds that share snapshot/restore machinery: a DB instance or an Aurora DB cluster. */
export type DbKind = 'instance' | 'cluster';

const byKind = <T>(kind: DbKind, instance: T, cluster: T): T => (kind === 'instance' ? instance : cluster);

export const faults = {
  missingParameter: (name: string) =>
    new RdsFaultError('MissingParameter', `The request must contain the parameter ${name}`),
  invalidParameterValue: (message: string) => new RdsFaultError('InvalidParameterValue', message),
  invalidParameterCombination: (message: string) => new RdsFaultError('InvalidParameterCombination', message),
  invalidAction: (action: string) =>
    new RdsFaultError('InvalidAction', `The action ${action} is not valid for this web service.`),

  dbNotFound: (kind: DbKind, id: string) =>
    byKind(
      kind,
      new RdsFaultError('DBInstanceNotFound', `DBInstance ${id} not found.`, 404),
      new RdsFaultError('DBClusterNotFoundFault', `DBCluster ${id} not found.`, 404),
    ),
  dbAlreadyExists: (kind: DbKind, id: string) =>
    byKind(
      kind,
      new RdsFaultError('DBInstanceAlreadyExists', `DB instance ${id} already exists`),
      new RdsFaultError('DBClusterAlreadyExistsFault', `DB cluster ${id} already exists`),
    ),
  invalidDbState: (kind: DbKind, message: string) =>
    byKind(
      kind,
      new RdsFaultError('InvalidDBInstanceState', message),
      new RdsFaultError('InvalidDBClusterStateFault', message),
    ),
  snapshotNotFound: (kind: DbKind, id: string) =>
    byKind(
      kind,
      new RdsFaultError('DBSnapshotNotFound', `DBSnapshot not found: ${id}`, 404),
      new RdsFaultError('DBClusterSnapshotNotFoundFault', `DBClusterSnapshot not found: ${id}`, 404),
    ),
  snapshotAlreadyExists: (kind: DbKind, id: string) =>
    byKind(
      kind,
      new RdsFaultError(
        'DBSnapshotAlreadyExists',
        `Cannot create the snapshot because a snapshot with the identifier ${id} already exists.`,
      ),
      new RdsFaultError(
        'DBClusterSnapshotAlreadyExistsFault',
        `Cannot create the cluster snapshot because one with the identifier ${id} already exists.`,
      ),
    ),
  invalidSnapshotState: (kind: DbKind, message: string) =>
    byKind(
      kind,
      new RdsFaultError('InvalidDBSnapshotState', message),
      new RdsFaultError('InvalidDBClusterSnapshotStateFault', message),
    ),
  snapshotQuotaExceeded: (message: string) => new RdsFaultError('SnapshotQuotaExceeded', message),
  kmsKeyNotAccessible: (keyId: string) =>
    new RdsFaultError(
      'KMSKeyNotAccessibleFault',
      `The target KMS key [${keyId}] does not exist, is not enabled or you do not have permissions to access it.`,
    ),
  exportTaskNotFound: (id: string) =>
    new RdsFaultError('ExportTaskNotFound', `The export task with the identifier ${id} was not found.`, 404),
  exportTaskAlreadyExists: (id: string) =>
    new RdsFaultError('ExportTaskAlreadyExists', `An export task with the identifier ${id} already exists.`),
  invalidExportTaskState: (message: string) => new RdsFaultError('InvalidExportTaskStateFault', message),
  invalidExportSourceState: (message: string) => new RdsFaultError('InvalidExportSourceState', message),
  // RDS documents the limit of 5 concurrent export tasks but the SDK models no fault for it; this code is ours.
  exportTaskLimit: (limit: number) =>
    new RdsFaultError('ExportTaskLimitReached', `Cannot start more than ${limit} concurrent export tasks.`),
  internal: (message: string) => new RdsFaultError('InternalFailure', message, 500, 'Receiver'),
};
