import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EksTokenSource, signEksToken, stsHost, TOKEN_PREFIX } from '../../../shared/kube/eks-token.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const signedAt = new Date('2026-03-01T10:00:00Z');

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();

/**
 * The presigned URL computed by hand from the SigV4 specification (canonical request → string to sign → signing
 * key), independently of the signer under test.
 */
function expectedUrl(cluster: string, region: string, sessionToken?: string): string {
  const host = `sts.${region}.amazonaws.com`;
  const date = '20260301';
  const amzDate = '20260301T100000Z';
  const scope = `${date}/${region}/sts/aws4_request`;
  const query: [string, string][] = [
    ['Action', 'GetCallerIdentity'],
    ['Version', '2011-06-15'],
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', '60'],
    ...(sessionToken ? ([['X-Amz-Security-Token', sessionToken]] as [string, string][]) : []),
    ['X-Amz-SignedHeaders', 'host;x-k8s-aws-id'],
  ];
  const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  const canonicalQuery = query
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .sort()
    .join('&');
  const canonicalRequest = [
    'GET',
    '/',
    canonicalQuery,
    `host:${host}\nx-k8s-aws-id:${cluster}\n`,
    'host;x-k8s-aws-id',
    sha256(''),
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), 'sts'), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  // Go's url.Values.Encode (what aws-iam-authenticator's SDK writes) sorts every parameter, the signature too.
  const all = [...canonicalQuery.split('&'), `X-Amz-Signature=${signature}`].sort().join('&');
  return `https://${host}/?${all}`;
}

const decode = (token: string) => Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8');

describe('signEksToken', () => {
  it('produces the exact aws-iam-authenticator token for a fixed clock and credentials', async () => {
    const { token, expiresAt } = await signEksToken({
      clusterName: 'prod-cluster',
      region: 'us-west-2',
      credentials,
      now: () => signedAt,
    });
    const url = expectedUrl('prod-cluster', 'us-west-2');
    expect(token).toBe(`k8s-aws-v1.${Buffer.from(url).toString('base64url')}`);
    expect(token).not.toMatch(/[=+/]/);
    expect(expiresAt.toISOString()).toBe('2026-03-01T10:15:00.000Z');
  });

  it('signs the session token of temporary credentials (the Lambda role) into the URL', async () => {
    const { token } = await signEksToken({
      clusterName: 'prod-cluster',
      region: 'eu-central-1',
      credentials: { ...credentials, sessionToken: 'IQoJb3JpZ2luX2VjE/token+with=chars' },
      now: () => signedAt,
    });
    expect(decode(token)).toBe(expectedUrl('prod-cluster', 'eu-central-1', 'IQoJb3JpZ2luX2VjE/token+with=chars'));
  });

  it('uses the regional endpoint in the partition of the region', () => {
    expect(stsHost('us-east-1')).toBe('sts.us-east-1.amazonaws.com');
    expect(stsHost('cn-north-1')).toBe('sts.cn-north-1.amazonaws.com.cn');
  });
});

describe('EksTokenSource', () => {
  it('reuses a token for 14 minutes and signs a new one before the 15 minutes of the URL end', async () => {
    let now = signedAt;
    let calls = 0;
    const source = new EksTokenSource({
      clusterName: 'prod-cluster',
      region: 'us-west-2',
      credentials: async () => {
        calls++;
        return credentials;
      },
      now: () => now,
    });
    const first = await source.token();
    now = new Date(signedAt.getTime() + 13 * 60_000 + 59_000);
    expect(await source.token()).toBe(first);
    now = new Date(signedAt.getTime() + 14 * 60_000);
    const second = await source.token();
    expect(second).not.toBe(first);
    expect(decode(second)).toContain('X-Amz-Date=20260301T101400Z');
    expect(calls).toBe(2);
  });

  it('signs once for callers that ask at the same time', async () => {
    let calls = 0;
    const source = new EksTokenSource({
      clusterName: 'c',
      region: 'us-west-2',
      credentials: async () => {
        calls++;
        return credentials;
      },
      now: () => signedAt,
    });
    const tokens = await Promise.all([source.token(), source.token(), source.token()]);
    expect(new Set(tokens).size).toBe(1);
    expect(calls).toBe(1);
  });
});
