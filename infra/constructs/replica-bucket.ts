/**
 * A destination region's copy of the artifact bucket: the same protections as the source (SSE-KMS with the region's
 * key, TLS-only, no public access, access logs, optional Object Lock, which replication of locked objects requires).
 * Its name is fixed (names.ts) because the source bucket's replication rule names it from another region.
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { HoldfastConfig } from '../config.js';
import { accessLogBucket, artifactBucketProps, secureBucketProps } from './secure-bucket.js';

export interface ReplicaBucketProps {
  readonly bucketName: string;
  readonly key: IKey;
  readonly removalPolicy: RemovalPolicy;
  readonly artifacts: HoldfastConfig['artifacts'];
}

export class ReplicaBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: ReplicaBucketProps) {
    super(scope, id);
    this.accessLogs = accessLogBucket(this, 'AccessLogs', props.removalPolicy);
    this.bucket = new Bucket(this, 'Bucket', {
      ...secureBucketProps(props.key, this.accessLogs, 'replica/'),
      ...artifactBucketProps(props.artifacts),
      bucketName: props.bucketName,
      removalPolicy: props.removalPolicy,
    });
  }
}
