import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  holdfastDetailTypes,
  holdfastEventSchema,
  notificationTargetSchema,
  runOutcomeEventSchema,
  subjectIdSchema,
} from '../../events/holdfast.js';

const samplesDir = new URL('../../events/samples/holdfast/', import.meta.url);
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({
    file,
    json: JSON.parse(readFileSync(new URL(file, samplesDir), 'utf8')) as Record<string, unknown>,
  }));

function sample(detailType: string): Record<string, unknown> {
  const found = samples.find((s) => s.json['detail-type'] === detailType);
  if (!found) throw new Error(`no sample for ${detailType}`);
  return structuredClone(found.json);
}

function withDetail(detailType: string, patch: (detail: Record<string, unknown>) => void): unknown {
  const event = sample(detailType);
  patch(event.detail as Record<string, unknown>);
  return event;
}

describe('Holdfast bus events', () => {
  it('has exactly one sample per detail type', () => {
    expect(samples.map((s) => s.json['detail-type']).sort()).toEqual([...holdfastDetailTypes].sort());
  });

  it.each(samples)('validates sample $file against its own detail type', ({ json }) => {
    const parsed = holdfastEventSchema.parse(json);
    expect(parsed['detail-type']).toBe(json['detail-type']);
    expect(parsed.source).toBe('holdfast');
  });

  it('parses the run outcome samples with the notify schema and keeps their targets', () => {
    const failed = runOutcomeEventSchema.parse(sample('Run Failed'));
    expect(failed['detail-type']).toBe('Run Failed');
    if (failed['detail-type'] !== 'Run Failed') throw new Error('narrowing');
    expect(failed.detail.error.phase).toBe('lockTables');
    expect(failed.detail.notifications).toHaveLength(1);
    expect(() => runOutcomeEventSchema.parse(sample('Restore Point Created'))).toThrow();
  });

  it('defaults stages, phases and notifications to empty lists', () => {
    const event = withDetail('Run Succeeded', (d) => {
      delete d.stages;
      delete d.phases;
      delete d.notifications;
    });
    const parsed = runOutcomeEventSchema.parse(event);
    expect(parsed.detail).toMatchObject({ stages: [], phases: [], notifications: [] });
  });

  it('rejects an unknown or misspelt detail field', () => {
    const result = holdfastEventSchema.safeParse(withDetail('Run Succeeded', (d) => (d.restorepoint = {})));
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('restorepoint');
  });

  it('keeps envelope fields AWS may add without failing', () => {
    expect(holdfastEventSchema.safeParse({ ...sample('Run Failed'), 'replay-name': 'r1', extra: 1 }).success).toBe(
      true,
    );
  });

  it('rejects events from another source or with a detail of another type', () => {
    expect(holdfastEventSchema.safeParse({ ...sample('Run Failed'), source: 'aws.rds' }).success).toBe(false);
    expect(holdfastEventSchema.safeParse({ ...sample('Run Failed'), 'detail-type': 'Run Succeeded' }).success).toBe(
      false,
    );
  });

  it('requires an error on Run Failed and a restore point on Restore Point Created', () => {
    expect(holdfastEventSchema.safeParse(withDetail('Run Failed', (d) => delete d.error)).success).toBe(false);
    expect(
      holdfastEventSchema.safeParse(withDetail('Restore Point Created', (d) => delete d.restorePoint)).success,
    ).toBe(false);
  });

  it('checks subject ids are <cluster>/<namespace>/<kind>/<name>, namespace may be empty', () => {
    expect(subjectIdSchema.safeParse('prod/shop/StatefulSet/postgres').success).toBe(true);
    expect(subjectIdSchema.safeParse('prod//Namespace/shop').success).toBe(true);
    expect(subjectIdSchema.safeParse('prod/shop/postgres').success).toBe(false);
    expect(subjectIdSchema.safeParse('prod/shop/StatefulSet/postgres/extra').success).toBe(false);
  });
});

describe('notification targets', () => {
  it('accepts secret references of every supported form', () => {
    for (const urlSecret of [
      'ssm:/holdfast/slack',
      'secretsmanager:holdfast/notify#slackUrl',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:holdfast/notify-AbCdEf#url',
      'arn:aws:ssm:eu-west-1:123456789012:parameter/holdfast/slack',
    ]) {
      expect(notificationTargetSchema.safeParse({ kind: 'slack', urlSecret, on: ['failure'] }).success).toBe(true);
    }
  });

  it('rejects a pasted secret value where a secret name belongs', () => {
    const result = notificationTargetSchema.safeParse({
      kind: 'slack',
      urlSecret: 'https://hooks.slack.com/services/T000/B000/XXXX',
      on: ['failure'],
    });
    expect(result.success).toBe(false);
  });

  it('requires a signing key for webhooks', () => {
    const result = notificationTargetSchema.safeParse({ kind: 'webhook', urlSecret: 'ssm:/hook', on: ['success'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['keySecret']);
  });

  it('requires at least one outcome to notify on', () => {
    expect(notificationTargetSchema.safeParse({ kind: 'slack', urlSecret: 'ssm:/s', on: [] }).success).toBe(false);
  });
});
