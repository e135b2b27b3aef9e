/**
 * Small, single-purpose permissions: reading the configured EKS clusters, reading the configured notification
 * secrets, and the durable execution APIs. Durable execution actions authorize against the execution ARN
 * (`function:<name>:<version>/durable-execution/…`), which only a qualified pattern (`:*`) matches; aliases do not.
 */
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { HoldfastConfig } from '../config.js';
import type { Arns } from './arns.js';

export function describeClusterStatement(config: HoldfastConfig, arns: Arns): PolicyStatement {
  return new PolicyStatement({
    sid: 'DescribeClusters',
    actions: ['eks:DescribeCluster'],
    resources: config.clusters.map((c) => arns.eksCluster(c.region, c.name)),
  });
}

/** Secrets Manager secrets and SSM parameters named in `notifications.secretNames`; nothing else. */
export function readSecretStatements(config: HoldfastConfig, arns: Arns): PolicyStatement[] {
  const names = config.notifications.secretNames;
  const isParameter = (n: string) => n.startsWith('/') || /^arn:[^:]+:ssm:/.test(n);
  const parameters = names.filter(isParameter).map((n) => arns.secret(config.region, n));
  const secrets = names.filter((n) => !isParameter(n)).map((n) => arns.secret(config.region, n));
  const out: PolicyStatement[] = [];
  if (secrets.length > 0) {
    out.push(
      new PolicyStatement({ sid: 'ReadSecrets', actions: ['secretsmanager:GetSecretValue'], resources: secrets }),
    );
  }
  if (parameters.length > 0) {
    out.push(new PolicyStatement({ sid: 'ReadParameters', actions: ['ssm:GetParameter'], resources: parameters }));
  }
  return out;
}

export const DURABLE_CHECKPOINT_ACTIONS = ['lambda:CheckpointDurableExecution', 'lambda:GetDurableExecutionState'];

export const DURABLE_CALLBACK_ACTIONS = [
  'lambda:SendDurableExecutionCallbackSuccess',
  'lambda:SendDurableExecutionCallbackFailure',
  'lambda:SendDurableExecutionCallbackHeartbeat',
];

export const DURABLE_READ_ACTIONS = ['lambda:GetDurableExecution', 'lambda:ListDurableExecutionsByFunction'];

/** Executions of every version of each function. */
export function executionsOf(functionArns: readonly string[]): string[] {
  return functionArns.map((arn) => `${arn}:*`);
}

export function durableCheckpointStatement(functionArn: string): PolicyStatement {
  return new PolicyStatement({
    sid: 'CheckpointOwnExecutions',
    actions: DURABLE_CHECKPOINT_ACTIONS,
    resources: executionsOf([functionArn]),
  });
}

export function durableCallbackStatement(durableFunctionArns: readonly string[]): PolicyStatement {
  return new PolicyStatement({
    sid: 'CompleteDurableCallbacks',
    actions: DURABLE_CALLBACK_ACTIONS,
    resources: executionsOf(durableFunctionArns),
  });
}

export function durableReadStatement(durableFunctionArns: readonly string[]): PolicyStatement {
  return new PolicyStatement({
    sid: 'ReadDurableExecutions',
    actions: DURABLE_READ_ACTIONS,
    // Listing authorizes against the function, reading an execution against its qualified ARN.
    resources: [...durableFunctionArns, ...executionsOf(durableFunctionArns)],
  });
}
