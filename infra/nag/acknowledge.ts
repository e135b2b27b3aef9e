/**
 * Applies the acknowledgements in acknowledgements.ts with `Validations.of(x).acknowledge` (cdk-nag 3): the
 * rule-level ones on the resources they are about, the wildcard ones finding by finding on each IAM policy.
 *
 * It runs as a validation plugin, beside cdk-nag: only then is the tree final, with cross-stack references already
 * turned into `Fn::ImportValue`, exactly as cdk-nag reads the policies, so each finding's id is computed the same
 * way. The framework matches acknowledgements to findings after every plugin has run.
 */
import {
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  Validations,
} from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { RULE_ACKNOWLEDGEMENTS, WILDCARD_ACKNOWLEDGEMENTS } from './acknowledgements.js';
import { wildcardFindings } from './iam-findings.js';

/** Construct ids of the queues that receive EventBridge / Scheduler delivery failures. */
const DELIVERY_QUEUE_IDS = new Set(['DeliveryDeadLetterQueue', 'DeadLetterQueue']);

export class HoldfastAcknowledgements implements IPolicyValidationPlugin {
  readonly name = 'HoldfastAcknowledgements';

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    acknowledgeFindings(context.appConstruct);
    return { success: true, violations: [] };
  }
}

export function acknowledgeFindings(root: IConstruct): void {
  for (const node of root.node.findAll()) {
    if (node instanceof CfnFunction) acknowledgeRule(node, 'AwsSolutions-L1');
    if (node instanceof CfnQueue && isDeliveryQueue(node)) acknowledgeRule(node, 'AwsSolutions-SQS3');
    if (node instanceof CfnPolicy || node instanceof CfnManagedPolicy || node instanceof CfnRole) {
      acknowledgeWildcards(node);
    }
  }
}

/** Acknowledgement ids carry the plugin's namespace: `AwsSolutions::<rule>`. */
const NAMESPACE = 'AwsSolutions::';

function acknowledgeRule(node: IConstruct, rule: string): void {
  const ack = RULE_ACKNOWLEDGEMENTS.find((a) => a.rule === rule);
  if (ack) Validations.of(node).acknowledge({ id: `${NAMESPACE}${rule}`, reason: ack.reason });
}

/** A queue no Lambda function uses as its DeadLetterConfig: the EventBridge/Scheduler delivery DLQs. */
function isDeliveryQueue(queue: CfnQueue): boolean {
  const parent = queue.node.scope;
  const owner = parent?.node.scope;
  const isFunctionDlq = owner?.node.children.some((c) => c.node.id === 'Function') ?? false;
  return DELIVERY_QUEUE_IDS.has(parent?.node.id ?? '') && !isFunctionDlq;
}

function acknowledgeWildcards(node: CfnPolicy | CfnManagedPolicy | CfnRole): void {
  for (const [finding, actions] of wildcardFindings(node)) {
    const ack = WILDCARD_ACKNOWLEDGEMENTS.find(
      (a) => a.pattern.test(finding) && (!a.actions || [...actions].every((x) => a.actions?.test(x))),
    );
    if (ack) Validations.of(node).acknowledge({ id: `${NAMESPACE}AwsSolutions-IAM5[${finding}]`, reason: ack.reason });
  }
}
