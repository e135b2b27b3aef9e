import { describe, expect, it } from 'vitest';
import { type Diagnostic, formatDiagnostic } from '../../../shared/blueprint/diagnostics.js';
import { loadPolicies } from '../../../shared/policy/load.js';

const base = `apiVersion: holdfast.io/v1alpha1
kind: Policy
metadata:
  name: shop
spec:
  subjects:
    clusters:
      - name: prod
        region: eu-central-1
    namespaces:
      names: [shop]
    workloads:
      annotated: true
    rds:
      - instanceId: shop-db
        namespace: shop
  triggers:
    schedules:
      - name: hourly
        expression: cron(0 * * * ? *)
        timeZone: Europe/Berlin
    events:
      - name: on-deploy
        pattern:
          source: [kubernetes-event-exporter]
          detail:
            reason: [ScalingReplicaSet]
  capture:
    rdsSnapshot: true
    manifests:
      excludeKinds: [Event]
  exports:
    copies:
      - region: eu-west-1
        kmsKeyArn: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
  retention:
    daily: 7
`;

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`test text lacks ${needle}`);
  return i + 1;
}

function load(text: string): { diagnostics: Diagnostic[]; only: Diagnostic | undefined } {
  const r = loadPolicies(text, 'policy.yaml');
  return { diagnostics: r.diagnostics, only: r.diagnostics.length === 1 ? r.diagnostics[0] : undefined };
}

describe('loadPolicies', () => {
  it('loads a valid policy and fills in the defaults', () => {
    const r = loadPolicies(base, 'policy.yaml');
    expect(r.diagnostics).toEqual([]);
    const spec = r.policies[0]?.value.spec;
    expect(spec?.maxQuiesceSeconds).toBe(300);
    expect(spec?.onPrehookFailure).toBe('fail');
    expect(spec?.retention).toEqual({ hourly: 0, daily: 7, weekly: 0, monthly: 0, yearly: 0 });
    expect(spec?.triggers?.schedules?.[0]?.timeZone).toBe('Europe/Berlin');
    expect(spec?.capture.manifests?.secrets).toBe(false);
    expect(r.policies[0]?.source.locate(['spec', 'retention', 'daily']).line).toBe(lineOf(base, 'daily: 7'));
  });

  it('reports a Unix-style cron at its line with the EventBridge form as the hint', () => {
    const text = base.replace('cron(0 * * * ? *)', 'cron(0 * * * *)');
    const { only } = load(text);
    expect(only).toMatchObject({
      file: 'policy.yaml',
      line: lineOf(text, 'expression:'),
      path: 'spec.triggers.schedules[0].expression',
    });
    expect(only?.message).toContain('cron has 5 fields, not 6');
    expect(only?.hint).toContain('add the year (*) and put ? in day-of-month or day-of-week');
    expect(formatDiagnostic(only as Diagnostic)).toMatch(
      new RegExp(`^policy\\.yaml:${lineOf(text, 'expression:')}:\\d+: error: spec\\.triggers`),
    );
  });

  it.each([
    ['cron(0 * * * * *)', 'day-of-month and day-of-week are both set', 'exactly one of day-of-month and day-of-week'],
    ['cron(60 * * * ? *)', 'invalid minutes value 60 is out of range', 'minutes takes 0-59'],
    ['cron(0 3 ? * MON#6 *)', 'invalid day-of-week "MON#6"', 'n is 1–5'],
    ['cron(0 3 1,L * ? *)', 'invalid day-of-month "1,L"', 'stand alone'],
    ['rate(1 hours)', 'rate of 1 takes "hour"', 'rate(1 hour)'],
    ['rate(0 minutes)', 'rate value must be at least 1', 'positive whole value'],
    ['every hour', 'not a schedule expression', 'cron(0 3 * * ? *) or rate(6 hours)'],
  ])('rejects %s with a hint', (expr, message, hint) => {
    const { only } = load(base.replace('cron(0 * * * ? *)', expr));
    expect(only?.path).toBe('spec.triggers.schedules[0].expression');
    expect(only?.message).toContain(message);
    expect(only?.hint).toContain(hint);
  });

  it('rejects an unknown time zone and an offset in place of a zone', () => {
    for (const tz of ['Europe/Atlantis', '+01:00']) {
      const { only } = load(base.replace('timeZone: Europe/Berlin', `timeZone: "${tz}"`));
      expect(only?.path).toBe('spec.triggers.schedules[0].timeZone');
      expect(only?.message).toContain('IANA time zone');
    }
  });

  it('points at an event pattern leaf that is not a list', () => {
    const text = base.replace('reason: [ScalingReplicaSet]', 'reason: ScalingReplicaSet');
    const { only } = load(text);
    expect(only).toMatchObject({
      line: lineOf(text, 'reason: ScalingReplicaSet'),
      path: 'spec.triggers.events[0].pattern.detail.reason',
      message: '"reason" must be an array of values or a nested object',
    });
    expect(only?.hint).toContain('write source: ["aws.rds"]');
  });

  it('rejects empty lists, unknown content filters and a pattern that is not an object', () => {
    expect(load(base.replace('[ScalingReplicaSet]', '[]')).only?.message).toBe('an empty list matches nothing');
    const filter = load(base.replace('[ScalingReplicaSet]', '[{startsWith: Scal}]')).only;
    expect(filter?.message).toBe('unknown content filter "startsWith"');
    expect(filter?.hint).toContain('prefix');
    expect(load(base.replace('[ScalingReplicaSet]', '[{prefix: Scal}]')).diagnostics).toEqual([]);
    const text = base.replace(/pattern:\n(.*\n){3}/, 'pattern: "source=aws.rds"\n');
    expect(load(text).only?.message).toContain('an event pattern must be an object');
  });

  it('rejects a copy whose KMS key lives in another region, naming both', () => {
    const text = base.replace('region: eu-west-1', 'region: us-east-1');
    const { only } = load(text);
    expect(only).toMatchObject({
      line: lineOf(text, 'kmsKeyArn:'),
      path: 'spec.exports.copies[0].kmsKeyArn',
      message: 'the KMS key is in eu-west-1 but the copy goes to us-east-1',
    });
    expect(only?.hint).toContain('use a key ARN in us-east-1');
  });

  it('rejects malformed regions and key ARNs', () => {
    expect(load(base.replace('region: eu-west-1', 'region: Frankfurt')).diagnostics[0]?.message).toContain(
      'AWS region code',
    );
    const arn = load(base.replace(/kmsKeyArn: .*/, 'kmsKeyArn: 1234abcd-12ab-34cd-56ef-1234567890ab')).only;
    expect(arn?.message).toContain('KMS key or alias ARN');
  });

  it('suggests the right spelling of a misspelt field at its key', () => {
    const text = base.replace('    rdsSnapshot: true', '    rdsSnapshots: true');
    const [first] = load(text).diagnostics;
    expect(first).toMatchObject({
      line: lineOf(text, 'rdsSnapshots'),
      column: 5,
      message: 'unknown field "rdsSnapshots"',
      hint: 'did you mean "rdsSnapshot"?',
    });
  });

  it('tells a missing field from one of the wrong type', () => {
    const missing = load(base.replace('        region: eu-central-1\n', '')).only;
    expect(missing).toMatchObject({
      path: 'spec.subjects.clusters[0].region',
      message: 'required field is missing (string)',
    });
    const wrong = load(base.replace('rdsSnapshot: true', 'rdsSnapshot: "yes"')).only;
    expect(wrong).toMatchObject({ path: 'spec.capture.rdsSnapshot', message: 'expected boolean, received string' });
  });

  it('states the policy name rule', () => {
    const { only } = load(base.replace('name: shop\n', 'name: Shop_Policy\n'));
    expect(only?.path).toBe('metadata.name');
    expect(only?.message).toContain('lowercase letters, digits and "-"');
    expect(only?.message).toContain('EventBridge Scheduler');
  });

  it('rejects retention that keeps nothing and negative or fractional counts', () => {
    expect(load(base.replace('daily: 7', 'daily: 0')).only?.message).toContain('retention keeps nothing');
    const messages = (count: string) =>
      load(base.replace('daily: 7', `daily: ${count}`)).diagnostics.map((d) => d.message);
    expect(messages('-1')).toContain('must be 0 or more');
    expect(messages('1.5')).toContain('must be a whole number');
  });

  it('checks rules that span fields', () => {
    const noNamespace = load(base.replace('        namespace: shop\n', '')).only;
    expect(noNamespace).toMatchObject({ path: 'spec.subjects.rds[0]', message: 'needs a namespace' });
    const nothing = load(base.replace('    rdsSnapshot: true\n', '')).diagnostics.map((d) => d.message);
    expect(nothing).toContain('RDS databases are selected but nothing captures them');
    const secrets = load(base.replace('excludeKinds: [Event]', 'includeKinds: [ConfigMap, Secret]')).only;
    expect(secrets).toMatchObject({ path: 'spec.capture.manifests.includeKinds[1]' });
    expect(secrets?.hint).toContain('secrets: true');
    const hooks = load(
      base.replace('      annotated: true', '      annotated: false').replace('  capture:', '  hooks: {}\n  capture:'),
    );
    expect(hooks.only?.message).toBe('hooks name no blueprint');
  });

  it('rejects other kinds, duplicate policy names and empty files', () => {
    expect(load(base.replace('kind: Policy', 'kind: Blueprint')).only?.message).toBe('unsupported kind "Blueprint"');
    const twice = load(`${base}---\n${base}`);
    expect(twice.only).toMatchObject({
      message: 'policy "shop" is defined twice',
      line: lineOf(base, 'name: shop') + base.split('\n').length,
    });
    expect(load('').only?.message).toBe('file holds no YAML document');
  });
});
