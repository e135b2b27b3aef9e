import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type RunOutcomeEvent, runOutcomeEventSchema } from '../../../events/holdfast.js';
import { SLACK_LIMITS, type SlackBlock, type SlackMessage, slackMessage } from '../../../shared/notify/slack.js';

function load(name: string): RunOutcomeEvent {
  const path = new URL(`../../../events/samples/holdfast/${name}.json`, import.meta.url);
  return runOutcomeEventSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

function texts(block: SlackBlock): string[] {
  switch (block.type) {
    case 'header':
      return [block.text.text];
    case 'section':
      return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text)];
    case 'context':
      return block.elements.map((e) => e.text);
    default:
      return [];
  }
}

function fieldsOf(message: SlackMessage): Record<string, string> {
  const section = message.blocks.find((b) => b.type === 'section' && b.fields);
  if (section?.type !== 'section' || !section.fields) throw new Error('no field section');
  return Object.fromEntries(
    section.fields.map((f) => {
      const [label = '', ...rest] = f.text.split('\n');
      return [label.replaceAll('*', ''), rest.join('\n')];
    }),
  );
}

function expectWithinLimits(message: SlackMessage): void {
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  for (const block of message.blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (block.type === 'section') {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.fields);
      for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
  }
}

describe('slackMessage', () => {
  it('reports a succeeded backup: header, policy, subject, action, duration, quiesce window, restore point', () => {
    const message = slackMessage(load('run-succeeded'));
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Backup succeeded: prod-eks/shop/StatefulSet/postgres' },
    });
    expect(fieldsOf(message)).toEqual({
      Policy: 'shop-nightly',
      Subject: 'prod-eks/shop/StatefulSet/postgres',
      Action: 'backup',
      Duration: '7 min 36 s',
      'Quiesce window': '2025-06-01 02:00:05 UTC → 02:00:11 UTC (6.8 s)',
      'Restore point': '2025-06-01T02:00:05.112Z#01JWMZ3R8Q4W6V2T9K7H5B1C0D\napplication-consistent, 3 artifact(s)',
    });
    expect(message.text).toBe(
      'Backup succeeded: prod-eks/shop/StatefulSet/postgres (policy shop-nightly) in 7 min 36 s',
    );
    const all = message.blocks.flatMap(texts).join('\n');
    expect(all).toContain('• backupPrehook/lockTables (KubeExec): succeeded, 3.2 s');
    expect(all).toContain('• rds-copy orders-db (eu-central-1)');
    expectWithinLimits(message);
  });

  it('reports a failed run with the failed phase and the error in a code block', () => {
    const message = slackMessage(load('run-failed'));
    expect(message.blocks[0]?.type === 'header' && message.blocks[0].text.text).toBe(
      'Backup failed: prod-eks/shop/StatefulSet/postgres',
    );
    expect(fieldsOf(message)['Failed phase']).toBe('lockTables, stage quiesce');
    const error = message.blocks.flatMap(texts).find((t) => t.startsWith('*Error*'));
    expect(error).toMatch(/^\*Error\*\n```phase lockTables \(KubeExec\): command terminated with exit code 2/);
    expect(error?.endsWith('```')).toBe(true);
    expect(message.text).toContain('Backup failed: prod-eks/shop/StatefulSet/postgres (policy shop-nightly): phase');
  });

  it('says timed out and cancelled in words', () => {
    const base = load('run-failed');
    if (base['detail-type'] !== 'Run Failed') throw new Error('sample');
    const timedOut = slackMessage({ ...base, detail: { ...base.detail, state: 'timed-out', kind: 'restore' } });
    expect(timedOut.text.startsWith('Restore timed out:')).toBe(true);
  });

  it('truncates with "…" to stay within Block Kit limits however large the run', () => {
    const base = load('run-failed');
    if (base['detail-type'] !== 'Run Failed') throw new Error('sample');
    const huge: RunOutcomeEvent = {
      ...base,
      detail: {
        ...base.detail,
        subjectId: `prod/${'n'.repeat(200)}/StatefulSet/${'p'.repeat(200)}`,
        policy: 'q'.repeat(2500),
        error: { message: `${'x'.repeat(8000)}\u{1F600}`, phase: 'lockTables' },
        phases: Array.from({ length: 500 }, (_, i) => ({
          action: 'backup',
          name: `phase-${i}-${'y'.repeat(40)}`,
          func: 'KubeTask',
          state: 'succeeded' as const,
          durationSeconds: i,
        })),
      },
    };
    const message = slackMessage(huge);
    expectWithinLimits(message);
    const all = message.blocks.flatMap(texts);
    expect(all.filter((t) => t.endsWith('…') || t.endsWith('…```')).length).toBeGreaterThanOrEqual(4);
    expect(message.text.endsWith('…')).toBe(true);
  });

  it('escapes Slack control characters so an error cannot ping a channel or forge a link', () => {
    const base = load('run-failed');
    if (base['detail-type'] !== 'Run Failed') throw new Error('sample');
    const message = slackMessage({
      ...base,
      detail: { ...base.detail, error: { message: 'oops <!channel> <https://evil.example|click> & more' } },
    });
    const all = [message.text, ...message.blocks.flatMap(texts)].join('\n');
    expect(all).not.toContain('<!channel>');
    expect(all).toContain('&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; more');
  });
});
