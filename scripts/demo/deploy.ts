/**
 * Deploys AnimalAI into the sandbox the way its owners would: the RDS instance through the RDS API, the embeddings
 * store and the writer through the Kubernetes API, the schemas with psql. Also the small cluster chores the demo
 * needs (waiting for pods, scaling the writer).
 */
import { randomBytes } from 'node:crypto';
import { CreateDBInstanceCommand, DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';
import type { KubeAccess } from '../../shared/functions/ports.js';
import { kubeApis } from '../../shared/kube/api.js';
import {
  CONTROL_SCHEMA,
  EMBEDDINGS,
  EMBEDDINGS_SCHEMA,
  manifests,
  NAMESPACE,
  RDS_DATABASE,
  RDS_INSTANCE,
  RDS_USER,
  RECORDS_SCHEMA,
  WRITER_NAME,
} from './app.js';
import { type Databases, embeddings, initEmbeddingsStore, records } from './db.js';

const signal = new AbortController().signal;

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000}s${last ? `: ${String(last)}` : ''}`);
}

export async function rdsEndpoint(rds: RDSClient): Promise<{ host: string; port: number }> {
  return until('the RDS instance becoming available', async () => {
    const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: RDS_INSTANCE }));
    const db = out.DBInstances?.[0];
    if (db?.DBInstanceStatus !== 'available' || !db.Endpoint?.Address) return undefined;
    return { host: db.Endpoint.Address, port: db.Endpoint.Port ?? 5432 };
  });
}

async function createRdsInstance(rds: RDSClient, password: string) {
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: RDS_INSTANCE,
      Engine: 'postgres',
      DBInstanceClass: 'db.t4g.micro',
      AllocatedStorage: 20,
      DBName: RDS_DATABASE,
      MasterUsername: RDS_USER,
      MasterUserPassword: password,
    }),
  );
  return rdsEndpoint(rds);
}

async function podsRunning(kube: KubeAccess, prefix: string): Promise<number> {
  const list = (await kubeApis(kube.config, { signal }).raw('GET', `/api/v1/namespaces/${NAMESPACE}/pods`)) as {
    items?: { metadata?: { name?: string }; status?: { phase?: string } }[];
  };
  return (list.items ?? []).filter((p) => p.metadata?.name?.startsWith(prefix) && p.status?.phase === 'Running').length;
}

const PATHS: Record<string, string> = {
  Namespace: '/api/v1/namespaces',
  Secret: `/api/v1/namespaces/${NAMESPACE}/secrets`,
  ConfigMap: `/api/v1/namespaces/${NAMESPACE}/configmaps`,
  StatefulSet: `/apis/apps/v1/namespaces/${NAMESPACE}/statefulsets`,
  Deployment: `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`,
};

/** Everything AnimalAI needs, up and ingesting; returns how to reach its data. */
export async function deployAnimalAI(opts: {
  kube: KubeAccess;
  rds: RDSClient;
  pgBin: string;
  workDir: string;
}): Promise<Databases> {
  const asRoot = process.getuid?.() === 0;
  const password = randomBytes(12).toString('base64url');
  const [endpoint, store] = await Promise.all([
    createRdsInstance(opts.rds, password),
    initEmbeddingsStore(opts.pgBin, `${opts.workDir}/embeddings`, asRoot),
  ]);
  const db: Databases = { pgBin: opts.pgBin, socketDir: store.socket, records: { ...endpoint, password } };
  await records(db, RECORDS_SCHEMA);
  const objects = manifests({
    rdsHost: endpoint.host,
    rdsPort: endpoint.port,
    rdsPassword: password,
    pgBin: opts.pgBin,
    dataDir: store.data,
    socketDir: store.socket,
    asRoot,
  });
  const apis = kubeApis(opts.kube.config, { signal });
  const create = (o: Record<string, unknown>) => apis.raw('POST', PATHS[String(o.kind)] ?? '', { body: o });
  for (const o of objects.filter((x) => x.kind !== 'Deployment')) await create(o);
  await until('the embeddings store starting', () => embeddings(db, 'SELECT 1', 'postgres'));
  await embeddings(db, 'CREATE DATABASE embeddings', 'postgres');
  await embeddings(db, CONTROL_SCHEMA, 'postgres');
  await embeddings(db, EMBEDDINGS_SCHEMA);
  for (const o of objects.filter((x) => x.kind === 'Deployment')) await create(o);
  await until('the writer starting', async () => ((await podsRunning(opts.kube, WRITER_NAME)) > 0 ? true : undefined));
  await until('the embeddings pod running', async () =>
    (await podsRunning(opts.kube, EMBEDDINGS)) > 0 ? true : undefined,
  );
  return db;
}

/** Waits until the app holds at least `n` animals. */
export function ingested(db: Databases, n: number): Promise<number> {
  return until(`${n} animals being ingested`, async () => {
    const count = Number(await records(db, 'SELECT count(*) FROM animals'));
    return count >= n ? count : undefined;
  });
}

/** Takes the writer offline (or back), waiting until its pods are gone. */
export async function scaleWriter(kube: KubeAccess, replicas: number): Promise<void> {
  await kubeApis(kube.config, { signal }).raw(
    'PATCH',
    `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/${WRITER_NAME}/scale`,
    {
      body: { spec: { replicas } },
      contentType: 'application/merge-patch+json',
    },
  );
  if (replicas === 0) {
    await until('the writer stopping', async () => ((await podsRunning(kube, WRITER_NAME)) === 0 ? true : undefined));
  }
}
