/**
 * Small text helpers for notifications: length-bounded truncation that never splits a character or an HTML entity,
 * Slack mrkdwn escaping, and human durations and times.
 */

export const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `max` UTF-16 code units (Slack counts characters; code units are never fewer), ending in "…"
 * when cut. Never leaves half a surrogate pair or half an `&amp;`-style entity at the end.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, max - ELLIPSIS.length);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  return cut + ELLIPSIS;
}

/** Slack mrkdwn: `&`, `<` and `>` are control characters (links, mentions); everything else is shown as written. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `0.4 s`, `12.3 s`, `7 min 36 s`, `2 h 5 min`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'unknown';
  if (seconds < 60) return `${Math.round(seconds * 10) / 10} s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min ${s} s`;
}

/** `2025-06-01 02:00:05 UTC` from an ISO time; the input unchanged if it does not parse. */
export function formatUtc(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Seconds between two ISO times, or undefined when either is missing or unparsable. */
export function secondsBetween(start?: string, end?: string): number | undefined {
  if (!start || !end) return undefined;
  const s = Date.parse(start);
  const e = Date.parse(end);
  return Number.isNaN(s) || Number.isNaN(e) ? undefined : Math.max(0, (e - s) / 1000);
}
