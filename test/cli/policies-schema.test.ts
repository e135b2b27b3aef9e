/**
 * `holdfast policies lint` (findings as file:line, blueprints a policy names looked up) and `holdfast schema`.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempFiles } from '../support/cli.js';

const broken = `apiVersion: holdfast.io/v1alpha1
kind: Policy
metadata: { name: shop }
spec:
  subjects:
    clusters: [{ name: prod, region: us-east-1 }]
  hooks: { blueprint: shop-hooks }
  capture: { manifests: {} }
  retention: { dayly: 7 }
`;

const namesMissingBlueprint = `apiVersion: holdfast.io/v1alpha1
kind: Policy
metadata: { name: cart }
spec:
  subjects:
    clusters: [{ name: prod, region: us-east-1 }]
    workloads: { refs: [{ kind: Deployment, name: cart, namespace: shop }] }
  hooks: { blueprint: cart-hooks }
  capture: { manifests: {} }
  retention: { daily: 7 }
`;

describe('holdfast policies lint', () => {
  it('passes the bundled policies, warning about blueprints the configuration lacks', async () => {
    const run = await runCli(
      'policies',
      'lint',
      join(repoRoot, 'policies'),
      '-c',
      join(repoRoot, 'examples', 'seed-blueprints'),
      '-o',
      'json',
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.valid).toBe(true);
    expect(report.policies.map((p: { name: string }) => p.name).sort()).toEqual(['animalai', 'pacman']);
    expect(report.diagnostics).toEqual([]);
  });

  it('reports each finding as file:line:column with what to do, and fails', async () => {
    const dir = tempFiles({ 'shop.yaml': broken, 'cart.yaml': namesMissingBlueprint });
    const run = await runCli('policies', 'lint', dir, '-c', join(repoRoot, 'examples', 'seed-blueprints'));
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      `${join(dir, 'shop.yaml')}:9:16: error: spec.retention.dayly: unknown field "dayly" — did you mean "daily"?`,
    );
    expect(run.stdout).toContain(
      `${join(dir, 'cart.yaml')}:8:23: warning: spec.hooks.blueprint: blueprint "cart-hooks" is not in the configuration`,
    );
    expect(run.stdout).toContain(`ok      ${join(dir, 'cart.yaml')}:1 Policy cart`);
    expect(run.stdout).toContain('1 policy, 1 invalid file(s)');
  });
});

describe('holdfast schema', () => {
  it('prints the Policy and Blueprint JSON Schemas', async () => {
    const policy = await runCli('schema', 'policy');
    expect(policy.code).toBe(0);
    expect(JSON.parse(policy.stdout)).toMatchObject({
      title: 'Holdfast Policy (holdfast.io/v1alpha1)',
      type: 'object',
    });
    const both = JSON.parse((await runCli('schema', '-o', 'json')).stdout);
    expect(Object.keys(both)).toEqual(['blueprint', 'policy']);
    expect(both.blueprint.properties.actions).toBeDefined();
  });

  it('refuses an unknown kind in one line', async () => {
    expect(await runCli('schema', 'actionset')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'holdfast: schema actionset: expected blueprint or policy (or nothing for both)\n',
    });
  });
});
