/**
 * The Slack message for a run outcome: Block Kit blocks (header, fields, error, phases, artifacts, context) plus a
 * plain-text fallback for notifications and clients without blocks. Pure; within Block Kit's limits, truncating with
 * "…" rather than letting Slack reject the whole message (`invalid_blocks`).
 *
 * Everything shown comes from the event, which holds no secret values; the caller still redacts the result.
 */
import type { RunOutcomeEvent } from '../../events/holdfast.js';
import { escapeMrkdwn, formatDuration, formatUtc, secondsBetween, truncate } from './text.js';

/** Block Kit limits (api.slack.com/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  /** Slack truncates `text` at 40,000; a notification preview shows far less, so keep it to one section's worth. */
  fallbackText: 3000,
} as const;

interface PlainText {
  readonly type: 'plain_text';
  readonly text: string;
}
interface Mrkdwn {
  readonly type: 'mrkdwn';
  readonly text: string;
}
export type SlackBlock =
  | { readonly type: 'header'; readonly text: PlainText }
  | { readonly type: 'section'; readonly text?: Mrkdwn; readonly fields?: readonly Mrkdwn[] }
  | { readonly type: 'context'; readonly elements: readonly Mrkdwn[] }
  | { readonly type: 'divider' };

/** The body of a Slack incoming-webhook POST. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

export function slackMessage(event: RunOutcomeEvent): SlackMessage {
  const d = event.detail;
  const title = `${headline(event)}: ${d.subjectId}`;
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.headerText) } },
    { type: 'section', fields: fields(event).slice(0, SLACK_LIMITS.fields) },
  ];
  if (event['detail-type'] === 'Run Failed') {
    blocks.push(section(`*Error*\n${codeBlock(event.detail.error.message, SLACK_LIMITS.sectionText - 10)}`));
  }
  if (d.phases.length > 0) {
    const lines = d.phases.map((p) => {
      const took = p.durationSeconds === undefined ? '' : `, ${formatDuration(p.durationSeconds)}`;
      return `• ${p.action}/${p.name || '(unnamed)'} (${p.func}): ${p.state}${took}`;
    });
    blocks.push(section(`*Phases*\n${escapeMrkdwn(lines.join('\n'))}`));
  }
  const artifacts = d.restorePoint?.artifacts ?? [];
  if (artifacts.length > 0) {
    const lines = artifacts.map((a) => `• ${a.type} ${a.name}${a.region ? ` (${a.region})` : ''}`);
    blocks.push(section(`*Artifacts*\n${escapeMrkdwn(lines.join('\n'))}`));
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(`Run ${escapeMrkdwn(d.runId)} · ended ${formatUtc(d.endedAt)} · event ${escapeMrkdwn(event.id)}`),
    ],
  });
  return {
    text: truncate(escapeMrkdwn(fallback(event)), SLACK_LIMITS.fallbackText),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
}

function headline(event: RunOutcomeEvent): string {
  const kind = event.detail.kind.charAt(0).toUpperCase() + event.detail.kind.slice(1);
  if (event['detail-type'] === 'Run Succeeded') return `${kind} succeeded`;
  return `${kind} ${event.detail.state === 'timed-out' ? 'timed out' : event.detail.state}`;
}

function fields(event: RunOutcomeEvent): Mrkdwn[] {
  const d = event.detail;
  const out: [string, string][] = [
    ['Policy', d.policy ?? '(on demand)'],
    ['Subject', d.subjectId],
    ['Action', d.kind],
    ['Duration', formatDuration(d.durationSeconds ?? secondsBetween(d.startedAt, d.endedAt) ?? Number.NaN)],
  ];
  const quiesce = d.quiesce ?? d.restorePoint?.quiesce;
  if (quiesce) {
    const end = formatUtc(quiesce.end).slice(11);
    out.push(['Quiesce window', `${formatUtc(quiesce.start)} → ${end} (${formatDuration(quiesce.seconds)})`]);
  }
  if (d.restorePoint) {
    const rp = d.restorePoint;
    out.push(['Restore point', `${rp.id}\n${rp.consistency}-consistent, ${rp.artifacts.length} artifact(s)`]);
  }
  if (event['detail-type'] === 'Run Failed') {
    const { phase, stage } = event.detail.error;
    out.push(['Failed phase', [phase, stage && `stage ${stage}`].filter(Boolean).join(', ') || 'unknown']);
  }
  return out.map(([label, value]) => mrkdwn(truncate(`*${label}*\n${escapeMrkdwn(value)}`, SLACK_LIMITS.fieldText)));
}

function fallback(event: RunOutcomeEvent): string {
  const d = event.detail;
  const policy = d.policy ? ` (policy ${d.policy})` : '';
  const head = `${headline(event)}: ${d.subjectId}${policy}`;
  if (event['detail-type'] === 'Run Failed') return `${head}: ${event.detail.error.message}`;
  const took = d.durationSeconds ?? secondsBetween(d.startedAt, d.endedAt);
  return took === undefined ? head : `${head} in ${formatDuration(took)}`;
}

function section(text: string): SlackBlock {
  return { type: 'section', text: mrkdwn(truncate(text, SLACK_LIMITS.sectionText)) };
}

function mrkdwn(text: string): Mrkdwn {
  return { type: 'mrkdwn', text };
}

/** A fenced block whose content is cut first, so truncation never eats the closing fence. */
function codeBlock(text: string, max: number): string {
  const body = escapeMrkdwn(text.replace(/```/g, "'''"));
  return `\`\`\`${truncate(body, max - 6)}\`\`\``;
}
