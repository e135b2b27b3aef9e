/**
 * A dead-letter queue as Holdfast makes them: encrypted with the deployment key, TLS-only, 14 days of retention (the
 * SQS maximum), so a failed invocation or delivery can be inspected and redriven. An alarm watches each one.
 */
import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export function deadLetterQueue(scope: Construct, id: string, key: IKey): Queue {
  return new Queue(scope, id, {
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
}
