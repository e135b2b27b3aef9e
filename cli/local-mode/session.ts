/**
 * A local-mode session: the embedded stores (through the service host), the artifact location on s3rver, and the
 * clients runs use — the kubeconfig's cluster and the caller's AWS credentials, or the sandbox's local API servers.
 * The same store, location and wiring the Lambda functions use, pointed at local endpoints.
 */
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Location } from '../../shared/aws/location.js';
import { createStore, type Store } from '../../shared/aws/store/index.js';
import { DynamoRestorePoints } from '../../shared/aws/store/restore-point-port.js';
import { DynamoRunStore } from '../../shared/aws/store/run-store-adapter.js';
import type { Logger } from '../../shared/blueprint/run-context.js';
import type { EdgeClients, KubeAccess, RdsAccess } from '../../shared/functions/ports.js';
import { kubeAccessFromKubeconfig, kubeAccessFromServer } from '../../shared/kube/kubeconfig.js';
import type { RunEvents } from '../../shared/runtime/ports.js';
import type { LocationProfile } from '../../shared/wiring/action-runner.js';
import type { LocalHome } from './home.js';
import { acquireService, type ServiceLease } from './service-client.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient, localS3Client } from './stores.js';

/** What a run talks to: the sandbox, or a kubeconfig context and the caller's AWS account. */
export interface LocalTarget {
  readonly sandbox: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Default region for AWS calls outside the sandbox (else the SDK's own resolution). */
  readonly region?: string;
}

export interface LocalSession {
  readonly home: LocalHome;
  readonly target: LocalTarget;
  readonly store: Store;
  readonly runs: DynamoRunStore;
  readonly restorePoints: DynamoRestorePoints;
  readonly location: S3Location;
  readonly profile: LocationProfile;
  readonly events: RunEvents;
  readonly log: Logger;
  /** Clients for runs on `cluster` of `target` (default: the session's); starts the sandbox when it needs it. */
  clients(cluster: string, target?: LocalTarget): Promise<EdgeClients>;
  /** The sandbox endpoints (started on first use). */
  sandbox(): Promise<Readonly<Record<string, string>>>;
  close(): Promise<void>;
}

function rdsAccess(region: string, endpoint?: string): RdsAccess {
  const clients = new Map<string, RDSClient>();
  return {
    defaultRegion: region,
    client(r = region) {
      let client = clients.get(r);
      if (!client) {
        client = endpoint
          ? new RDSClient({ region: r, endpoint, credentials: LOCAL_CREDENTIALS })
          : new RDSClient({ region: r });
        clients.set(r, client);
      }
      return client;
    },
  };
}

/** A kubeconfig context named like the policy's cluster wins; otherwise the one asked for, or the current one. */
function kubeconfigAccess(target: LocalTarget, cluster: string): KubeAccess {
  if (!target.context) {
    try {
      return kubeAccessFromKubeconfig({ file: target.kubeconfig, context: cluster });
    } catch {
      // No context of that name: fall through to the current one.
    }
  }
  return kubeAccessFromKubeconfig({ file: target.kubeconfig, context: target.context });
}

function fileEvents(path: string): RunEvents {
  return {
    async publish(detailType, detail) {
      await appendFile(path, `${JSON.stringify({ time: new Date().toISOString(), detailType, detail })}\n`);
    },
  };
}

export async function openLocalSession(home: LocalHome, target: LocalTarget, log: Logger): Promise<LocalSession> {
  const stores = await acquireService(home, 'stores');
  const e = stores.endpoints;
  const dynamo = localDynamoClient(e.dynamodb ?? '');
  const s3 = localS3Client(e.s3 ?? '');
  const store = createStore({ client: dynamo, tableName: e.table ?? '' });
  const profile: LocationProfile = { bucket: e.bucket ?? '', prefix: '', region: LOCAL_REGION, endpoint: e.s3 };
  const location = new S3Location({ bucket: profile.bucket, prefix: '', region: LOCAL_REGION, client: s3 });
  let sandboxLease: Promise<ServiceLease> | undefined;
  const sandbox = () => {
    sandboxLease ??= acquireService(home, 'sandbox');
    return sandboxLease.then((l) => l.endpoints);
  };
  const rdsByTarget = new Map<string, Promise<RdsAccess>>();
  const cached = (key: string, make: () => Promise<RdsAccess>) => {
    let rds = rdsByTarget.get(key);
    if (!rds) {
      rds = make();
      rdsByTarget.set(key, rds);
    }
    return rds;
  };
  return {
    home,
    target,
    store,
    runs: new DynamoRunStore(store),
    restorePoints: new DynamoRestorePoints(store),
    location,
    profile,
    events: fileEvents(join(home.root, 'events.jsonl')),
    log,
    sandbox,
    async clients(cluster, t = target) {
      if (t.sandbox) {
        const s = await sandbox();
        const rds = cached('sandbox', async () => rdsAccess(LOCAL_REGION, s.rds));
        const kube = kubeAccessFromServer({ server: s.kube ?? '', skipTLSVerify: true });
        return { kube, rds: await rds, location };
      }
      const rds = cached(`aws:${t.region ?? ''}`, async () =>
        rdsAccess(t.region ?? (await new RDSClient({}).config.region().catch(() => LOCAL_REGION))),
      );
      return { kube: kubeconfigAccess(t, cluster), rds: await rds, location };
    },
    async close() {
      dynamo.destroy();
      s3.destroy();
      const leases = [stores, ...(sandboxLease ? [await sandboxLease.catch(() => undefined)] : [])];
      await Promise.all(leases.map((l) => l?.release()));
    },
  };
}
