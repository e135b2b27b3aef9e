import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../shared/blueprint/diagnostics.js';
import { loadPolicies } from '../../../shared/policy/load.js';
import { resolveSubjects } from '../../../shared/policy/selectors.js';
import { planRuns, secretRef } from '../../../shared/runtime/plan-runs.js';
import { backupRunInputSchema } from '../../../shared/runtime/run-input.js';

const policyYaml = `apiVersion: holdfast.io/v1alpha1
kind: Policy
metadata: { name: shop }
spec:
  subjects:
    clusters: [{ name: prod, region: eu-west-1 }]
    namespaces: { names: [shop, tools] }
    workloads: { annotated: true }
    rds:
      - { instanceId: shop-db, region: eu-west-1, namespace: shop, cluster: prod }
      - { clusterId: reporting, region: eu-west-1, namespace: analytics, cluster: prod }
  triggers: { schedules: [{ name: nightly, expression: "cron(0 2 * * ? *)", timeZone: UTC }] }
  capture: { rdsSnapshot: true, manifests: { secrets: false } }
  exports: { copies: [{ region: eu-central-1, kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }] }
  retention: { daily: 7 }
  notifications:
    webhook: { urlSecret: /holdfast/hook-url, hmacKeySecret: holdfast/hook-key, on: [success, failure] }
  maxQuiesceSeconds: 120
`;

function setup() {
  const r = loadPolicies(policyYaml, 'shop.yaml');
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  const policy = r.policies[0]?.value;
  if (!policy) throw new Error('no policy');
  const res = resolveSubjects(policy, [
    {
      cluster: 'prod',
      namespaces: [{ name: 'shop' }, { name: 'tools' }],
      workloads: [
        {
          kind: 'StatefulSet',
          name: 'cart',
          namespace: 'shop',
          annotations: { 'kanister.kasten.io/blueprint': 'pg-hooks' },
        },
        {
          kind: 'Deployment',
          name: 'ci',
          namespace: 'tools',
          annotations: { 'kanister.kasten.io/blueprint': 'ci-hooks' },
        },
      ],
    },
  ]);
  expect(res.problems).toEqual([]);
  return { policy, subjects: res.subjects };
}

describe('planRuns', () => {
  const at = new Date('2026-11-21T02:00:00Z');

  it("captures a database inside the quiesce window of its namespace's workload: one restore point for both", () => {
    const { policy, subjects } = setup();
    const runs = planRuns(policy, subjects, at);
    const cart = runs.find((r) => r.input.subject.name === 'cart');
    expect(cart?.input.capture.rds).toEqual([{ id: 'shop-db', kind: 'instance', region: 'eu-west-1' }]);
    expect(cart?.input.hooks).toEqual({ blueprint: 'pg-hooks', actions: ['backupPrehook', 'backupPosthook'] });
    expect(runs.find((r) => r.input.subject.name === 'ci')?.input.capture.rds).toEqual([]);
    const reporting = runs.find((r) => r.input.subject.name === 'reporting');
    expect(reporting?.input.capture).toMatchObject({
      rds: [{ id: 'reporting', kind: 'cluster' }],
      manifests: undefined,
    });
    expect(runs).toHaveLength(3);
  });

  it('names runs idempotently (same policy, subject and time give the same name) within Lambda limits', () => {
    const { policy, subjects } = setup();
    const a = planRuns(policy, subjects, at).map((r) => r.executionName);
    const b = planRuns(policy, subjects, new Date(at)).map((r) => r.executionName);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
    for (const name of a) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(planRuns(policy, subjects, new Date('2026-11-22T02:00:00Z'))[0]?.executionName).not.toBe(a[0]);
  });

  it('produces run inputs the backup-run function accepts, with secret names mapped to references', () => {
    const { policy, subjects } = setup();
    for (const run of planRuns(policy, subjects, at)) {
      const parsed = backupRunInputSchema.safeParse(JSON.parse(JSON.stringify(run.input)));
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(run.input.notifications).toEqual([
        {
          kind: 'webhook',
          urlSecret: 'ssm:/holdfast/hook-url',
          keySecret: 'secretsmanager:holdfast/hook-key',
          on: ['success', 'failure'],
        },
      ]);
      expect(run.input.exports.copies[0]?.region).toBe('eu-central-1');
    }
  });

  it('maps secret names to references', () => {
    expect(secretRef('/a/b')).toBe('ssm:/a/b');
    expect(secretRef('team/slack')).toBe('secretsmanager:team/slack');
    expect(secretRef('arn:aws:secretsmanager:us-east-1:1:secret:x')).toBe(
      'arn:aws:secretsmanager:us-east-1:1:secret:x',
    );
  });
});
