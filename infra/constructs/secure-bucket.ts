/**
 * The settings every Holdfast bucket shares: versioned, SSE-KMS with the given key (bucket keys on), TLS 1.2+ only,
 * every public access path blocked, ACLs disabled, server access logs to a sibling log bucket. The log bucket itself
 * uses SSE-S3, because S3 server access logging cannot write to an SSE-KMS bucket.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { HoldfastConfig } from '../config.js';

const ACCESS_LOG_DAYS = 365;

export function secureBucketProps(key: IKey, logs: Bucket, logPrefix: string): BucketProps {
  return {
    encryption: BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    versioned: true,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: logs,
    serverAccessLogsPrefix: logPrefix,
  };
}

/** The bucket that receives server access logs (acknowledged for AwsSolutions-S1: it cannot log to itself). */
export function accessLogBucket(scope: Construct, id: string, removalPolicy: RemovalPolicy): Bucket {
  return new Bucket(scope, id, {
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    lifecycleRules: [{ expiration: Duration.days(ACCESS_LOG_DAYS), noncurrentVersionExpiration: Duration.days(1) }],
    removalPolicy,
    autoDeleteObjects: false,
  });
}

export function objectLockRetention(lock: HoldfastConfig['artifacts']['objectLock']): ObjectLockRetention | undefined {
  if (!lock) return undefined;
  const days = Duration.days(lock.days);
  return lock.mode === 'COMPLIANCE' ? ObjectLockRetention.compliance(days) : ObjectLockRetention.governance(days);
}

/** What artifact buckets (the main one and each replica) share beyond security: Object Lock and version tidying. */
export function artifactBucketProps(artifacts: HoldfastConfig['artifacts']): Partial<BucketProps> {
  const retention = objectLockRetention(artifacts.objectLock);
  return {
    ...(retention ? { objectLockEnabled: true, objectLockDefaultRetention: retention } : {}),
    lifecycleRules: [
      {
        id: 'tidy-versions',
        noncurrentVersionExpiration: Duration.days(artifacts.noncurrentVersionDays),
        abortIncompleteMultipartUploadAfter: Duration.days(7),
        expiredObjectDeleteMarker: true,
      },
    ],
  };
}
