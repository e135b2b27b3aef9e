import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsSecretReader } from '../../../shared/aws/secret-readers.js';
import { SecretReadError } from '../../../shared/notify/errors.js';

const smMock = mockClient(SecretsManagerClient);
const ssmMock = mockClient(SSMClient);
afterEach(() => {
  smMock.reset();
  ssmMock.reset();
});

function reader() {
  return createAwsSecretReader({
    secretsManager: new SecretsManagerClient({ region: 'eu-west-1' }),
    ssm: new SSMClient({ region: 'eu-west-1' }),
  });
}

describe('AWS secret readers', () => {
  it('reads a SecureString parameter with decryption', async () => {
    ssmMock.on(GetParameterCommand).resolves({ Parameter: { Name: '/holdfast/slack', Value: 'https://h.example/x' } });
    expect(await reader().get('ssm:/holdfast/slack')).toBe('https://h.example/x');
    expect(ssmMock.commandCalls(GetParameterCommand)[0]?.args[0].input).toEqual({
      Name: '/holdfast/slack',
      WithDecryption: true,
    });
  });

  it('reads a Secrets Manager string secret by name or ARN, and a JSON field of it', async () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:holdfast/notify-AbCdEf';
    smMock.on(GetSecretValueCommand, { SecretId: arn }).resolves({ SecretString: '{"hmacKey":"k-1","url":"u"}' });
    smMock.on(GetSecretValueCommand, { SecretId: 'plain' }).resolves({ SecretString: 'just-a-value' });
    const r = reader();
    expect(await r.get(`${arn}#hmacKey`)).toBe('k-1');
    expect(await r.get('secretsmanager:plain')).toBe('just-a-value');
    expect(smMock.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual([arn, 'plain']);
  });

  it('decodes a binary secret as UTF-8', async () => {
    smMock.on(GetSecretValueCommand).resolves({ SecretBinary: new TextEncoder().encode('bin-value') });
    expect(await reader().get('secretsmanager:bin')).toBe('bin-value');
  });

  it('turns service errors into SecretReadError naming the reference', async () => {
    smMock.on(GetSecretValueCommand).rejects(
      Object.assign(new Error("Secrets Manager can't find the secret."), {
        name: 'ResourceNotFoundException',
      }),
    );
    const err = await reader()
      .get('secretsmanager:missing')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretReadError);
    expect((err as Error).message).toBe(
      "cannot read secret secretsmanager:missing: ResourceNotFoundException: Secrets Manager can't find the secret.",
    );
  });

  it('fails on a parameter without a value', async () => {
    ssmMock.on(GetParameterCommand).resolves({ Parameter: { Name: '/x' } });
    await expect(reader().get('ssm:/x')).rejects.toThrow('the parameter has no value');
  });
});
