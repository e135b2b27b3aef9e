import { describe, expect, it } from 'vitest';
import { SecretReadError, SecretReferenceError } from '../../../shared/notify/errors.js';
import { CachingSecretReader, parseSecretRef, type SecretFetcher } from '../../../shared/notify/secrets.js';

class CountingFetcher implements SecretFetcher {
  readonly calls: string[] = [];
  constructor(
    private readonly values: Record<string, string>,
    private failNext = 0,
  ) {}
  async fetch(id: string): Promise<string> {
    this.calls.push(id);
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('ThrottlingException: Rate exceeded');
    }
    const v = this.values[id];
    if (v === undefined) throw new Error(`ResourceNotFoundException: ${id} not found`);
    return v;
  }
}

describe('parseSecretRef', () => {
  it('routes prefixes and ARNs to their store', () => {
    expect(parseSecretRef('ssm:/holdfast/slack')).toEqual({ store: 'ssm', id: '/holdfast/slack' });
    expect(parseSecretRef('secretsmanager:holdfast/notify')).toEqual({
      store: 'secretsmanager',
      id: 'holdfast/notify',
    });
    expect(parseSecretRef('secretsmanager:holdfast/notify#hmacKey')).toEqual({
      store: 'secretsmanager',
      id: 'holdfast/notify',
      jsonKey: 'hmacKey',
    });
    const smArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:holdfast/notify-AbCdEf';
    expect(parseSecretRef(`${smArn}#url`)).toEqual({ store: 'secretsmanager', id: smArn, jsonKey: 'url' });
    const ssmArn = 'arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/holdfast/slack';
    expect(parseSecretRef(ssmArn)).toEqual({ store: 'ssm', id: ssmArn });
  });

  it.each([
    'https://hooks.slack.com/services/T/B/X',
    'holdfast/slack',
    'ssm:',
    'ssm:/p#key',
    'secretsmanager:a#b#c',
    'secretsmanager:a#',
    'arn:aws:ssm:eu-west-1:1:secret:x',
    'arn:aws:s3:::bucket/key',
  ])('rejects %s', (ref) => {
    expect(() => parseSecretRef(ref)).toThrow(SecretReferenceError);
  });
});

describe('CachingSecretReader', () => {
  it('reads each store once per TTL, sharing one fetch between JSON keys of one secret', async () => {
    let now = 0;
    const sm = new CountingFetcher({ 'holdfast/notify': '{"url":"https://example.com/h","hmacKey":"k-123456"}' });
    const reader = new CachingSecretReader({ secretsmanager: sm }, { ttlMs: 1000, now: () => now });
    expect(await reader.get('secretsmanager:holdfast/notify#url')).toBe('https://example.com/h');
    expect(await reader.get('secretsmanager:holdfast/notify#hmacKey')).toBe('k-123456');
    now = 999;
    await reader.get('secretsmanager:holdfast/notify#url');
    expect(sm.calls).toHaveLength(1);
    now = 1000;
    await reader.get('secretsmanager:holdfast/notify#url');
    expect(sm.calls).toHaveLength(2);
  });

  it('shares one fetch between concurrent reads', async () => {
    const ssm = new CountingFetcher({ '/a': 'value-a' });
    const reader = new CachingSecretReader({ ssm });
    const values = await Promise.all([reader.get('ssm:/a'), reader.get('ssm:/a'), reader.get('ssm:/a')]);
    expect(values).toEqual(['value-a', 'value-a', 'value-a']);
    expect(ssm.calls).toEqual(['/a']);
  });

  it('does not cache failures, and names the reference but not a value in the error', async () => {
    const ssm = new CountingFetcher({ '/a': 'value-a' }, 1);
    const reader = new CachingSecretReader({ ssm });
    const err = await reader.get('ssm:/a').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretReadError);
    expect((err as Error).message).toBe('cannot read secret ssm:/a: ThrottlingException: Rate exceeded');
    expect(await reader.get('ssm:/a')).toBe('value-a');
  });

  it('never quotes a non-JSON secret when a #key was asked for', async () => {
    const secret = 'https://hooks.slack.com/services/T0/B0/VERYSECRET';
    const reader = new CachingSecretReader({ secretsmanager: new CountingFetcher({ s: secret }) });
    const err = (await reader.get('secretsmanager:s#url').catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(SecretReadError);
    expect(err.message).not.toContain('VERYSECRET');
    expect(String(err.cause ?? '')).not.toContain('VERYSECRET');
  });

  it('fails clearly on a missing JSON key or a store without a reader', async () => {
    const reader = new CachingSecretReader({ secretsmanager: new CountingFetcher({ s: '{"other":"x"}' }) });
    await expect(reader.get('secretsmanager:s#url')).rejects.toThrow('has no non-empty string field "url"');
    await expect(reader.get('ssm:/p')).rejects.toThrow('no ssm reader is configured');
  });
});
