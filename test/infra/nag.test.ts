/**
 * cdk-nag's AwsSolutions checks run on every synth: zero unacknowledged findings, every acknowledgement carries one
 * of the reasons in infra/nag/acknowledgements.ts, and docs/security/cdk-nag.md lists each of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_ACKNOWLEDGEMENTS, WILDCARD_ACKNOWLEDGEMENTS } from '../../infra/nag/acknowledgements.js';
import { projectRoot, type Synthesized, synthHoldfast } from './support/synth.js';

let synth: Synthesized;

beforeAll(() => {
  synth = synthHoldfast({ nag: true });
});

afterAll(() => synth?.cleanup());

const reasons = new Set([...RULE_ACKNOWLEDGEMENTS, ...WILDCARD_ACKNOWLEDGEMENTS].map((a) => a.reason));

describe('cdk-nag AwsSolutions', () => {
  it('ran and reports zero unacknowledged findings', () => {
    const report = synth.report?.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(report, 'cdk-nag did not run').toBeDefined();
    expect(report?.violations.map((v) => v.ruleName)).toEqual([]);
    expect(report?.conclusion).toBe('success');
  });

  it('every acknowledged finding carries a written reason from the acknowledgement list', () => {
    const suppressed = synth.report?.pluginReports.flatMap((r) => r.suppressedViolations ?? []) ?? [];
    expect(suppressed.length).toBeGreaterThan(0);
    for (const s of suppressed) expect(reasons.has(s.reason), `${s.ruleName}: ${s.reason}`).toBe(true);
  });

  it('acknowledges no finding outside the rules the list names', () => {
    const rules = new Set(['AwsSolutions-IAM5', ...RULE_ACKNOWLEDGEMENTS.map((a) => a.rule)]);
    const suppressed = synth.report?.pluginReports.flatMap((r) => r.suppressedViolations ?? []) ?? [];
    for (const s of suppressed) expect(rules.has(s.ruleName.replace(/\[.*$/, '')), s.ruleName).toBe(true);
  });
});

describe('docs/security/cdk-nag.md', () => {
  const doc = readFileSync(join(projectRoot, 'docs/security/cdk-nag.md'), 'utf8').replace(/\s+/g, ' ');

  it('lists every rule-level acknowledgement with its reason', () => {
    for (const a of RULE_ACKNOWLEDGEMENTS) {
      expect(doc, a.rule).toContain(a.rule);
      expect(doc, a.rule).toContain(a.reason);
    }
  });

  it('lists every accepted wildcard with its reason', () => {
    for (const a of WILDCARD_ACKNOWLEDGEMENTS) {
      expect(doc, a.name).toContain(a.name);
      expect(doc, a.name).toContain(a.reason);
    }
  });
});

describe('an account-agnostic deployment whose destination key the stack creates', () => {
  let variant: Synthesized;

  beforeAll(() => {
    variant = synthHoldfast({
      nag: true,
      configure: (c) => {
        delete c.account;
        c.destinations = [{ region: 'eu-west-1' }];
        c.policiesDir = 'test/infra/no-policies';
      },
    });
  });

  afterAll(() => variant?.cleanup());

  it('also passes cdk-nag, with the destination key matched by its alias only', () => {
    const report = variant.report?.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(report?.violations.map((v) => v.ruleName)).toEqual([]);
    const agents = JSON.stringify(variant.template('HoldfastAgents').toJSON());
    expect(agents).toContain('"kms:ResourceAliases":"alias/holdfast"');
    const region = variant.template('HoldfastRegion-eu-west-1');
    region.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/holdfast' });
  });
});
