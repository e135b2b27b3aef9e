/**
 * Reads what a role may do out of a synthesized template: every statement of every IAM policy attached to it (inline
 * and customer managed), with
 * actions and resources as lists and CloudFormation references flattened to strings (`<LogicalId.Arn>`), so tests
 * can ask "which roles may call X, on what".
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { flatten } from '../../../infra/nag/iam-findings.js';

export interface Statement {
  readonly sid?: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly conditions?: Record<string, Record<string, unknown>>;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Logical id of the role with this RoleName. */
export function roleId(template: Template, roleName: string): string {
  const roles = template.findResources('AWS::IAM::Role') as Resources;
  const found = Object.entries(roles).find(([, r]) => r.Properties?.RoleName === roleName);
  if (!found) throw new Error(`no role named ${roleName}`);
  return found[0];
}

export function roleStatements(template: Template, logicalId: string): Statement[] {
  // CDK moves statements to customer managed "overflow" policies when an inline policy would be too large.
  const policies = {
    ...(template.findResources('AWS::IAM::Policy') as Resources),
    ...(template.findResources('AWS::IAM::ManagedPolicy') as Resources),
  };
  const out: Statement[] = [];
  for (const policy of Object.values(policies)) {
    const roles = list(policy.Properties?.Roles as { Ref?: string }[] | undefined);
    if (!roles.some((r) => r.Ref === logicalId)) continue;
    const doc = policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] };
    for (const s of doc.Statement) {
      if (s.Effect !== 'Allow') continue;
      out.push({
        ...(typeof s.Sid === 'string' ? { sid: s.Sid } : {}),
        actions: list(s.Action as string | string[]),
        resources: list(s.Resource as unknown).map(flatten),
        ...(s.Condition ? { conditions: s.Condition as Record<string, Record<string, unknown>> } : {}),
      });
    }
  }
  return out;
}

/** Statements that allow an action matching the pattern. */
export function allowing(statements: readonly Statement[], action: RegExp): Statement[] {
  return statements.filter((s) => s.actions.some((a) => action.test(a)));
}
