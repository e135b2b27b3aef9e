import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RdsRunError } from '../../../../shared/aws/rds/errors.js';
import { execStartRDSExportTask } from '../../../../shared/functions/rds/start-rds-export-task.js';
import { startRDSExportTask } from '../../../../shared/functions/start-rds-export-task.js';
import { parseFunctionArgs } from '../../../../shared/functions/types.js';
import { ACCOUNT, awsError, FakeRds } from './fake-rds.js';
import { FAST, phaseCall, rdsClients } from './support.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/rds-export`;
const base = { s3Bucket: 'exports-bucket', iamRoleArn: ROLE, kmsKeyID: 'alias/exports', s3Prefix: 'orders' };
const call = (rendered: Record<string, unknown>) =>
  phaseCall(parseFunctionArgs(startRDSExportTask, { ...base, ...rendered }), { phase: 'export' });

describe('StartRDSExportTask', () => {
  let rds: FakeRds;
  beforeEach(() => {
    rds = new FakeRds();
    rds.addSnapshot({ id: 'orders-snap', sourceDb: 'orders' });
  });
  afterEach(() => rds.restore());

  it('starts the export with the role, key and prefix, waits for COMPLETE, and says where the files are', async () => {
    const out = await execStartRDSExportTask(
      call({ snapshotID: 'orders-snap', exportOnly: ['app.public'] }),
      rdsClients(),
      FAST,
    );
    const start = rds.calls.find((c) => c.command === 'StartExportTask');
    expect(start?.input).toMatchObject({
      SourceArn: `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:orders-snap`,
      S3BucketName: 'exports-bucket',
      S3Prefix: 'orders',
      IamRoleArn: ROLE,
      KmsKeyId: 'alias/exports',
      ExportOnly: ['app.public'],
    });
    expect(rds.exports[0]?.status).toBe('COMPLETE');
    expect(out).toEqual({
      exportTaskID: rds.exports[0]?.id,
      s3Location: `s3://exports-bucket/orders/${rds.exports[0]?.id}/`,
    });
    expect(String(out.exportTaskID).length).toBeLessThanOrEqual(60);
  });

  it('fails with the failure cause when the task fails', async () => {
    rds.ticks = 1;
    const running = execStartRDSExportTask(call({ snapshotID: 'orders-snap' }), rdsClients(), FAST);
    // Make the task fail as soon as it exists.
    rds.onCall = (command) => {
      const task = rds.exports[0];
      if (command === 'DescribeExportTasks' && task) {
        task.status = 'FAILED';
        task.ticks = 0;
        task.failureCause = 'S3 bucket access denied';
      }
    };
    const err = await running.catch((e: unknown) => e);
    expect((err as RdsRunError).code).toBe('ExportFailed');
    expect((err as Error).message).toContain('S3 bucket access denied');
  });

  it('a retried phase adopts the export task its first attempt started', async () => {
    await execStartRDSExportTask(call({ snapshotID: 'orders-snap' }), rdsClients(), FAST);
    await execStartRDSExportTask(call({ snapshotID: 'orders-snap' }), rdsClients(), FAST);
    expect(rds.count('StartExportTask')).toBe(1);
  });

  it('maps a missing export role to what the role needs', async () => {
    rds.fail('StartExportTask', awsError('IamRoleNotFound', 'The IAM role was not found.', 404));
    const err = await execStartRDSExportTask(call({ snapshotID: 'orders-snap' }), rdsClients(), FAST).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toContain('must exist and trust export.rds.amazonaws.com');
  });
});
