/**
 * Policies against the deployment config: the roles are scoped to what the config lists, so a policy naming
 * anything else must stop `cdk synth` with the policy line and the config change to make, instead of failing with
 * AccessDenied in the middle of a backup.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfig } from '../../infra/load-config.js';
import { loadPolicyDir } from '../../infra/policies.js';
import { checkPolicies } from '../../infra/policy-check.js';
import { loadPolicies } from '../../shared/policy/load.js';
import { exampleConfigInput, projectRoot } from './support/synth.js';

const config = parseConfig(exampleConfigInput(), 'holdfast.config.example.ts');

function policy(spec: Record<string, unknown>): string {
  return stringify({ apiVersion: 'holdfast.io/v1alpha1', kind: 'Policy', metadata: { name: 'shop' }, spec });
}

const base = {
  subjects: { clusters: [{ name: 'demo-eks', region: 'us-west-2' }], namespaces: { names: ['pacman'] } },
  capture: { manifests: {} },
  retention: { daily: 7 },
};

function problems(spec: Record<string, unknown>): string[] {
  const { policies, diagnostics } = loadPolicies(policy(spec), 'policies/shop.yaml');
  expect(diagnostics).toEqual([]);
  return checkPolicies(policies, config).map((p) => `${p.file} ${p.path}: ${p.message} — ${p.hint}`);
}

describe('the repository policies', () => {
  it('fit the example config', () => {
    const policies = loadPolicyDir(projectRoot, 'policies');
    expect(policies.map((p) => p.value.metadata.name).sort()).toEqual(['animalai', 'pacman']);
    expect(checkPolicies(policies, config)).toEqual([]);
  });
});

describe('a policy that asks for more than the config allows', () => {
  it('an unknown cluster: add it to clusters', () => {
    const [p] = problems({
      ...base,
      subjects: { ...base.subjects, clusters: [{ name: 'prod', region: 'eu-west-1' }] },
    });
    expect(p).toMatch(
      /^policies\/shop\.yaml:\d+:\d+ spec\.subjects\.clusters\[0\]: cluster "prod" is not in the config/,
    );
    expect(p).toContain(
      "add { name: 'prod', region: 'eu-west-1', namespaces: [...] } to clusters in holdfast.config.ts",
    );
  });

  it('a namespace outside the cluster namespaces', () => {
    const [p] = problems({ ...base, subjects: { ...base.subjects, namespaces: { names: ['billing'] } } });
    expect(p).toContain('namespace "billing" is not among the cluster\'s namespaces');
    expect(p).toContain("add 'billing' to the cluster's namespaces");
  });

  it('a database the config does not list', () => {
    const [p] = problems({
      ...base,
      subjects: { ...base.subjects, rds: [{ instanceId: 'orders-db', namespace: 'pacman' }] },
      capture: { rdsSnapshot: true },
    });
    expect(p).toContain('DB instance "orders-db" in us-west-2 is not in the config');
    expect(p).toContain("add { id: 'orders-db', kind: 'instance', region: 'us-west-2' } to databases");
  });

  it('a copy to a region that is not a destination, or with another key', () => {
    const otherRegion = problems({
      ...base,
      exports: { copies: [{ region: 'eu-central-1', kmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/k' }] },
    });
    expect(otherRegion[0]).toContain('copies go to eu-central-1, which is not a destination in the config');
    const otherKey = problems({
      ...base,
      exports: { copies: [{ region: 'us-east-1', kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/other' }] },
    });
    expect(otherKey[0]).toMatch(/kmsKeyArn: the copy key is not the key the config gives us-east-1/);
  });

  it('a notification secret notify may not read', () => {
    const [p] = problems({ ...base, notifications: { slack: { webhookUrlSecret: 'team/other-webhook' } } });
    expect(p).toContain('secret "team/other-webhook" is not in the config');
    expect(p).toContain("add 'team/other-webhook' to notifications.secretNames");
  });

  it('an S3 export through a role, bucket or key the stack does not create', () => {
    const found = problems({
      ...base,
      subjects: { ...base.subjects, rds: [{ instanceId: 'test-postgresql-instance', namespace: 'pacman' }] },
      capture: { rdsSnapshot: true },
      exports: {
        s3: {
          bucket: 'someone-elses-bucket',
          iamRoleArn: 'arn:aws:iam::123456789012:role/admin',
          kmsKeyArn: 'arn:aws:kms:us-west-2:123456789012:key/k',
        },
      },
    });
    expect(found).toHaveLength(3);
    expect(found[0]).toContain('use arn:aws:iam::<account>:role/holdfast-rds-export-us-west-2');
    expect(found[1]).toContain('use holdfast-artifacts-<account>-us-west-2');
    expect(found[2]).toContain('use arn:aws:kms:us-west-2:<account>:alias/holdfast');
  });
});
