/**
 * What one RDS phase works with: its clients (the runtime's, or ones signing with the blueprint's keys), its region,
 * the run (waits, clock, id), its abort signal and logger, and `send`, the single path every RDS call takes — retried
 * on throttling and 5xx, then mapped to an `RdsRunError` naming the operation, the resource and what to do.
 */
import type { RDSClient } from '@aws-sdk/client-rds';
import type { PhaseCall } from '../../blueprint/functions-port.js';
import type { Logger, RunContext } from '../../blueprint/run-context.js';
import type { RdsAccess } from '../../functions/ports.js';
import {
  type AwsKeys,
  type ClientFactory,
  deriveClient,
  paramsSecretReader,
  type RdsCredentialArgs,
  resolveKeys,
  resolveRegion,
  type SecretReader,
} from './credentials.js';
import { toRdsRunError } from './errors.js';
import type { NamingScope } from './identifiers.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from './retry.js';

/** How long each kind of wait may take before the phase fails (the phase timeout still applies). */
export interface WaitTimeouts {
  readonly snapshotSeconds: number;
  readonly copySeconds: number;
  readonly exportSeconds: number;
  readonly instanceSeconds: number;
}

export const DEFAULT_TIMEOUTS: WaitTimeouts = {
  snapshotSeconds: 6 * 3600,
  copySeconds: 24 * 3600,
  exportSeconds: 24 * 3600,
  instanceSeconds: 2 * 3600,
};

/** Tunables; the defaults are RDS's. Tests shorten retries and quotas. */
export interface RdsOptions {
  readonly retry?: RetryPolicy;
  readonly readSecret?: SecretReader;
  readonly clientFactory?: ClientFactory;
  /** Manual snapshots allowed per region and type (RDS: 100; raise it if your account's quota was raised). */
  readonly snapshotQuota?: number;
  /** Copies in progress per destination region (RDS: 20 instance, 5 cluster) and exports per account (5). */
  readonly limits?: Partial<ConcurrencyLimits>;
  readonly timeouts?: Partial<WaitTimeouts>;
}

export interface ConcurrencyLimits {
  readonly instanceCopies: number;
  readonly clusterCopies: number;
  readonly exports: number;
  /** First pause before queueing again after RDS refused for lack of capacity; doubles, capped at 10 minutes. */
  readonly refusalPauseSeconds: number;
}

export const DEFAULT_LIMITS: ConcurrencyLimits = {
  instanceCopies: 20,
  clusterCopies: 5,
  exports: 5,
  refusalPauseSeconds: 30,
};

export interface RdsSession {
  readonly region: string;
  readonly run: RunContext;
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly scope: NamingScope;
  readonly timeouts: WaitTimeouts;
  readonly limits: ConcurrencyLimits;
  readonly snapshotQuota: number;
  /** Calls RDS in `region` (default the session's), with retries and error mapping. */
  send<T>(
    operation: string,
    resource: string,
    fn: (client: RDSClient, signal: AbortSignal) => Promise<T>,
    region?: string,
  ): Promise<T>;
  /** The same session under another abort signal: cleanup that must run after the phase's signal fired. */
  withSignal(signal: AbortSignal): RdsSession;
  /** Releases clients built for this phase. */
  close(): void;
}

export async function openRdsSession(
  call: PhaseCall<unknown>,
  access: RdsAccess,
  args: RdsCredentialArgs,
  options: RdsOptions = {},
): Promise<RdsSession> {
  const readSecret = options.readSecret ?? paramsSecretReader(call.params, call.phase);
  const keys = resolveKeys(args, call.params, readSecret);
  if (keys) for (const value of Object.values(keys)) call.redactor.add(value);
  const region = resolveRegion(args, call.params, access.defaultRegion);
  const clients = clientCache(access, keys, options.clientFactory ?? deriveClient);
  const base: Omit<RdsSession, 'signal' | 'send' | 'withSignal'> = {
    region,
    run: call.run,
    log: call.log,
    scope: { runId: call.run.runId, action: call.action, phase: call.phase },
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    snapshotQuota: options.snapshotQuota ?? 100,
    close: () => clients.close(),
  };
  return withSignal(base, clients, options.retry ?? DEFAULT_RETRY, call.signal);
}

/**
 * A session outside a blueprint phase (a policy run's own capture, retention): the runtime's role, the given region
 * (default the runtime's), resources named from the run id and `name`.
 */
export function openRuntimeSession(
  run: RunContext,
  access: RdsAccess,
  opts: { readonly name: string; readonly region?: string; readonly signal?: AbortSignal; readonly log?: Logger },
  options: RdsOptions = {},
): RdsSession {
  const clients = clientCache(access, undefined, deriveClient);
  const base: Omit<RdsSession, 'signal' | 'send' | 'withSignal'> = {
    region: opts.region ?? access.defaultRegion,
    run,
    log: opts.log ?? run.log,
    scope: { runId: run.runId, action: 'holdfast', phase: opts.name },
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    snapshotQuota: options.snapshotQuota ?? 100,
    close: () => clients.close(),
  };
  return withSignal(base, clients, options.retry ?? DEFAULT_RETRY, opts.signal ?? run.signal);
}

function withSignal(
  base: Omit<RdsSession, 'signal' | 'send' | 'withSignal'>,
  clients: ReturnType<typeof clientCache>,
  retry: RetryPolicy,
  signal: AbortSignal,
): RdsSession {
  return {
    ...base,
    signal,
    async send(operation, resource, fn, inRegion = base.region) {
      try {
        const client = await clients.get(inRegion);
        return await withRetry(() => fn(client, signal), signal, retry);
      } catch (err) {
        throw toRdsRunError(err, { operation, resource, region: inRegion });
      }
    },
    withSignal: (other) => withSignal(base, clients, retry, other),
  };
}

function clientCache(access: RdsAccess, keys: AwsKeys | undefined, factory: ClientFactory) {
  const built = new Map<string, Promise<RDSClient>>();
  return {
    get(region: string): Promise<RDSClient> {
      if (!keys) return Promise.resolve(access.client(region));
      let client = built.get(region);
      if (!client) {
        client = factory(access.client(region), region, keys);
        built.set(region, client);
      }
      return client;
    },
    close(): void {
      for (const client of built.values())
        void client.then(
          (c) => c.destroy(),
          () => undefined,
        );
      built.clear();
    },
  };
}
