/**
 * sprig v2.22.0 crypto functions (crypto.go) as Kanister exposes them: hashes, uuidv4, AES, certificates, and
 * Kanister's ksprig FIPS replacements — `derivePassword` always fails and `genPrivateKey` only serves rsa/ecdsa
 * (ed25519 reaches sprig v2, which answers "Unknown type ed25519"); anything else is refused.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { T } from '../values.js';
import { buildCustomCert, CERTIFICATE, genCA, genSelfSignedCert, genSignedCert } from './certs.js';
import { type FuncTable, fn, goError, int, str, T_IFACES, T_INT, T_UINT32 } from './define.js';
import { Base64Error, decodeBase64Bytes } from './encoding.js';
import { fromUtf8, utf8 } from './gostr.js';

const S = T.string;
const CERT = T.struct(CERTIFICATE);

/** ksprig.UnsupportedSprigUsageErr. */
export const fipsRefusal = (usage: string): string =>
  `sprig usage of '${usage}' is not allowed by kanister as it is not FIPS compatible`;

function adler32(s: string): string {
  let a = 1;
  let b = 0;
  for (const byte of utf8(s)) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return String((b * 65536 + a) >>> 0);
}

/** ksprig genPrivateKey → sprig v2 generatePrivateKey for the types Kanister lets through. */
function genPrivateKey(typ: string): string {
  if (typ === 'rsa') {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
    return privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  }
  if (typ === 'ecdsa') {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return privateKey.export({ type: 'sec1', format: 'pem' }).toString();
  }
  if (typ === 'ed25519') return `Unknown type ${typ}`;
  return goError(fipsRefusal(`genPrivateKey for ${typ}`));
}

const aesKey = (password: string): Buffer => {
  const key = Buffer.alloc(32);
  Buffer.from(utf8(password)).copy(key, 0, 0, 32);
  return key;
};

/** AES-256-CBC, PKCS#7 padding, random IV prepended, base64. */
function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', aesKey(password), iv);
  return Buffer.concat([iv, cipher.update(utf8(plaintext)), cipher.final()]).toString('base64');
}

/** The inverse, with Go's panics for short or misaligned input and no padding validation. */
function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  let crypt: Uint8Array;
  try {
    crypt = decodeBase64Bytes(crypt64);
  } catch (e) {
    if (e instanceof Base64Error) return goError(e.message);
    throw e;
  }
  if (crypt.length < 16) goError(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) goError('crypto/cipher: input not full blocks');
  const decipher = createDecipheriv('aes-256-cbc', aesKey(password), crypt.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(body), decipher.final()]);
  if (plain.length === 0) goError('runtime error: index out of range [-1]');
  const end = plain.length - (plain[plain.length - 1] ?? 0);
  if (end < 0) goError(`runtime error: slice bounds out of range [:${end}]`);
  return fromUtf8(plain.subarray(0, end));
}

export const cryptoFuncs: FuncTable = {
  sha1sum: fn([S], S, ([s]) =>
    createHash('sha1')
      .update(utf8(str(s)))
      .digest('hex'),
  ),
  sha256sum: fn([S], S, ([s]) =>
    createHash('sha256')
      .update(utf8(str(s)))
      .digest('hex'),
  ),
  adler32sum: fn([S], S, ([s]) => adler32(str(s))),
  uuidv4: fn([], S, () => randomUUID()),
  genPrivateKey: fn([S], S, ([t]) => genPrivateKey(str(t))),
  derivePassword: fn([T_UINT32, S, S, S, S], S, () => goError(fipsRefusal('derivePassword'))),
  encryptAES: fn([S, S], S, ([p, t]) => encryptAES(str(p), str(t))),
  decryptAES: fn([S, S], S, ([p, c]) => decryptAES(str(p), str(c))),
  buildCustomCert: fn([S, S], CERT, ([c, k]) => buildCustomCert(str(c), str(k))),
  genCA: fn([S, T_INT], CERT, ([cn, d]) => genCA(str(cn), int(d))),
  genSelfSignedCert: fn([S, T_IFACES, T_IFACES, T_INT], CERT, ([cn, ips, dns, d]) =>
    genSelfSignedCert(str(cn), ips ?? null, dns ?? null, int(d)),
  ),
  genSignedCert: fn([S, T_IFACES, T_IFACES, T_INT, CERT], CERT, ([cn, ips, dns, d, ca]) =>
    genSignedCert(str(cn), ips ?? null, dns ?? null, int(d), ca ?? null),
  ),
};
