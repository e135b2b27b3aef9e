/**
 * Reading notification secrets (webhook URLs, HMAC keys) by reference, routed to the store the reference names and
 * cached per container with a TTL. Pure: the stores are `SecretFetcher`s injected by the caller (the AWS adapters
 * live in shared/aws/secret-readers.ts).
 *
 * References: `ssm:<parameter name>`, `secretsmanager:<name or ARN>`, or a bare ARN of either service. A Secrets
 * Manager reference may end in `#<key>` to pick one string field of a JSON secret, the usual way to keep several
 * values in one secret.
 */
import { SecretReadError, SecretReferenceError } from './errors.js';

export interface SecretReader {
  /** Resolves a reference to the secret's value; throws SecretReferenceError or SecretReadError. */
  get(ref: string): Promise<string>;
}

export type SecretStore = 'ssm' | 'secretsmanager';

export interface SecretRef {
  readonly store: SecretStore;
  /** Parameter name or ARN; secret name or ARN. */
  readonly id: string;
  readonly jsonKey?: string;
}

/** One store's raw read: the whole value of a parameter or secret. */
export interface SecretFetcher {
  fetch(id: string): Promise<string>;
}

export function parseSecretRef(ref: string): SecretRef {
  const arn = /^arn:aws[a-z-]*:(ssm|secretsmanager):[^:\s]*:[^:\s]*:(parameter|secret)[:/]\S+$/.exec(ref);
  let store: SecretStore;
  let rest: string;
  if (arn) {
    if ((arn[1] === 'ssm') !== (arn[2] === 'parameter')) throw new SecretReferenceError(ref);
    store = arn[1] as SecretStore;
    rest = ref;
  } else if (ref.startsWith('ssm:')) {
    store = 'ssm';
    rest = ref.slice('ssm:'.length);
  } else if (ref.startsWith('secretsmanager:')) {
    store = 'secretsmanager';
    rest = ref.slice('secretsmanager:'.length);
  } else {
    throw new SecretReferenceError(ref);
  }
  const [id = '', jsonKey, extra] = rest.split('#');
  // SSM parameters are plain strings; a #key there is a mistake, not a JSON pick.
  if (id === '' || /\s/.test(id) || extra !== undefined || jsonKey === '' || (store === 'ssm' && jsonKey)) {
    throw new SecretReferenceError(ref);
  }
  return jsonKey === undefined ? { store, id } : { store, id, jsonKey };
}

export interface CachingSecretReaderOptions {
  /** How long a value is reused; default 5 minutes, so a rotated secret is picked up without a redeploy. */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/** Routes references to their store and caches whole values (concurrent reads of one secret share one fetch). */
export class CachingSecretReader implements SecretReader {
  private readonly cache = new Map<string, { readonly at: number; readonly value: Promise<string> }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly fetchers: Readonly<Partial<Record<SecretStore, SecretFetcher>>>,
    options: CachingSecretReaderOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async get(ref: string): Promise<string> {
    const parsed = parseSecretRef(ref);
    const raw = await this.raw(ref, parsed);
    return parsed.jsonKey === undefined ? raw : pickJsonKey(ref, raw, parsed.jsonKey);
  }

  private raw(ref: string, { store, id }: SecretRef): Promise<string> {
    const key = `${store}\u0000${id}`;
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const fetcher = this.fetchers[store];
    if (!fetcher) return Promise.reject(new SecretReadError(ref, `no ${store} reader is configured`));
    const value = fetcher.fetch(id).catch((err: unknown) => {
      this.cache.delete(key);
      throw err instanceof SecretReadError ? err : new SecretReadError(ref, describe(err), { cause: err });
    });
    this.cache.set(key, { at: this.now(), value });
    return value;
  }
}

function pickJsonKey(ref: string, raw: string, key: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // JSON.parse's message quotes the input, which is the secret: say what is wrong without it.
    throw new SecretReadError(ref, `#${key} was asked for, but the secret is not JSON`);
  }
  const value =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)[key]
      : undefined;
  if (typeof value !== 'string' || value === '') {
    throw new SecretReadError(ref, `the JSON secret has no non-empty string field "${key}"`);
  }
  return value;
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}
