/**
 * StartRDSExportTask's execution: resolve the snapshot (by ARN, or by identifier in the location's region), name the
 * task from the run and phase, start it when an export slot is free and wait for it (shared/aws/rds/export-tasks.ts).
 * Outputs the task identifier and where RDS wrote the Parquet files.
 */

import { describeSnapshot } from '../../aws/rds/describe.js';
import { RdsRunError } from '../../aws/rds/errors.js';
import { exportSnapshot } from '../../aws/rds/export-tasks.js';
import { exportTaskIdentifier } from '../../aws/rds/identifiers.js';
import type { RdsOptions } from '../../aws/rds/session.js';
import type { PhaseCall, PhaseOutput } from '../../blueprint/functions-port.js';
import { arnRegion } from '../aws-args.js';
import type { EdgeClients } from '../ports.js';
import type { StartRDSExportTaskArgs } from '../start-rds-export-task.js';
import { kindOf, withRdsSession } from './common.js';

export function execStartRDSExportTask(
  call: PhaseCall<StartRDSExportTaskArgs>,
  clients: EdgeClients,
  options: RdsOptions = {},
): Promise<PhaseOutput> {
  const { args } = call;
  const arn = args.snapshotArn;
  const kind = arn ? (arn.includes(':cluster-snapshot:') ? 'cluster' : 'instance') : kindOf(args.dbEngine);
  return withRdsSession(call, clients, { region: arnRegion(arn) }, options, async (s) => {
    const snapshotId = arn ? arn.replace(/^.*:(cluster-)?snapshot:/, '') : (args.snapshotID ?? '');
    const snapshot = await describeSnapshot(s, kind, snapshotId);
    if (!snapshot) {
      throw new RdsRunError(
        kind === 'instance' ? 'DBSnapshotNotFound' : 'DBClusterSnapshotNotFound',
        'StartExportTask',
        snapshotId,
        `no such snapshot in ${s.region}`,
        'check snapshotID / snapshotArn and dbEngine',
      );
    }
    const result = await exportSnapshot(s, {
      kind,
      taskId: exportTaskIdentifier(s.scope, snapshot.id),
      snapshotId: snapshot.id,
      snapshotArn: snapshot.arn,
      bucket: args.s3Bucket,
      prefix: args.s3Prefix,
      iamRoleArn: args.iamRoleArn,
      kmsKeyId: args.kmsKeyID,
      exportOnly: args.exportOnly,
    });
    return { exportTaskID: result.taskId, s3Location: result.s3Location };
  });
}
