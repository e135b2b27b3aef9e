/**
 * The role RDS assumes to write S3 (Parquet) exports of Holdfast snapshots: write access under `rds-exports/` of the
 * artifact bucket and use of the deployment key, nothing else. Its name is fixed so policies can name it in
 * `exports.s3.iamRoleArn`.
 */
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export const EXPORT_PREFIX = 'rds-exports/';

export interface RdsExportRoleProps {
  readonly roleName: string;
  readonly bucket: IBucket;
  readonly key: IKey;
}

export class RdsExportRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: RdsExportRoleProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: new ServicePrincipal('export.rds.amazonaws.com'),
      description: 'Holdfast: RDS snapshot exports to the artifact bucket',
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject*', 's3:GetObject*', 's3:DeleteObject*', 's3:ListBucket', 's3:GetBucketLocation'],
        resources: [props.bucket.bucketArn, props.bucket.arnForObjects(`${EXPORT_PREFIX}*`)],
      }),
    );
    // RDS export writes through a grant it creates on the key for this role.
    this.role.addToPolicy(
      new PolicyStatement({
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:CreateGrant',
          'kms:DescribeKey',
          'kms:RetireGrant',
        ],
        resources: [props.key.keyArn],
      }),
    );
  }
}
