/**
 * The Kubernetes implementation of PostgresDumpRunner (Kanister runs `pg_dump` / `psql` in a KubeTask pod with the
 * postgres-kanister-tools image and `kando location push/pull`). Here the pod only provides the tools and the
 * network path to the database: its credentials come from a Secret created for the task (env `PGUSER` /
 * `PGPASSWORD` by secretKeyRef, as Kanister does), the dump leaves through the exec stream straight into the location
 * (gzip, checksummed — no storage credentials in the cluster), and the restore comes back the same way into `psql`.
 * The pod and the Secret are ALWAYS deleted, after success, failure or abort.
 */
import { Writable } from 'node:stream';
import type { V1Pod } from '@kubernetes/client-node';
import { type KubeApis, kubeApis, kubeCall, sleep } from '../../kube/api.js';
import { execInPod } from '../../kube/exec.js';
import { streamFromLocation, streamToLocation } from '../../kube/location-stream.js';
import type { KubeAccess, Location } from '../ports.js';
import type { PostgresDumpRunner, PostgresTarget } from './dump-runner.js';

export const POSTGRES_TOOLS_IMAGE = 'ghcr.io/kanisterio/postgres-kanister-tools:0.110.0';
const CONTAINER = 'container';
const START_TIMEOUT_MS = 15 * 60_000;

export interface KubeDumpRunnerOptions {
  /** An image with `pg_dump` and `psql` on its PATH. */
  readonly image?: string;
}

export function kubeDumpRunner(
  kube: KubeAccess,
  location: Location,
  options: KubeDumpRunnerOptions = {},
): PostgresDumpRunner {
  const image = options.image ?? POSTGRES_TOOLS_IMAGE;
  return {
    dump: (req) =>
      withTaskPod(kube, req, image, async (apis) => {
        const databases = req.databases ?? (await listDatabases(apis, req));
        // Kanister's message when there is nothing to dump.
        if (databases.length === 0) throw new Error('No database found to backup');
        const script = databases.map((db) => `pg_dump -C --inserts ${shellQuote(db)}`).join(' && ');
        const stored = await streamToLocation(
          kube.config,
          location,
          {
            namespace: req.namespace,
            pod: req.taskName,
            container: CONTAINER,
            command: ['sh', '-c', script],
            signal: req.signal,
          },
          { path: req.path, compression: 'gzip' },
        );
        return { path: stored.key, size: stored.size, sha256: stored.sha256 };
      }),
    restore: (req) =>
      withTaskPod(kube, req, image, async () => {
        const cmd = ['psql', '-q', '-v', 'ON_ERROR_STOP=0', '-d', 'postgres'];
        await streamFromLocation(
          kube.config,
          location,
          { namespace: req.namespace, pod: req.taskName, container: CONTAINER, command: cmd, signal: req.signal },
          req.path,
        );
      }),
  };
}

/** Every database but the templates and RDS's own `rdsadmin` (Kanister filters template0 and rdsadmin). */
async function listDatabases(apis: KubeApis, req: PostgresTarget): Promise<string[]> {
  const chunks: Buffer[] = [];
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const sql = 'SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY datname';
  await execInPod(apis.config, {
    namespace: req.namespace,
    pod: req.taskName,
    container: CONTAINER,
    command: ['psql', '-At', '-d', 'postgres', '-c', sql],
    stdout,
    signal: req.signal,
  });
  const names = Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .map((l) => l.trim());
  return names.filter((name) => name !== '' && name !== 'rdsadmin');
}

async function withTaskPod<T>(
  kube: KubeAccess,
  req: PostgresTarget,
  image: string,
  work: (apis: KubeApis) => Promise<T>,
): Promise<T> {
  const apis = kubeApis(kube.config, { signal: req.signal });
  try {
    await createSecret(apis, req);
    await createPod(apis, req, image);
    await waitRunning(apis, req);
    return await work(apis);
  } finally {
    // The caller's signal may be what ended the work: cleanup gets its own.
    const cleanup = kubeApis(kube.config, { signal: AbortSignal.timeout(60_000) });
    await remove(cleanup, `/api/v1/namespaces/${enc(req.namespace)}/pods/${enc(req.taskName)}`);
    await remove(cleanup, `/api/v1/namespaces/${enc(req.namespace)}/secrets/${enc(req.taskName)}`);
  }
}

const enc = encodeURIComponent;

async function createOrAdopt(apis: KubeApis, what: string, path: string, body: unknown): Promise<void> {
  await kubeCall(what, { signal: apis.signal, idempotent: true }, async () => {
    try {
      await apis.raw('POST', path, { body });
    } catch (error) {
      // Ours: an earlier attempt of this very task created it.
      if ((error as { code?: unknown }).code !== 409) throw error;
    }
  });
}

function createSecret(apis: KubeApis, req: PostgresTarget): Promise<void> {
  return createOrAdopt(
    apis,
    `create secret ${req.namespace}/${req.taskName}`,
    `/api/v1/namespaces/${enc(req.namespace)}/secrets`,
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: req.taskName, namespace: req.namespace, labels: { createdBy: 'holdfast' } },
      type: 'Opaque',
      stringData: { username: req.username, password: req.password },
    },
  );
}

function createPod(apis: KubeApis, req: PostgresTarget, image: string): Promise<void> {
  const fromSecret = (name: string, key: string) => ({
    name,
    valueFrom: { secretKeyRef: { name: req.taskName, key } },
  });
  const pod: V1Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: req.taskName,
      namespace: req.namespace,
      labels: { createdBy: 'holdfast', ...req.podLabels },
      ...(req.podAnnotations ? { annotations: { ...req.podAnnotations } } : {}),
    },
    spec: {
      restartPolicy: 'Never',
      // The tools wait here; the work runs through exec. A pod whose runner died ends on its own after 6 hours.
      activeDeadlineSeconds: 6 * 3600,
      containers: [
        {
          name: CONTAINER,
          image,
          command: ['sh', '-c', 'sleep 21600'],
          env: [
            { name: 'PGHOST', value: req.host },
            { name: 'PGPORT', value: String(req.port) },
            fromSecret('PGUSER', 'username'),
            fromSecret('PGPASSWORD', 'password'),
          ],
        },
      ],
    },
  };
  return createOrAdopt(
    apis,
    `create pod ${req.namespace}/${req.taskName}`,
    `/api/v1/namespaces/${enc(req.namespace)}/pods`,
    pod,
  );
}

async function waitRunning(apis: KubeApis, req: PostgresTarget): Promise<void> {
  const path = `/api/v1/namespaces/${enc(req.namespace)}/pods/${enc(req.taskName)}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (let interval = 100; ; interval = Math.min(interval * 2, 2000)) {
    const pod = (await kubeCall(
      `get pod ${req.namespace}/${req.taskName}`,
      { signal: apis.signal, idempotent: true },
      () => apis.raw('GET', path),
    )) as V1Pod;
    const phase = pod.status?.phase;
    if (phase === 'Running') return;
    if (phase === 'Failed' || phase === 'Succeeded')
      throw new Error(`dump pod ${req.namespace}/${req.taskName} ended (${phase}) before it ran`);
    if (Date.now() > deadline)
      throw new Error(`dump pod ${req.namespace}/${req.taskName} did not start within 15 minutes`);
    await sleep(interval, apis.signal);
  }
}

async function remove(apis: KubeApis, path: string): Promise<void> {
  try {
    await apis.raw('DELETE', path, { query: { gracePeriodSeconds: '0' } });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 404) throw error;
  }
}

/** Single-quotes a word for `sh -c`. */
const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
