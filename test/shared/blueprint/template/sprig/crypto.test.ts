import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GoStruct } from '../../../../../shared/blueprint/template/values.js';
import { call, failure, list } from './call.js';

const field = (v: unknown, name: string): string => String((v as GoStruct).fields.get(name));
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('sprig crypto functions as Kanister exposes them', () => {
  it('hashes the UTF-8 bytes', () => {
    expect(call('sha1sum', 'abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(call('sha256sum', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(call('adler32sum', 'Wikipedia')).toBe('300286872');
    expect(call('adler32sum', '')).toBe('1');
    expect(call('uuidv4')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('applies Kanister’s FIPS replacements (ksprig)', () => {
    expect(failure('derivePassword', 1n, 'long', 'password', 'user', 'example.com')).toBe(
      "sprig usage of 'derivePassword' is not allowed by kanister as it is not FIPS compatible",
    );
    expect(failure('genPrivateKey', 'dsa')).toBe(
      "sprig usage of 'genPrivateKey for dsa' is not allowed by kanister as it is not FIPS compatible",
    );
    expect(failure('genPrivateKey', '')).toContain("'genPrivateKey for '");
    // Kanister lets ed25519 through to sprig v2, which predates ed25519 keys.
    expect(call('genPrivateKey', 'ed25519')).toBe('Unknown type ed25519');
  });

  it('genPrivateKey makes PEM keys Go would (PKCS#1 RSA 4096, SEC1 P-256)', () => {
    const ec = String(call('genPrivateKey', 'ecdsa'));
    expect(ec).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n[\s\S]+\n-----END EC PRIVATE KEY-----\n$/);
    expect(createPrivateKey(ec).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const rsa = String(call('genPrivateKey', 'rsa'));
    expect(rsa.startsWith('-----BEGIN RSA PRIVATE KEY-----\n')).toBe(true);
    expect(createPrivateKey(rsa).asymmetricKeyDetails?.modulusLength).toBe(4096);
  });

  it('encryptAES/decryptAES round-trip and fail as Go does on short or misaligned input', () => {
    const secret = String(call('encryptAES', 'secret', 'hello world, this is long'));
    expect(call('decryptAES', 'secret', secret)).toBe('hello world, this is long');
    expect(call('encryptAES', 'k', '')).toBe('');
    expect(call('decryptAES', 'k', '')).toBe('');
    expect(failure('decryptAES', 'k', 'QUJD')).toBe('runtime error: slice bounds out of range [:16] with capacity 3');
    expect(failure('decryptAES', 'k', 'QUJDREVGR0hJSktMTU5PUFFS')).toBe('crypto/cipher: input not full blocks');
    expect(failure('decryptAES', 'k', '%%')).toBe('illegal base64 data at input byte 0');
  });

  it('genCA and genSignedCert build a verifiable chain with SANs', () => {
    const ca = call('genCA', 'my-ca', 365n);
    const caCert = new X509Certificate(field(ca, 'Cert'));
    expect(caCert.subject).toBe('CN=my-ca');
    expect(caCert.ca).toBe(true);
    const leaf = call('genSignedCert', 'svc.example.com', list('10.0.0.1', '::1'), list('svc', 'svc.ns'), 30n, ca);
    const leafCert = new X509Certificate(field(leaf, 'Cert'));
    expect(leafCert.verify(caCert.publicKey)).toBe(true);
    expect(leafCert.issuer).toBe('CN=my-ca');
    expect(leafCert.ca).toBe(false);
    expect(leafCert.subjectAltName).toBe('DNS:svc, DNS:svc.ns, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(field(leaf, 'Key').startsWith('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
  });

  it('genSelfSignedCert validates its lists; buildCustomCert validates base64 PEM input', () => {
    const self = call('genSelfSignedCert', 'self', null, list('a.b'), 10n);
    expect(new X509Certificate(field(self, 'Cert')).subjectAltName).toBe('DNS:a.b');
    expect(failure('genSelfSignedCert', 'x', list('nope'), null, 1n)).toBe('error parsing ip: nope');
    expect(failure('genSelfSignedCert', 'x', list(1n), null, 1n)).toBe('error parsing ip: 1 is not a string');
    expect(failure('genSelfSignedCert', 'x', null, list(true), 1n)).toBe(
      'error processing alternate dns name: true is not a string',
    );
    const built = call('buildCustomCert', b64(field(self, 'Cert')), b64(field(self, 'Key')));
    expect(field(built, 'Cert')).toBe(field(self, 'Cert'));
    expect(failure('buildCustomCert', '%%', 'x')).toBe('unable to decode base64 certificate');
    expect(failure('buildCustomCert', b64('no pem'), b64('x'))).toBe('unable to decode certificate');
    expect(failure('buildCustomCert', b64(field(self, 'Cert')), b64('no pem'))).toBe('unable to decode key');
  });
});
