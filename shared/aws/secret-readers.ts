/**
 * AWS adapters for notification secrets: Secrets Manager (`GetSecretValue`) and SSM Parameter Store (`GetParameter`
 * with decryption, so SecureString parameters work), plugged into the store-routing, caching reader of
 * shared/notify/secrets.ts. Clients are passed in: the handler builds them once per container.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { SecretReadError } from '../notify/errors.js';
import {
  CachingSecretReader,
  type CachingSecretReaderOptions,
  type SecretFetcher,
  type SecretReader,
} from '../notify/secrets.js';

export class SecretsManagerFetcher implements SecretFetcher {
  constructor(private readonly client: SecretsManagerClient) {}

  async fetch(id: string): Promise<string> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: id }));
    if (out.SecretString !== undefined) return out.SecretString;
    if (out.SecretBinary !== undefined) return Buffer.from(out.SecretBinary).toString('utf8');
    throw new SecretReadError(`secretsmanager:${id}`, 'the secret has no value');
  }
}

export class SsmParameterFetcher implements SecretFetcher {
  constructor(private readonly client: SSMClient) {}

  async fetch(id: string): Promise<string> {
    const out = await this.client.send(new GetParameterCommand({ Name: id, WithDecryption: true }));
    const value = out.Parameter?.Value;
    if (value === undefined) throw new SecretReadError(`ssm:${id}`, 'the parameter has no value');
    return value;
  }
}

export interface AwsSecretReaderClients {
  readonly secretsManager?: SecretsManagerClient;
  readonly ssm?: SSMClient;
}

/** A reader over whichever clients are given; a reference to a store without a client fails with SecretReadError. */
export function createAwsSecretReader(
  clients: AwsSecretReaderClients,
  options: CachingSecretReaderOptions = {},
): SecretReader {
  return new CachingSecretReader(
    {
      ...(clients.secretsManager && { secretsmanager: new SecretsManagerFetcher(clients.secretsManager) }),
      ...(clients.ssm && { ssm: new SsmParameterFetcher(clients.ssm) }),
    },
    options,
  );
}
