/**
 * The artifact bucket (the default location: manifests, dumps, exports) and its replication to one bucket per
 * destination region. Optional S3 Object Lock default retention makes restore points immutable; it can only be set
 * when the bucket is created. Replica buckets live in the region stacks under fixed names, so this stack names them
 * without a cross-region reference; the region stacks deploy first.
 */
import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Bucket, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { HoldfastConfig } from '../config.js';
import { accessLogBucket, artifactBucketProps, secureBucketProps } from './secure-bucket.js';

export interface ReplicaTarget {
  readonly region: string;
  readonly bucketName: string;
  /** The configured key, or undefined when the region stack created one (then named by its alias). */
  readonly kmsKeyArn?: string;
}

export interface ArtifactBucketProps {
  readonly bucketName: string;
  readonly key: IKey;
  readonly removalPolicy: RemovalPolicy;
  readonly artifacts: HoldfastConfig['artifacts'];
  readonly replicas: readonly ReplicaTarget[];
  readonly replicationRoleName: string;
  /** Alias of the keys the region stacks create. */
  readonly keyAlias: string;
}

export class ArtifactBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;
  readonly replicationRole?: Role;

  constructor(scope: Construct, id: string, props: ArtifactBucketProps) {
    super(scope, id);
    this.accessLogs = accessLogBucket(this, 'AccessLogs', props.removalPolicy);
    this.bucket = new Bucket(this, 'Bucket', {
      ...secureBucketProps(props.key, this.accessLogs, 'artifacts/'),
      ...artifactBucketProps(props.artifacts),
      bucketName: props.bucketName,
      removalPolicy: props.removalPolicy,
    });
    if (props.replicas.length > 0) this.replicationRole = this.replicate(props);
  }

  private replicate(props: ArtifactBucketProps): Role {
    const { partition, account } = Stack.of(this);
    const role = new Role(this, 'ReplicationRole', {
      roleName: props.replicationRoleName,
      assumedBy: new ServicePrincipal('s3.amazonaws.com'),
      description: 'S3 replication of the Holdfast artifact bucket to the destination regions',
    });
    const destinations = props.replicas.map((r) => `arn:${partition}:s3:::${r.bucketName}`);
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        resources: destinations.map((d) => `${d}/*`),
      }),
    );
    props.key.grantDecrypt(role);
    this.grantReplicaKeys(role, props, partition, account);
    const cfn = this.bucket.node.defaultChild as CfnBucket;
    cfn.replicationConfiguration = {
      role: role.roleArn,
      rules: props.replicas.map((r, i) => ({
        id: `to-${r.region}`,
        status: 'Enabled',
        priority: i + 1,
        filter: { prefix: '' },
        deleteMarkerReplication: { status: 'Enabled' },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
        destination: {
          bucket: `arn:${partition}:s3:::${r.bucketName}`,
          encryptionConfiguration: {
            replicaKmsKeyId: r.kmsKeyArn ?? `arn:${partition}:kms:${r.region}:${account}:${props.keyAlias}`,
          },
        },
      })),
    };
    return role;
  }

  private grantReplicaKeys(role: Role, props: ArtifactBucketProps, partition: string, account: string): void {
    const actions = ['kms:Encrypt', 'kms:GenerateDataKey'];
    const configured = props.replicas.flatMap((r) => (r.kmsKeyArn ? [r.kmsKeyArn] : []));
    if (configured.length > 0) role.addToPolicy(new PolicyStatement({ actions, resources: configured }));
    const created = props.replicas.filter((r) => !r.kmsKeyArn);
    if (created.length > 0) {
      role.addToPolicy(
        new PolicyStatement({
          actions,
          resources: created.map((r) => `arn:${partition}:kms:${r.region}:${account}:key/*`),
          conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': props.keyAlias } },
        }),
      );
    }
  }
}
