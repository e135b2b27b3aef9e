/**
 * One stack per region other than the deployment region that Holdfast touches: a copy destination gets its KMS key
 * (unless the config names one) and the replica of the artifact bucket; a destination or database region forwards
 * its `aws.rds` events to the deployment region. These stacks deploy before the stateful stack, which replicates
 * into them by name.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { DestinationConfig, HoldfastConfig } from '../config.js';
import { RdsEventForwarding } from '../constructs/rds-event-forwarding.js';
import { ReplicaBucket } from '../constructs/replica-bucket.js';
import { keyAlias, replicaBucketName } from '../names.js';

export interface RegionStackProps extends StackProps {
  readonly config: HoldfastConfig;
  readonly region: string;
  readonly destination?: DestinationConfig;
  readonly forwardRdsEvents: boolean;
}

export class RegionStack extends Stack {
  readonly key?: IKey;
  readonly replica?: ReplicaBucket;

  constructor(scope: Construct, id: string, props: RegionStackProps) {
    super(scope, id, {
      ...props,
      env: { region: props.region, ...(props.config.account ? { account: props.config.account } : {}) },
    });
    const { config, destination } = props;
    const removalPolicy = config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    if (destination) {
      this.key = destination.kmsKeyArn
        ? Key.fromKeyArn(this, 'ConfiguredKey', destination.kmsKeyArn)
        : new Key(this, 'Key', {
            alias: keyAlias(config),
            description: `Holdfast (${config.name}): snapshot copies and replicas in ${props.region}`,
            enableKeyRotation: true,
            removalPolicy,
          });
      if (destination.replicateArtifacts) {
        this.replica = new ReplicaBucket(this, 'Replica', {
          bucketName: replicaBucketName(config, this.account, props.region),
          key: this.key,
          removalPolicy,
          artifacts: config.artifacts,
        });
      }
    }
    if (props.forwardRdsEvents) new RdsEventForwarding(this, 'RdsEvents', { targetRegion: config.region });
  }
}
