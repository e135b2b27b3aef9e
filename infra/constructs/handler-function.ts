/**
 * One Lambda handler as deployed: its own role (no managed policies; logs to its own log group only), the bundled
 * NodejsFunction (arm64, Node 22), durable settings when the spec is durable, a DLQ when it is invoked
 * asynchronously, and the `live` alias that every schedule, rule and invoke permission targets.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Alias, Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type BundledFolders, bundlingOptions } from '../bundling.js';
import type { HandlerSpec } from '../handlers.js';
import { durableCheckpointStatement } from '../iam/service-statements.js';
import { LIVE_ALIAS } from '../names.js';
import { deadLetterQueue } from './dead-letter-queue.js';

export interface HandlerNetwork {
  readonly vpc: IVpc;
  readonly subnets: SubnetSelection;
  readonly securityGroups: ISecurityGroup[];
}

export interface HandlerFunctionProps {
  readonly spec: HandlerSpec;
  /** Absolute path of the entry file. */
  readonly entry: string;
  readonly projectRoot: string;
  readonly folders: BundledFolders;
  readonly roleName: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  /** Encrypts the DLQ. */
  readonly key: IKey;
  readonly network?: HandlerNetwork;
}

export class HandlerFunction extends Construct {
  readonly spec: HandlerSpec;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly fn: NodejsFunction;
  readonly alias: Alias;
  readonly deadLetterQueue?: Queue;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;
    this.role = new Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Holdfast ${spec.name}: ${spec.description}`.slice(0, 1000),
    });
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.logGroup.grantWrite(this.role);
    if (spec.async) {
      this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', props.key);
      this.deadLetterQueue.grantSendMessages(this.role);
    }
    if (props.network) this.allowNetworkInterfaces();
    this.fn = this.createFunction(props);
    if (spec.durable) this.allowCheckpoints();
    this.alias = new Alias(this, 'Live', { aliasName: LIVE_ALIAS, version: this.fn.currentVersion });
  }

  private createFunction(props: HandlerFunctionProps): NodejsFunction {
    const { spec, network } = props;
    return new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      description: spec.description,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: { ...props.environment },
      bundling: bundlingOptions(props.folders),
      ...(this.deadLetterQueue ? { deadLetterQueue: this.deadLetterQueue } : {}),
      ...(spec.durable
        ? {
            durableConfig: {
              executionTimeout: Duration.hours(spec.durable.executionTimeoutHours),
              retentionPeriod: Duration.days(spec.durable.retentionDays),
            },
          }
        : {}),
      ...(network ? { vpc: network.vpc, vpcSubnets: network.subnets, securityGroups: network.securityGroups } : {}),
    });
  }

  /**
   * Checkpointing its own executions. A separate policy: the statement names the function's ARN, and the function
   * depends on its role's default policy, so putting it there would be circular.
   */
  private allowCheckpoints(): void {
    new Policy(this, 'DurableExecutionPolicy', {
      roles: [this.role],
      statements: [durableCheckpointStatement(this.fn.functionArn)],
    });
  }

  /** What the AWSLambdaVPCAccessExecutionRole managed policy grants, inline: ENI management has no resource ARNs. */
  private allowNetworkInterfaces(): void {
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'ManageNetworkInterfaces',
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      }),
    );
  }
}
