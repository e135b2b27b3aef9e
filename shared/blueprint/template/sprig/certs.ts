/**
 * sprig v2.22.0's certificate functions (crypto.go): genCA, genSelfSignedCert, genSignedCert, buildCustomCert.
 * Certificates are built as Go's x509.CreateCertificate lays them out for these templates (RSA-2048 keys,
 * SHA256-RSA, 128-bit random serial, key usage, server+client auth, basic constraints, subject key id for CAs,
 * authority key id when signed by a CA, DNS then IP SANs) and PEM-encoded like encoding/pem.
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';
import { isIP } from 'node:net';
import { formatValue } from '../fmt.js';
import { GoStruct, type GoValue, type StructType, T } from '../values.js';
import { goError } from './define.js';
import {
  asn1String,
  bitString,
  bool,
  children,
  explicit,
  integer,
  type Node,
  nullDer,
  octets,
  oid,
  oidString,
  read,
  seq,
  set,
  time,
  tlv,
} from './der.js';
import { decodeBase64Bytes } from './encoding.js';

export const CERTIFICATE: StructType = {
  name: 'sprig.certificate',
  fields: [
    { name: 'Cert', type: T.string },
    { name: 'Key', type: T.string },
  ],
};

export const certificate = (cert: string, key: string): GoStruct =>
  new GoStruct(
    CERTIFICATE,
    new Map<string, GoValue>([
      ['Cert', cert],
      ['Key', key],
    ]),
  );

const SHA256_RSA = seq(oid('1.2.840.113549.1.1.11'), nullDer());

/** encoding/pem: 64-column base64 between BEGIN/END lines. */
export function pem(type: string, der: Uint8Array): string {
  const b64 =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${b64.join('\n')}${b64.length ? '\n' : ''}-----END ${type}-----\n`;
}

/** pem.Decode: the first PEM block's type and bytes, or null. */
export function pemDecode(text: string): { type: string; der: Uint8Array } | null {
  const m = /-----BEGIN ([^-\n]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return null;
  const body = (m[2] ?? '').split(/\r?\n/).filter((l) => !l.includes(':'));
  return { type: m[1] ?? '', der: Uint8Array.from(Buffer.from(body.join(''), 'base64')) };
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

function keyUsage(ca: boolean): Uint8Array {
  // DigitalSignature | KeyEncipherment (| CertSign), bits reversed into one byte, trailing zero bits unused.
  return ca ? tlv(0x03, [2, 0xa4]) : tlv(0x03, [5, 0xa0]);
}

function ipBytes(ip: string): Uint8Array {
  if (isIP(ip) === 4) return Uint8Array.from(ip.split('.').map(Number));
  const full = new URL(`http://[${ip}]`).hostname.slice(1, -1);
  const [head = '', tail = ''] = full.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = full.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return Uint8Array.from(groups.flatMap((g) => [Number.parseInt(g, 16) >> 8, Number.parseInt(g, 16) & 0xff]));
}

interface Template {
  readonly cn: string;
  readonly ips: readonly string[];
  readonly dns: readonly string[];
  readonly days: number;
  readonly ca: boolean;
}

interface Issuer {
  readonly name: Uint8Array;
  readonly key: KeyObject;
  readonly keyId: Uint8Array | null;
}

function tbs(t: Template, spki: Uint8Array, issuer: Issuer | null): Uint8Array {
  const subject = seq(set(seq(oid('2.5.4.3'), asn1String(t.cn))));
  const pub = read(spki);
  const pubBits = children(pub)[1]?.body.subarray(1) ?? new Uint8Array();
  const ski = t.ca ? createHash('sha1').update(pubBits).digest() : null;
  const now = new Date();
  const exts = [
    extension('2.5.29.15', true, keyUsage(t.ca)),
    extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))),
    extension('2.5.29.19', true, t.ca ? seq(bool(true)) : seq()),
  ];
  if (ski) exts.push(extension('2.5.29.14', false, octets(ski)));
  if (issuer?.keyId) exts.push(extension('2.5.29.35', false, seq(tlv(0x80, issuer.keyId))));
  const sans = [...t.dns.map((d) => tlv(0x82, Buffer.from(d))), ...t.ips.map((ip) => tlv(0x87, ipBytes(ip)))];
  if (sans.length > 0) exts.push(extension('2.5.29.17', false, seq(...sans)));
  return seq(
    explicit(0, integer(2n)),
    integer(BigInt(`0x${randomBytes(16).toString('hex')}`)),
    SHA256_RSA,
    issuer?.name ?? subject,
    seq(time(now), time(new Date(now.getTime() + t.days * 86_400_000))),
    subject,
    pub.raw,
    explicit(3, seq(...exts)),
  );
}

/** getCertAndKey: a new RSA-2048 key, the certificate signed by the issuer (or itself), both PEM. */
function create(t: Template, issuer: Issuer | null): GoStruct {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const body = tbs(t, publicKey.export({ type: 'spki', format: 'der' }), issuer);
  const signature = sign('sha256', body, issuer?.key ?? privateKey);
  const der = seq(body, SHA256_RSA, bitString(signature));
  return certificate(pem('CERTIFICATE', der), privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
}

function stringList(v: GoValue, what: (x: GoValue) => string): string[] {
  const items = v !== null && typeof v === 'object' && 'items' in v ? ((v.items as GoValue[] | null) ?? []) : [];
  return items.map((x) => (typeof x === 'string' ? x : goError(what(x))));
}

function template(cn: string, ips: GoValue, dns: GoValue, days: bigint, ca: boolean): Template {
  const ipList = stringList(ips, (x) => `error parsing ip: ${formatValue(x)} is not a string`);
  for (const ip of ipList) if (isIP(ip) === 0) goError(`error parsing ip: ${ip}`);
  const dnsList = stringList(dns, (x) => `error processing alternate dns name: ${formatValue(x)} is not a string`);
  return { cn, ips: ipList, dns: dnsList, days: Number(days), ca };
}

export const genCA = (cn: string, days: bigint): GoStruct => create(template(cn, null, null, days, true), null);

export const genSelfSignedCert = (cn: string, ips: GoValue, dns: GoValue, days: bigint): GoStruct =>
  create(template(cn, ips, dns, days, false), null);

/** The parsed signer: its subject (as the issuer name) and subject key id from the certificate, and its key. */
function issuerOf(ca: GoValue, certVar = 'decodedSignerCert', keyVar = 'decodedSignerKey'): Issuer {
  const f = ca instanceof GoStruct ? ca.fields : new Map<string, GoValue>();
  const certBlock = pemDecode(String(f.get('Cert') ?? ''));
  if (certBlock === null) goError('unable to decode certificate');
  let tbsNode: Node;
  try {
    new X509Certificate(certBlock.der);
    tbsNode = children(read(certBlock.der))[0] as Node;
  } catch (e) {
    return goError(
      `error parsing certificate: ${certVar}.Bytes: x509: malformed certificate (${(e as Error).message})`,
    );
  }
  const keyBlock = pemDecode(String(f.get('Key') ?? ''));
  if (keyBlock === null) goError('unable to decode key');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(keyBlock.der), format: 'der', type: 'pkcs1' });
  } catch {
    return goError(`error parsing prive key: ${keyVar}.Bytes: asn1: structure error: tags don't match`);
  }
  const fields = children(tbsNode);
  const hasVersion = fields[0]?.tag === 0xa0;
  const subject = fields[hasVersion ? 5 : 4];
  return { name: subject?.raw ?? seq(), key, keyId: subjectKeyId(fields) };
}

function subjectKeyId(tbsFields: Node[]): Uint8Array | null {
  const exts = tbsFields.find((n) => n.tag === 0xa3);
  if (!exts) return null;
  for (const ext of children(children(exts)[0] as Node)) {
    const [id, ...rest] = children(ext);
    if (id && oidString(id.body) === '2.5.29.14') {
      const value = rest.at(-1);
      return value ? read(value.body).body : null;
    }
  }
  return null;
}

export const genSignedCert = (cn: string, ips: GoValue, dns: GoValue, days: bigint, ca: GoValue): GoStruct => {
  const issuer = issuerOf(ca);
  return create(template(cn, ips, dns, days, false), issuer);
};

/** buildCustomCert: validates base64 PEM certificate and PKCS#1 key and returns them as given. */
export function buildCustomCert(b64cert: string, b64key: string): GoStruct {
  let cert: Uint8Array;
  let key: Uint8Array;
  try {
    cert = decodeBase64Bytes(b64cert);
  } catch {
    return goError('unable to decode base64 certificate');
  }
  try {
    key = decodeBase64Bytes(b64key);
  } catch {
    return goError('unable to decode base64 private key');
  }
  const certText = Buffer.from(cert).toString('utf8');
  const keyText = Buffer.from(key).toString('utf8');
  issuerOf(certificate(certText, keyText), 'decodedCert', 'decodedKey');
  return certificate(certText, keyText);
}
