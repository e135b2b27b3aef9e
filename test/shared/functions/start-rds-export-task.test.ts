import { describe, expect, it } from 'vitest';
import { startRDSExportTask } from '../../../shared/functions/start-rds-export-task.js';
import { parsed, problemsOf } from './parse-helpers.js';

const base = {
  s3Bucket: 'exports.example',
  iamRoleArn: 'arn:aws:iam::111122223333:role/rds-export',
  kmsKeyID: 'alias/rds-export',
};

describe('StartRDSExportTask args', () => {
  it('takes the snapshot by id or by ARN, and what to export as a list', () => {
    expect(parsed(startRDSExportTask, { ...base, snapshotID: 'db-snap', exportOnly: 'app.public.orders' })).toEqual({
      ...base,
      snapshotID: 'db-snap',
      exportOnly: ['app.public.orders'],
    });
    expect(
      problemsOf(startRDSExportTask, {
        ...base,
        snapshotArn: 'arn:aws:rds:eu-west-1:111122223333:cluster-snapshot:db-snap',
      }),
    ).toEqual([]);
  });

  it('needs exactly one of snapshotID and snapshotArn', () => {
    expect(problemsOf(startRDSExportTask, base)).toEqual([
      'snapshotID: give exactly one of snapshotID and snapshotArn',
    ]);
    expect(
      problemsOf(startRDSExportTask, {
        ...base,
        snapshotID: 'db-snap',
        snapshotArn: 'arn:aws:rds:eu-west-1:111122223333:snapshot:db-snap',
      }),
    ).toEqual(['snapshotArn: give exactly one of snapshotID and snapshotArn']);
  });

  it('checks the role ARN and bucket name', () => {
    expect(problemsOf(startRDSExportTask, { ...base, snapshotID: 's', iamRoleArn: 'rds-export' })).toEqual([
      'iamRoleArn: "rds-export" is not an IAM role ARN',
    ]);
    expect(problemsOf(startRDSExportTask, { ...base, snapshotID: 's', s3Bucket: 'Exports' })).toEqual([
      's3Bucket: "Exports" is not an S3 bucket name',
    ]);
  });
});
