import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, formatDuration, formatUtc, truncate } from '../../../shared/notify/text.js';

describe('truncate', () => {
  it('leaves short text alone and ends cut text in "…" within the limit', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 6)).toBe('hello…');
    expect(truncate('hello world', 6).length).toBe(6);
  });

  it('never leaves half a surrogate pair', () => {
    const cut = truncate('ab\u{1F600}cd', 4);
    expect(cut).toBe('ab…');
    expect(/[\uD800-\uDBFF]$/.test(cut.slice(0, -1))).toBe(false);
  });

  it('never leaves half an HTML entity', () => {
    expect(truncate(escapeMrkdwn('abc <x>'), 7)).toBe('abc …');
  });
});

describe('formatting', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn('a & <b> *c* `d`')).toBe('a &amp; &lt;b&gt; *c* `d`');
  });

  it('formats durations for people', () => {
    expect(formatDuration(0.42)).toBe('0.4 s');
    expect(formatDuration(59.94)).toBe('59.9 s');
    expect(formatDuration(456.3)).toBe('7 min 36 s');
    expect(formatDuration(7500)).toBe('2 h 5 min');
    expect(formatDuration(Number.NaN)).toBe('unknown');
  });

  it('formats times in UTC', () => {
    expect(formatUtc('2025-06-01T04:00:05.112+02:00')).toBe('2025-06-01 02:00:05 UTC');
    expect(formatUtc('garbage')).toBe('garbage');
  });
});
