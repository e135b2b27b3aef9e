import { describe, expect, it } from 'vitest';
import { call } from './call.js';

describe('sprig encoding functions', () => {
  it('b64enc/b64dec round-trip UTF-8 text', () => {
    expect(call('b64enc', 'héllo')).toBe('aMOpbGxv');
    expect(call('b64dec', 'aMOpbGxv')).toBe('héllo');
    expect(call('b64dec', 'Q0VSVA==')).toBe('CERT');
    expect(call('b64dec', 'QU\r\nJD')).toBe('ABC');
  });

  it('b64dec returns Go’s error text as its result, with Go’s byte offsets', () => {
    expect(call('b64dec', '%%%')).toBe('illegal base64 data at input byte 0');
    expect(call('b64dec', 'QQ')).toBe('illegal base64 data at input byte 0');
    expect(call('b64dec', 'QQ=')).toBe('illegal base64 data at input byte 3');
    expect(call('b64dec', 'QQ==x')).toBe('illegal base64 data at input byte 4');
    expect(call('b64dec', 'QU=D')).toBe('illegal base64 data at input byte 2');
    expect(call('b64dec', 'QUJDRA')).toBe('illegal base64 data at input byte 4');
    expect(call('b64dec', 'éé')).toBe('illegal base64 data at input byte 0');
  });

  it('b32enc/b32dec use the padded standard alphabet and report errors the same way', () => {
    expect(call('b32enc', 'hello!')).toBe('NBSWY3DPEE======');
    expect(call('b32dec', 'NBSWY3DP')).toBe('hello');
    expect(call('b32dec', 'NBSWY===')).toBe('hel');
    expect(call('b32dec', 'MZXW6Y\nTB')).toBe('fooba');
    expect(call('b32dec', 'NBSWY3D')).toBe('illegal base32 data at input byte 0');
    expect(call('b32dec', 'N=======')).toBe('illegal base32 data at input byte 1');
    expect(call('b32dec', 'mzxw6ytb')).toBe('illegal base32 data at input byte 0');
  });
});
