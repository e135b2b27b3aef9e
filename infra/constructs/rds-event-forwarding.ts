/**
 * Forwards `aws.rds` snapshot and export events from another region to the deployment region's default bus, where
 * the rds-events function completes the waits. Cross-region copies emit their events in the destination region, and
 * databases outside the deployment region emit theirs where they run.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The `aws.rds` events Holdfast waits on, wherever they happen. */
export const RDS_EVENT_PATTERN = {
  source: ['aws.rds'],
  detailType: [
    'RDS DB Snapshot Event',
    'RDS DB Cluster Snapshot Event',
    'RDS DB Instance Event',
    'RDS DB Cluster Event',
  ],
};

export interface RdsEventForwardingProps {
  readonly targetRegion: string;
}

export class RdsEventForwarding extends Construct {
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: RdsEventForwardingProps) {
    super(scope, id);
    const { partition, account } = Stack.of(this);
    // SQS-managed encryption: the deployment key lives in another region, and a configured key cannot be given
    // the EventBridge key policy this queue would need.
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const target = EventBus.fromEventBusArn(
      this,
      'DeploymentBus',
      `arn:${partition}:events:${props.targetRegion}:${account}:event-bus/default`,
    );
    new Rule(this, 'Rule', {
      description: `Forwards aws.rds events to ${props.targetRegion} for Holdfast`,
      eventPattern: RDS_EVENT_PATTERN,
      targets: [new EventBusTarget(target, { deadLetterQueue: this.deadLetterQueue })],
    });
  }
}
