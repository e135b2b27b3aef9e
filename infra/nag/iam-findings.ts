/**
 * The wildcard findings cdk-nag's AwsSolutions-IAM5 reports for an IAM policy, computed the same way (allowed
 * actions containing `*`, resources whose flattened CloudFormation form contains `*`), so each can be acknowledged
 * by its exact id before synthesis runs the checks.
 */
import { Stack } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

interface Statement {
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly Resource?: unknown;
}

/**
 * `Action::…` and `Resource::…` findings of a CfnPolicy, a CfnManagedPolicy (CDK moves statements there when a
 * role's inline policy would exceed IAM's size limit) or a CfnRole's inline policies, each with the actions of the
 * statements that produced it (so an acknowledgement can require, say, read-only actions on `*`).
 */
export function wildcardFindings(node: IConstruct): Map<string, Set<string>> {
  const stack = Stack.of(node);
  const documents: unknown[] = [];
  if (node instanceof CfnPolicy || node instanceof CfnManagedPolicy) documents.push(stack.resolve(node.policyDocument));
  if (node instanceof CfnRole) {
    const inline = (stack.resolve(node.policies) ?? []) as { policyDocument?: unknown }[];
    documents.push(...inline.map((p) => stack.resolve(p.policyDocument)));
  }
  const found = new Map<string, Set<string>>();
  const add = (finding: string, actions: readonly string[]) => {
    const set = found.get(finding) ?? new Set<string>();
    for (const a of actions) set.add(a);
    found.set(finding, set);
  };
  for (const doc of documents) {
    for (const s of ((doc as { Statement?: Statement[] }).Statement ?? []) as Statement[]) {
      if (s.Effect !== 'Allow') continue;
      const actions = list(s.Action).filter((a): a is string => typeof a === 'string');
      for (const a of actions) if (a.includes('*')) add(`Action::${a}`, actions);
      for (const r of list(s.Resource).map(flatten)) if (r.includes('*')) add(`Resource::${r}`, actions);
    }
  }
  return found;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** A CloudFormation value as one string: Fn::Join joined, Ref and GetAtt as `<Id>` / `<Id.Attr>`. */
export function flatten(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/}/g, '>');
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['Fn::Join'])) {
    const [delimiter, items] = v['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (v['Fn::Sub'] !== undefined) return flatten(v['Fn::Sub']);
  if (Array.isArray(v['Fn::GetAtt'])) {
    const [resource, attribute] = v['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (v['Fn::ImportValue'] !== undefined) return flatten(v['Fn::ImportValue']);
  if (v.Ref !== undefined) return `<${flatten(v.Ref)}>`;
  return JSON.stringify(value);
}
