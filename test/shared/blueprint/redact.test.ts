import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../shared/blueprint/redact.js';

describe('Redactor', () => {
  it('masks a secret value, its base64 and URL-encoded forms', () => {
    const r = new Redactor();
    r.add('p@ss word!');
    const b64 = Buffer.from('p@ss word!').toString('base64');
    expect(r.redact(`pw=p@ss word! b64=${b64} url=${encodeURIComponent('p@ss word!')}`)).toBe('pw=*** b64=*** url=***');
  });

  it('masks every line of a multi-line secret', () => {
    const r = new Redactor();
    r.add('-----BEGIN KEY-----\nAAAABBBBCCCCDDDD\n-----END KEY-----');
    expect(r.redact('line: AAAABBBBCCCCDDDD')).toBe('line: ***');
  });

  it('masks short values only as a whole string', () => {
    const r = new Redactor();
    r.add('ab');
    expect(r.redact('ab')).toBe('***');
    expect(r.redact('table')).toBe('table');
  });

  it('redacts keys and values deep inside objects without touching other types', () => {
    const r = new Redactor();
    r.add('hunter22');
    expect(r.redactDeep({ a: ['x hunter22'], hunter22: 3, n: null, b: true })).toEqual({
      a: ['x ***'],
      '***': 3,
      n: null,
      b: true,
    });
  });

  it('prefers the longest match so no fragment of a longer secret survives', () => {
    const r = new Redactor();
    r.add('secret');
    r.add('secret-extended');
    expect(r.redact('secret-extended')).toBe('***');
  });
});
