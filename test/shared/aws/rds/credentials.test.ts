import { DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { paramsSecretReader, resolveKeys, resolveRegion } from '../../../../shared/aws/rds/credentials.js';
import { openRdsSession } from '../../../../shared/aws/rds/session.js';
import type { KubeDataObject } from '../../../../shared/blueprint/functions-port.js';
import { phaseCall, rdsAccess } from '../../functions/rds/support.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (data: Record<string, string>): KubeDataObject => ({
  metadata: { name: 'aws-creds' },
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
});
const KEYS = { awsAccessKeyID: 'AKIDFROMSECRET', awsSecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRET' };

describe('RDS credentials', () => {
  const mock = mockClient(RDSClient);
  afterEach(() => mock.reset());

  it("credentialsSource secret: signs with the Secret's keys (a phase object), redacts them, never logs them", async () => {
    let signedWith: unknown;
    mock.on(DescribeDBSnapshotsCommand).callsFake(async (_input, getClient) => {
      signedWith = await getClient().config.credentials();
      return { DBSnapshots: [] };
    });
    const params = { Phases: { snap: { Secrets: { aws: secret(KEYS) } } } };
    const call = phaseCall({}, { phase: 'snap', params });
    const session = await openRdsSession(call, rdsAccess(), {
      credentialsSource: 'secret',
      credentialsSecret: 'aws',
      region: 'eu-central-1',
    });
    await session.send('DescribeDBSnapshots', 'x', (c) => c.send(new DescribeDBSnapshotsCommand({})));
    session.close();

    expect(signedWith).toMatchObject({ accessKeyId: 'AKIDFROMSECRET', secretAccessKey: KEYS.awsSecretAccessKey });
    expect(session.region).toBe('eu-central-1');
    expect(call.redactor.redact(`key ${KEYS.awsSecretAccessKey}`)).toBe('key ***');
    expect(JSON.stringify((call.log as { lines?: unknown }).lines)).not.toContain('SECRET');
  });

  it('looks in the ActionSet Secrets first, as Kanister does', () => {
    const params = {
      Secrets: { aws: secret({ ...KEYS, awsAccessKeyID: 'AKIDACTIONSET' }) },
      Phases: { p: { Secrets: { aws: secret(KEYS) } } },
    };
    expect(paramsSecretReader(params, 'p')('aws')?.awsAccessKeyID).toBe('AKIDACTIONSET');
  });

  it('explains a Secret that is missing or lacks the keys', () => {
    expect(() => resolveKeys({ credentialsSource: 'secret', credentialsSecret: 'nope' }, {}, () => undefined)).toThrow(
      /add it to the phase's objects/,
    );
    expect(() =>
      resolveKeys({ credentialsSource: 'secret', credentialsSecret: 'x' }, {}, () => ({ other: '1' })),
    ).toThrow(/awsAccessKeyID and awsSecretAccessKey/);
  });

  it("profile: the Profile's key pair when it has one, else the runtime's role", () => {
    const profile = { Credential: { KeyPair: { ID: 'AKIDPROFILE', Secret: 's' } } };
    expect(resolveKeys({}, { Profile: profile }, () => undefined)).toEqual({
      accessKeyId: 'AKIDPROFILE',
      secretAccessKey: 's',
    });
    expect(resolveKeys({}, { Profile: { Location: { Region: 'x' } } }, () => undefined)).toBeUndefined();
    expect(
      resolveKeys({ credentialsSource: 'eks_service_account' }, { Profile: profile }, () => undefined),
    ).toBeUndefined();
  });

  it('region: the arg, else the Profile location, else the runtime', () => {
    const params = { Profile: { Location: { Region: 'ap-south-1' } } };
    expect(resolveRegion({ region: 'eu-west-1' }, params, 'us-east-1')).toBe('eu-west-1');
    expect(resolveRegion({ region: '' }, params, 'us-east-1')).toBe('ap-south-1');
    expect(resolveRegion({}, {}, 'us-east-1')).toBe('us-east-1');
  });
});
