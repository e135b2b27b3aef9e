/**
 * How functions are started: every schedule, rule and invoke permission targets a `live` alias (durable functions can
 * only run through an alias or version, and an alias lets a deploy move traffic), every asynchronous path has a
 * dead-letter queue, durable functions carry their durable configuration, and the policies' schedules and event
 * patterns become Scheduler schedules and EventBridge rules with the inputs the trigger reads.
 */

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlers } from '../../infra/handlers.js';
import { stackNames } from '../../infra/names.js';
import { triggerEventSchema } from '../../shared/runtime/trigger.js';
import { projectRoot, type Synthesized, synthHoldfast } from './support/synth.js';

type Resources = Record<string, { Properties: Record<string, unknown> }>;

let synth: Synthesized;
let resources: (type: string) => Resources;
let aliases: Resources;

beforeAll(() => {
  synth = synthHoldfast({ nag: false });
  const t = synth.template(stackNames.agents(synth.config));
  resources = (type) => t.findResources(type) as Resources;
  aliases = resources('AWS::Lambda::Alias');
});

afterAll(() => synth?.cleanup());

function refersToLiveAlias(value: unknown): boolean {
  const ref = (value as { Ref?: string }).Ref;
  return ref !== undefined && aliases[ref]?.Properties.Name === 'live';
}

describe('alias targeting', () => {
  it('every function has a live alias on a published version', () => {
    const functions = Object.keys(resources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(handlers.length);
    const aliased = Object.values(aliases).map((a) => (a.Properties.FunctionName as { Ref: string }).Ref);
    expect(aliased.sort()).toEqual([...functions].sort());
    for (const a of Object.values(aliases)) expect(a.Properties.FunctionVersion).toHaveProperty('Fn::GetAtt');
  });

  it('every Scheduler schedule targets a live alias', () => {
    const schedules = Object.entries(resources('AWS::Scheduler::Schedule'));
    expect(schedules.length).toBeGreaterThan(0);
    for (const [id, s] of schedules) {
      expect(refersToLiveAlias((s.Properties.Target as { Arn: unknown }).Arn), id).toBe(true);
    }
  });

  it('every EventBridge rule targets a live alias', () => {
    const rules = Object.entries(resources('AWS::Events::Rule'));
    expect(rules.length).toBeGreaterThan(0);
    for (const [id, r] of rules) {
      for (const target of r.Properties.Targets as { Arn: unknown }[]) {
        expect(refersToLiveAlias(target.Arn), id).toBe(true);
      }
    }
  });

  it('every invoke permission (resource policy) names a live alias, never a function', () => {
    const permissions = Object.entries(resources('AWS::Lambda::Permission'));
    expect(permissions.length).toBeGreaterThan(0);
    for (const [id, p] of permissions) expect(refersToLiveAlias(p.Properties.FunctionName), id).toBe(true);
  });

  it('every Scheduler role may invoke only live aliases', () => {
    const roles = Object.entries(resources('AWS::IAM::Role')).filter(([, r]) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    );
    expect(roles.length).toBeGreaterThan(0);
    for (const [roleId] of roles) {
      const statements = Object.values(resources('AWS::IAM::Policy'))
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
        .flatMap(
          (p) => (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
        )
        .filter((s) => JSON.stringify(s.Action).includes('lambda:InvokeFunction'));
      expect(statements.length).toBeGreaterThan(0);
      for (const s of statements) {
        const targets = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
        for (const r of targets) expect(refersToLiveAlias(r), JSON.stringify(r)).toBe(true);
      }
    }
  });
});

describe('environment', () => {
  const envOf = (description: string) =>
    Object.values(resources('AWS::Lambda::Function')).find((f) => f.Properties.Description === description)?.Properties
      .Environment as { Variables: Record<string, unknown> } | undefined;

  it('callers find the handlers they start through the live alias ARN', () => {
    for (const h of handlers) {
      const vars = envOf(h.description)?.Variables ?? {};
      for (const target of h.needs.invokes ?? []) {
        const name = `HOLDFAST_${target.toUpperCase().replaceAll('-', '_')}_FUNCTION`;
        expect(refersToLiveAlias(vars[name]), `${h.name} ${name}`).toBe(true);
      }
    }
  });

  it('every HOLDFAST_ variable a handler reads (through functions/lib) is set for its function', () => {
    // Variables with a default in functions/lib/env.ts are optional.
    const optional = new Set(['HOLDFAST_S3_FORCE_PATH_STYLE']);
    const read = (file: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(file)) return new Set();
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      const names = new Set([...text.matchAll(/env\('(HOLDFAST_[A-Z_]+)'\)/g)].map((m) => m[1] ?? ''));
      for (const m of text.matchAll(/from '(\.{1,2}\/(?:lib\/)?[a-z-/]+)\.js'/g)) {
        const target = join(dirname(file), `${m[1]}.ts`);
        if (target.includes('/functions/')) for (const n of read(target, seen)) names.add(n);
      }
      return names;
    };
    for (const h of handlers) {
      const vars = envOf(h.description)?.Variables ?? {};
      for (const name of read(join(projectRoot, h.entry))) {
        if (!optional.has(name)) expect(vars[name], `${h.name} reads ${name}`).toBeDefined();
      }
    }
  });

  it('handlers get the locations of only what they may use', () => {
    const notify = envOf(handlers.find((h) => h.name === 'notify')?.description ?? '')?.Variables ?? {};
    expect(Object.keys(notify).filter((k) => k.startsWith('HOLDFAST_'))).toEqual(['HOLDFAST_NAME']);
    const trigger = envOf(handlers.find((h) => h.name === 'trigger')?.description ?? '')?.Variables ?? {};
    expect(trigger.HOLDFAST_POLICIES_DIR).toBe('/var/task/policies');
    expect(JSON.parse(String(trigger.HOLDFAST_CLUSTERS))).toEqual([
      { name: 'demo-eks', region: 'us-west-2', namespaces: ['animalai', 'pacman', 'pgtestrds'] },
    ]);
  });
});

describe('durable functions', () => {
  it('backup-run, restore-run and delete-run are durable; the others are not', () => {
    const durable = Object.values(resources('AWS::Lambda::Function'))
      .filter((f) => f.Properties.DurableConfig !== undefined)
      .map((f) => (f.Properties.Description as string).split(':')[0]);
    expect(durable.sort()).toEqual([
      'Durable backup run',
      'Durable deletion of an expired restore point',
      'Durable restore run',
    ]);
    for (const f of Object.values(resources('AWS::Lambda::Function')).filter((x) => x.Properties.DurableConfig)) {
      expect(f.Properties.DurableConfig).toEqual({ ExecutionTimeout: 7 * 24 * 3600, RetentionPeriodInDays: 30 });
    }
  });

  it('every function runs Node 22 on arm64 as an ESM bundle', () => {
    for (const f of Object.values(resources('AWS::Lambda::Function'))) {
      expect(f.Properties.Runtime).toBe('nodejs22.x');
      expect(f.Properties.Architectures).toEqual(['arm64']);
      expect(f.Properties.Handler).toBe('index.handler');
    }
  });
});

describe('dead-letter queues', () => {
  it('every asynchronously invoked function has a DLQ', () => {
    const withDlq = Object.values(resources('AWS::Lambda::Function')).filter((f) => f.Properties.DeadLetterConfig);
    expect(withDlq).toHaveLength(handlers.filter((h) => h.async).length);
  });

  it('every schedule and every rule target has a DLQ and bounded retries', () => {
    for (const [id, s] of Object.entries(resources('AWS::Scheduler::Schedule'))) {
      const target = s.Properties.Target as Record<string, unknown>;
      expect(target.DeadLetterConfig, id).toHaveProperty('Arn');
      expect(target.RetryPolicy, id).toHaveProperty('MaximumRetryAttempts');
    }
    for (const [id, r] of Object.entries(resources('AWS::Events::Rule'))) {
      for (const target of r.Properties.Targets as Record<string, unknown>[]) {
        expect(target.DeadLetterConfig, id).toHaveProperty('Arn');
        expect(target.RetryPolicy, id).toHaveProperty('MaximumRetryAttempts');
      }
    }
  });

  it('an alarm watches every dead-letter queue', () => {
    const queues = Object.keys(resources('AWS::SQS::Queue'));
    const watched = Object.values(resources('AWS::CloudWatch::Alarm')).flatMap((a) =>
      ((a.Properties.Dimensions ?? []) as { Name: string; Value: unknown }[])
        .filter((d) => d.Name === 'QueueName')
        .map((d) => JSON.stringify(d.Value)),
    );
    for (const q of queues)
      expect(
        watched.some((w) => w.includes(`"${q}"`)),
        q,
      ).toBe(true);
  });
});

describe('policy triggers', () => {
  it('one schedule per policy schedule, in its time zone, with the input the trigger accepts', () => {
    const policySchedules = Object.values(resources('AWS::Scheduler::Schedule'))
      .map((s) => s.Properties)
      .filter((p) => String(p.Description).startsWith('Holdfast policy'));
    const seen = policySchedules.map((p) => ({
      expression: p.ScheduleExpression,
      timeZone: p.ScheduleExpressionTimezone,
      input: JSON.parse((p.Target as { Input: string }).Input) as unknown,
    }));
    expect(seen).toEqual(
      expect.arrayContaining([
        {
          expression: 'cron(0 * * * ? *)',
          timeZone: 'Europe/Berlin',
          input: {
            trigger: 'schedule',
            policy: 'animalai',
            schedule: 'hourly',
            scheduledTime: '<aws.scheduler.scheduled-time>',
          },
        },
        {
          expression: 'cron(30 1 * * ? *)',
          timeZone: 'America/New_York',
          input: {
            trigger: 'schedule',
            policy: 'pacman',
            schedule: 'nightly',
            scheduledTime: '<aws.scheduler.scheduled-time>',
          },
        },
      ]),
    );
    expect(seen).toHaveLength(2);
    // What Scheduler delivers once it substitutes the scheduled time must parse with the trigger's own schema.
    for (const s of seen) {
      const delivered = JSON.parse(
        JSON.stringify(s.input).replace('<aws.scheduler.scheduled-time>', '2026-11-21T02:00:00Z'),
      );
      expect(triggerEventSchema.safeParse(delivered).success).toBe(true);
    }
  });

  it('one rule per event pattern, with the pattern verbatim, on the Holdfast bus for non-AWS sources', () => {
    const rules = Object.values(resources('AWS::Events::Rule')).filter((r) =>
      String(r.Properties.Description).startsWith('Holdfast policy'),
    );
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.Properties ?? {};
    expect(rule.EventPattern).toEqual({
      source: ['kubernetes-event-exporter'],
      'detail-type': ['Kubernetes Event'],
      detail: { reason: ['ScalingReplicaSet'], involvedObject: { kind: ['Deployment'], namespace: ['pacman'] } },
    });
    expect(JSON.stringify(rule.EventBusName)).toMatch(/ExportsOutputRefBus/);
    const [target] = rule.Targets as { InputTransformer: { InputTemplate: string } }[];
    const template = target?.InputTransformer.InputTemplate ?? '';
    expect(template).toBe(
      '{"trigger":"event","policy":"pacman","name":"after-rollout","event":<aws.events.event.json>}',
    );
    // What EventBridge delivers once it substitutes the event must parse with the trigger's own schema.
    const event = {
      version: '0',
      id: 'e-1',
      'detail-type': 'Kubernetes Event',
      source: 'kubernetes-event-exporter',
      account: '1',
      time: '2026-11-21T02:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: {},
    };
    expect(
      triggerEventSchema.safeParse(JSON.parse(template.replace('<aws.events.event.json>', JSON.stringify(event))))
        .success,
    ).toBe(true);
  });

  it('aws.rds events go to rds-events on the default bus, run outcomes to notify on the Holdfast bus', () => {
    const byDescription = (prefix: string) =>
      Object.values(resources('AWS::Events::Rule')).find((r) => String(r.Properties.Description).startsWith(prefix))
        ?.Properties;
    const rds = byDescription('aws.rds');
    expect(rds?.EventBusName).toBeUndefined();
    expect((rds?.EventPattern as { source?: string[] } | undefined)?.source).toEqual(['aws.rds']);
    const outcomes = byDescription('Holdfast run outcomes');
    expect(outcomes?.EventPattern).toEqual({ source: ['holdfast'], 'detail-type': ['Run Succeeded', 'Run Failed'] });
  });
});
