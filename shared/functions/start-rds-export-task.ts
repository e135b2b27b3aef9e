/**
 * StartRDSExportTask (Holdfast): export an RDS or Aurora cluster snapshot to S3 as Parquet with RDS's own
 * export task (`StartExportTask`), and wait for it through RDS events with a polling fallback. AWS requires a
 * role trusted by `export.rds.amazonaws.com` and a symmetric KMS key; at most five exports run per account.
 */
import type { z } from 'zod';
import { functionArgs, goString, goStringList } from './arg-schemas.js';
import { dbEngineArg, IAM_ROLE_ARN, kmsKeyArg, matching, RDS_SNAPSHOT_ARN, S3_BUCKET } from './aws-args.js';
import { specExec } from './rds/common.js';
import { execStartRDSExportTask } from './rds/start-rds-export-task.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('StartRDSExportTask', {
  /** The snapshot to export, by identifier in the location's region (give this or snapshotArn). */
  snapshotID: goString('the snapshot identifier').optional(),
  /** The snapshot to export, by ARN (give this or snapshotID). */
  snapshotArn: matching('the snapshot ARN', RDS_SNAPSHOT_ARN, 'an RDS snapshot or cluster-snapshot ARN').optional(),
  /** With snapshotID: Aurora engines mean a DB cluster snapshot. */
  dbEngine: dbEngineArg().optional(),
  s3Bucket: matching('the S3 bucket', S3_BUCKET, 'an S3 bucket name'),
  /** Key prefix inside the bucket. Default: none. */
  s3Prefix: goString('the S3 key prefix').optional(),
  iamRoleArn: matching('the export role ARN', IAM_ROLE_ARN, 'an IAM role ARN'),
  kmsKeyID: kmsKeyArg('the KMS key for the exported data'),
  /** `database`, `database.schema` or `database.schema.table` names; default: everything. */
  exportOnly: goStringList('what to export').optional(),
}).superRefine((value, ctx) => {
  if ((value.snapshotID === undefined) === (value.snapshotArn === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [value.snapshotID === undefined ? 'snapshotID' : 'snapshotArn'],
      message: 'give exactly one of snapshotID and snapshotArn',
    });
  }
});
export type StartRDSExportTaskArgs = z.output<typeof args>;

export const startRDSExportTask = {
  name: 'StartRDSExportTask',
  summary: 'Export an RDS or Aurora cluster snapshot to S3 as Parquet (RDS export task) and wait for it.',
  args,
  outputs: ['exportTaskID', 's3Location'],
  needs: ['aws'],
  origin: 'holdfast',
  exec: specExec<StartRDSExportTaskArgs>((call, clients) => execStartRDSExportTask(call, clients)),
} as const satisfies FunctionSpec<typeof args>;
