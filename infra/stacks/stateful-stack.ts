/**
 * The stateful stack: what outlives a redeploy of the functions. The deployment KMS key, the DynamoDB table, the
 * artifact bucket (replicated to the destination regions) and the `holdfast` event bus, all encrypted with the key.
 * Retained on stack deletion unless the config says `removalPolicy: destroy`.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { HoldfastConfig } from '../config.js';
import { ArtifactBucket } from '../constructs/artifact-bucket.js';
import { StoreTable } from '../constructs/store-table.js';
import { artifactBucketName, busName, keyAlias, replicaBucketName, replicationRoleName } from '../names.js';

export interface StatefulStackProps extends StackProps {
  readonly config: HoldfastConfig;
}

export class StatefulStack extends Stack {
  readonly key: Key;
  readonly table: Table;
  readonly bucket: Bucket;
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    this.key = new Key(this, 'Key', {
      alias: keyAlias(config),
      description: `Holdfast (${config.name}): table, artifacts, event bus, queues and alarm topic`,
      enableKeyRotation: true,
      removalPolicy,
    });
    this.allowServices();
    this.table = new StoreTable(this, 'Store', { key: this.key, removalPolicy }).table;
    this.bucket = new ArtifactBucket(this, 'Artifacts', {
      bucketName: artifactBucketName(config, this.account),
      key: this.key,
      removalPolicy,
      artifacts: config.artifacts,
      replicas: config.destinations
        .filter((d) => d.replicateArtifacts)
        .map((d) => ({
          region: d.region,
          bucketName: replicaBucketName(config, this.account, d.region),
          ...(d.kmsKeyArn ? { kmsKeyArn: d.kmsKeyArn } : {}),
        })),
      replicationRoleName: replicationRoleName(config),
      keyAlias: keyAlias(config),
    }).bucket;
    this.bus = new EventBus(this, 'Bus', { eventBusName: busName(config), kmsKey: this.key });
    new CfnOutput(this, 'EventBusArn', {
      value: this.bus.eventBusArn,
      description: 'Holdfast bus: kubernetes-event-exporter sends cluster events here (events:PutEvents)',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'Runs and restore points' });
    new CfnOutput(this, 'ArtifactBucketName', { value: this.bucket.bucketName, description: 'Default location' });
  }

  /**
   * EventBridge delivers failed rule targets to the key-encrypted queues, CloudWatch publishes alarms to the
   * key-encrypted topic: both need the key policy to let them use the key, for this account only.
   */
  private allowServices(): void {
    for (const service of ['events.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      this.key.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal(service)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
      );
    }
  }
}
