/**
 * Which AWS credentials and region an RDS function uses, with Kanister's `credentialsSource` semantics
 * (`pkg/function/rds_utils.go`):
 * - `profile` (default): the Profile's key pair or credential Secret when it has one; Holdfast locations usually
 *   have none, and then the runtime's own role is used;
 * - `secret`: the keys in the Secret named by `credentialsSecret` (`awsAccessKeyID`, `awsSecretAccessKey`, optional
 *   `awsSessionToken`), looked up among the ActionSet's Secrets and then the phase's objects, as Kanister does;
 * - `eks_service_account`: the runtime's role.
 * `region` overrides the Profile's region, which overrides the runtime's. Keys are registered with the redactor and
 * never logged.
 */
import { RDSClient } from '@aws-sdk/client-rds';
import type { KubeDataObject } from '../../blueprint/functions-port.js';

export interface AwsKeys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface RdsCredentialArgs {
  readonly credentialsSource?: string;
  readonly credentialsSecret?: string | undefined;
  readonly region?: string | undefined;
}

/** A Secret's data, decoded, by the name a blueprint gives it; undefined when no such Secret was fetched. */
export type SecretReader = (name: string) => Readonly<Record<string, string>> | undefined;

/** Builds a client for `region` that signs with `keys`, like `base` otherwise (endpoint, retries). */
export type ClientFactory = (base: RDSClient, region: string, keys: AwsKeys) => Promise<RDSClient>;

export class RdsCredentialsError extends Error {
  override readonly name = 'RdsCredentialsError';
}

/** Kanister's `getParamSecret`: the ActionSet's Secrets first, then the current phase's objects. */
export function paramsSecretReader(params: Readonly<Record<string, unknown>>, phase: string): SecretReader {
  const asMap = (v: unknown) => (v ?? {}) as Record<string, KubeDataObject | undefined>;
  const phases = asMap(params.Phases) as unknown as Record<string, { Secrets?: unknown } | undefined>;
  return (name) => {
    const secret = asMap(params.Secrets)[name] ?? asMap(phases[phase]?.Secrets)[name];
    return secret === undefined ? undefined : decodeSecret(secret);
  };
}

function decodeSecret(secret: KubeDataObject): Record<string, string> {
  const data = Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]);
  return { ...Object.fromEntries(data), ...(secret.stringData ?? {}) };
}

/** The keys the function must sign with, or undefined to use the runtime's role. */
export function resolveKeys(
  args: RdsCredentialArgs,
  params: Readonly<Record<string, unknown>>,
  readSecret: SecretReader,
): AwsKeys | undefined {
  switch (args.credentialsSource ?? 'profile') {
    case 'secret': {
      const name = args.credentialsSecret ?? '';
      const data = readSecret(name);
      if (!data) {
        throw new RdsCredentialsError(
          `credentialsSecret ${JSON.stringify(name)} is neither an ActionSet Secret nor an object of this phase; add it to the phase's objects`,
        );
      }
      return keysFrom(data, `Secret ${name}`);
    }
    case 'profile':
      return profileKeys(params.Profile);
    default:
      return undefined;
  }
}

function keysFrom(data: Readonly<Record<string, string>>, where: string): AwsKeys {
  const accessKeyId = data.awsAccessKeyID?.trim();
  const secretAccessKey = data.awsSecretAccessKey?.trim();
  if (!accessKeyId || !secretAccessKey) {
    throw new RdsCredentialsError(
      `${where} must hold awsAccessKeyID and awsSecretAccessKey (Kanister's AWS Secret keys)`,
    );
  }
  const sessionToken = data.awsSessionToken?.trim();
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

interface ProfileShape {
  Location?: { Region?: string };
  Credential?: { KeyPair?: { ID?: string; Secret?: string } | null; Secret?: KubeDataObject | null };
}

function profileKeys(profile: unknown): AwsKeys | undefined {
  const credential = (profile as ProfileShape | undefined)?.Credential;
  const pair = credential?.KeyPair;
  if (pair?.ID && pair.Secret) return { accessKeyId: pair.ID, secretAccessKey: pair.Secret };
  if (credential?.Secret) return keysFrom(decodeSecret(credential.Secret), 'the Profile credential Secret');
  return undefined;
}

/** `region` arg, else the Profile's location region, else the runtime's. */
export function resolveRegion(
  args: RdsCredentialArgs,
  params: Readonly<Record<string, unknown>>,
  runtimeRegion: string,
): string {
  const profileRegion = (params.Profile as ProfileShape | undefined)?.Location?.Region;
  return args.region || profileRegion || runtimeRegion;
}

/** Default ClientFactory: a new client with the same endpoint (custom ones included) and retry settings. */
export const deriveClient: ClientFactory = async (base, region, keys) => {
  const endpoint = base.config.isCustomEndpoint ? await base.config.endpoint?.() : undefined;
  return new RDSClient({
    region,
    credentials: keys,
    maxAttempts: await base.config.maxAttempts(),
    ...(endpoint ? { endpoint: endpointUrl(endpoint) } : {}),
  });
};

function endpointUrl(e: { protocol: string; hostname: string; port?: number; path: string }): string {
  return `${e.protocol}//${e.hostname}${e.port === undefined ? '' : `:${e.port}`}${e.path}`;
}
