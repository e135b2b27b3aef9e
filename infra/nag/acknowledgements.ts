/**
 * Every cdk-nag finding Holdfast accepts, with the reason, as data: infra/nag/acknowledge.ts applies them and
 * docs/security/cdk-nag.md lists them (a test keeps the two in step). A finding that matches nothing here stays
 * unacknowledged and fails the synth, so a new wildcard needs a reason written down before it ships.
 */

export interface RuleAcknowledgement {
  readonly rule: string;
  /** What it applies to, for the doc. */
  readonly appliesTo: string;
  readonly reason: string;
}

export interface WildcardAcknowledgement {
  /** Short name, for the doc. */
  readonly name: string;
  /** Matches the finding as cdk-nag prints it: `Action::s3:GetObject*` or `Resource::<flattened ARN>`. */
  readonly pattern: RegExp;
  /** When set, every action of the statements behind the finding must match it. */
  readonly actions?: RegExp;
  readonly reason: string;
}

/** ARN parts as cdk-nag prints them: literal, or the pseudo parameter of an account-agnostic stack. */
const PARTITION = '(aws[a-z-]*|<AWS::Partition>)';
const ACCOUNT = '(\\d{12}|<AWS::AccountId>)';
const arn = (service: string, rest: string) =>
  new RegExp(`^Resource::arn:${PARTITION}:${service}:[a-z0-9-]+:${ACCOUNT}:${rest}$`);

/** Findings acknowledged on specific resources (see acknowledge.ts for which). */
export const RULE_ACKNOWLEDGEMENTS: readonly RuleAcknowledgement[] = [
  {
    rule: 'AwsSolutions-L1',
    appliesTo: 'every Holdfast Lambda function',
    reason:
      'Holdfast targets Node.js 22 (nodejs22.x): its bundles are built for node22 and the durable execution SDK ' +
      'and middy 7 were verified on it. The runtime moves together with the project-wide Node pin, not per function.',
  },
  {
    rule: 'AwsSolutions-SQS3',
    appliesTo: 'the delivery dead-letter queues of EventBridge rules and Scheduler schedules',
    reason:
      'These queues are dead-letter queues themselves (targets of EventBridge and Scheduler delivery failures); a ' +
      'queue behind a dead-letter queue would add nothing. cdk-nag only recognises SQS redrive and Lambda DLQs.',
  },
];

/** AwsSolutions-IAM5 (wildcards) findings, matched by pattern on every IAM policy Holdfast creates. */
export const WILDCARD_ACKNOWLEDGEMENTS: readonly WildcardAcknowledgement[] = [
  {
    name: 'CDK grant action groups',
    pattern: /^Action::(s3:(GetObject|GetBucket|List|Abort|DeleteObject|PutObject)|kms:(GenerateDataKey|ReEncrypt))\*$/,
    reason:
      'Action groups written by the CDK grant methods (bucket.grantRead/grantPut/grantDelete, table grants, key ' +
      'grants): each covers the variants of one operation (object versions, tagging, multipart) on a single named ' +
      'bucket, table or key, never other resources.',
  },
  {
    name: 'Objects in Holdfast buckets',
    pattern: /^Resource::.*(ArtifactsBucket|artifacts-|replica-)[^/]*\/(rds-exports\/)?\*$/,
    reason:
      'Object keys in the artifact bucket (or its replicas) are created per run and cannot be listed in advance; ' +
      'the bucket itself is named. The RDS export role is further limited to the `rds-exports/` prefix.',
  },
  {
    name: 'Configured location prefixes',
    pattern: new RegExp(`^Resource::arn:${PARTITION}:s3:::[a-z0-9.-]+/.*\\*$`),
    reason: 'Objects under the prefix of a location the config names (`locations[].bucket` and `prefix`).',
  },
  {
    name: 'Table indexes',
    pattern: /^Resource::.*StoreTable.*\/index\/\*$/,
    reason: "The Holdfast table's own global secondary indexes (gsi1–gsi3), read by the runs, watchdog and retention.",
  },
  {
    name: 'Holdfast RDS resources',
    pattern: arn('rds', '(snapshot|cluster-snapshot|db|cluster):holdfast-\\*'),
    reason:
      'Snapshots, copies and temporary or restored databases Holdfast creates are named `holdfast-…` at run time ' +
      '(from the run and phase); the prefix limits every RDS mutation to them, besides the configured databases.',
  },
  {
    name: 'RDS parameter, option and subnet groups',
    pattern: arn('rds', '(og|pg|cluster-pg|subgrp):\\*'),
    reason:
      'A restore reuses the parameter, option and subnet groups of the database it restores; RDS authorizes the ' +
      'restore against them, and they are only referenced, never changed.',
  },
  {
    name: 'Aurora instances of configured clusters',
    pattern: arn('rds', 'db:[A-Za-z][A-Za-z0-9-]*-\\*'),
    reason: 'An Aurora restore creates the instances of a configured cluster, named after that cluster.',
  },
  {
    name: 'Durable executions',
    pattern: /^Resource::<(BackupRun|RestoreRun|DeleteRun)Function[A-F0-9]*\.Arn>:\*$/,
    reason:
      'Durable execution APIs (checkpoint, state, callbacks, reads) authorize against the execution ARN ' +
      '`function:NAME:VERSION/durable-execution/…`, which only a version pattern (`:*`) matches; aliases do not ' +
      'apply. Limited to the three durable Holdfast functions.',
  },
  {
    name: 'Actions without resource-level permissions',
    pattern: /^Resource::\*$/,
    actions:
      /^(rds:DescribeExportTasks|ec2:(Create|Describe|Delete)NetworkInterfaces?|ec2:DescribeSubnets|ec2:(Assign|Unassign)PrivateIpAddresses)$/,
    reason:
      '`rds:DescribeExportTasks` (read-only export task status) and the network interface actions a function in a ' +
      'VPC needs have no resource-level permissions. Only these actions are accepted on `*`.',
  },
  {
    name: 'Destination keys by alias',
    pattern: arn('kms', 'key/\\*'),
    actions: /^kms:(CreateGrant|DescribeKey|Encrypt|GenerateDataKey)$/,
    reason:
      'Keys the region stacks create are matched by their alias (condition `kms:ResourceAliases`), as their ARNs are ' +
      'only known after those stacks deploy; no other key carries the alias.',
  },
];
