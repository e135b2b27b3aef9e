/**
 * CSI VolumeSnapshots (`snapshot.storage.k8s.io/v1`) as Kanister's snapshotter drives them
 * (`pkg/kube/snapshot/snapshot_stable.go`), plus the point in time: a snapshot's `status.creationTime` is set when
 * the storage system has cut it (the data is fixed), which can be long before `readyToUse` (the copy finished).
 * Waits go through the run's `waitFor` (an event or a poll), never a blocking loop.
 */
import { createHash } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { RunContext } from '../blueprint/run-context.js';
import { apiJson, isAlreadyExists, isNotFound } from './proxy.js';

const SNAPSHOTS = '/apis/snapshot.storage.k8s.io/v1';
/** How long a snapshot may take to be cut, and then to become ready; the phase's own timeout still applies. */
export const SNAPSHOT_CUT_TIMEOUT_SECONDS = 60 * 60;
export const SNAPSHOT_READY_TIMEOUT_SECONDS = 24 * 60 * 60;
export const SNAPSHOT_DELETE_TIMEOUT_SECONDS = 60 * 60;

export interface VolumeSnapshot {
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec?: { readonly source?: { readonly persistentVolumeClaimName?: string } };
  readonly status?: {
    readonly creationTime?: string;
    readonly readyToUse?: boolean;
    readonly restoreSize?: string;
    readonly boundVolumeSnapshotContentName?: string;
    readonly error?: { readonly message?: string };
  };
}

/** The snapshot controller or CSI driver reported a failure, or the snapshot is not what this run asked for. */
export class VolumeSnapshotError extends Error {
  override readonly name = 'VolumeSnapshotError';
}

export interface SnapshotRequest {
  readonly name: string;
  readonly namespace: string;
  readonly pvc: string;
  readonly snapshotClass: string;
  readonly labels: Readonly<Record<string, string>>;
}

const snapshotPath = (namespace: string, name?: string) =>
  `${SNAPSHOTS}/namespaces/${encodeURIComponent(namespace)}/volumesnapshots${name ? `/${encodeURIComponent(name)}` : ''}`;

/**
 * Creates the VolumeSnapshot after checking the PVC exists (as Kanister does). When a snapshot of that name already
 * exists for the same PVC (an earlier attempt of this phase created it), it is adopted instead.
 */
export async function createVolumeSnapshot(config: KubeConfig, request: SnapshotRequest, signal: AbortSignal) {
  const { name, namespace, pvc } = request;
  const pvcPath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/persistentvolumeclaims/${encodeURIComponent(pvc)}`;
  await apiJson(config, 'GET', pvcPath, { signal }).catch((error: unknown) => {
    throw isNotFound(error) ? new VolumeSnapshotError(`Failed to find PVC ${pvc} in namespace ${namespace}`) : error;
  });
  const body = {
    apiVersion: 'snapshot.storage.k8s.io/v1',
    kind: 'VolumeSnapshot',
    metadata: { name, namespace, labels: sanitizeLabels(request.labels) },
    spec: { source: { persistentVolumeClaimName: pvc }, volumeSnapshotClassName: request.snapshotClass },
  };
  try {
    await apiJson(config, 'POST', snapshotPath(namespace), { body, signal });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    const existing = await getVolumeSnapshot(config, namespace, name, signal);
    if (existing?.spec?.source?.persistentVolumeClaimName !== pvc) {
      throw new VolumeSnapshotError(
        `VolumeSnapshot ${namespace}/${name} already exists and is not a snapshot of ${pvc}`,
      );
    }
  }
}

export async function getVolumeSnapshot(
  config: KubeConfig,
  namespace: string,
  name: string,
  signal: AbortSignal,
): Promise<VolumeSnapshot | undefined> {
  try {
    return await apiJson<VolumeSnapshot>(config, 'GET', snapshotPath(namespace, name), { signal });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Deletes the snapshot if it exists; true when there was one to delete. */
export async function deleteVolumeSnapshot(config: KubeConfig, namespace: string, name: string, signal: AbortSignal) {
  try {
    await apiJson(config, 'DELETE', snapshotPath(namespace, name), { signal });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** The stage of a snapshot's life a wait ends at. */
export type SnapshotStage = 'cut' | 'ready' | 'gone';

/** Kanister retries these while waiting: the snapshot controller's own optimistic-lock conflicts. */
const TRANSIENT_ERROR = /the object has been modified; please apply your changes to the latest version and try again/;

/**
 * Waits until the snapshot reaches `stage` and returns it as last seen (undefined once gone). A snapshot that
 * reports `status.error` fails the wait (Kanister's `isReadyToUseBeta`), unless the error is a transient conflict.
 */
export async function waitForVolumeSnapshot(
  run: RunContext,
  config: KubeConfig,
  target: {
    readonly namespace: string;
    readonly name: string;
    readonly stage: SnapshotStage;
    /** The call that starts the transition (create, delete), run once the wait is registered. */
    readonly start?: () => Promise<unknown>;
  },
  signal: AbortSignal,
): Promise<VolumeSnapshot | undefined> {
  const { namespace, name, stage } = target;
  let latest: VolumeSnapshot | undefined;
  const poll = async () => {
    signal.throwIfAborted();
    latest = await getVolumeSnapshot(config, namespace, name, signal);
    if (stage === 'gone') return latest === undefined;
    if (!latest) throw new VolumeSnapshotError(`VolumeSnapshot ${namespace}/${name} disappeared while waiting for it`);
    const failure = latest.status?.error?.message;
    if (failure && !TRANSIENT_ERROR.test(failure)) {
      throw new VolumeSnapshotError(`VolumeSnapshot ${namespace}/${name} failed: ${failure}`);
    }
    const cut = Boolean(latest.status?.creationTime);
    return stage === 'cut' ? cut : cut && latest.status?.readyToUse === true;
  };
  const timeoutSeconds = {
    cut: SNAPSHOT_CUT_TIMEOUT_SECONDS,
    ready: SNAPSHOT_READY_TIMEOUT_SECONDS,
    gone: SNAPSHOT_DELETE_TIMEOUT_SECONDS,
  }[stage];
  const key = { kind: 'VolumeSnapshot', id: `${namespace}/${name}` };
  await run.waitFor(key, { timeoutSeconds, poll, signal, ...(target.start ? { start: target.start } : {}) });
  return latest;
}

/** k8s.io/apimachinery `rand.String`'s alphabet (no vowels, no confusable digits). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Kanister's default name, `<pvc>-snapshot-<5 characters>`. Kanister draws the characters at random; here they
 * are derived from `seed` (the run id, action and phase), so a retried attempt names — and adopts — the
 * snapshot the first attempt created instead of leaving it behind (STYLE.md rule 8).
 */
export function defaultSnapshotName(pvc: string, seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  const suffix = [...digest.subarray(0, 5)].map((byte) => NAME_ALPHABET[byte % NAME_ALPHABET.length]).join('');
  return `${pvc}-snapshot-${suffix}`;
}

/**
 * Kanister's `blockstorage.SanitizeTags`, applied to snapshot labels: keys and values are cut to 63 characters,
 * lower-cased, every character outside `[a-z0-9_-]` becomes `_`, and trailing `_`/`-` are dropped
 * (`app.kubernetes.io/name: My-App` becomes `app_kubernetes_io_name: my-app`).
 */
export function sanitizeLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const clean = (text: string) =>
    text
      .slice(0, 63)
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '_')
      .replace(/[_-]+$/, '');
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [clean(k), clean(v)]));
}

/** RestoreCSISnapshot's PVC (Kanister's `newPVCManifest`). */
export interface RestoredClaim {
  readonly snapshot: string;
  readonly pvc: string;
  readonly namespace: string;
  readonly storageClass: string;
  readonly restoreSize: string;
  readonly accessModes: readonly string[];
  readonly volumeMode: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Creates a PVC whose data source is the snapshot. A PVC of that name restored from the same snapshot (an earlier
 * attempt) is accepted; any other existing PVC is an error, as in Kanister.
 */
export async function createClaimFromSnapshot(config: KubeConfig, claim: RestoredClaim, signal: AbortSignal) {
  const path = `/api/v1/namespaces/${encodeURIComponent(claim.namespace)}/persistentvolumeclaims`;
  const dataSource = { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: claim.snapshot };
  const body = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: claim.pvc, namespace: claim.namespace, ...(claim.labels ? { labels: claim.labels } : {}) },
    spec: {
      accessModes: claim.accessModes,
      volumeMode: claim.volumeMode,
      dataSource,
      storageClassName: claim.storageClass,
      resources: { requests: { storage: claim.restoreSize } },
    },
  };
  try {
    await apiJson(config, 'POST', path, { body, signal });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    const existing = await apiJson<{ spec?: { dataSource?: { kind?: string; name?: string } } }>(
      config,
      'GET',
      `${path}/${encodeURIComponent(claim.pvc)}`,
      { signal },
    );
    const source = existing.spec?.dataSource;
    if (source?.kind !== 'VolumeSnapshot' || source.name !== claim.snapshot) throw error;
  }
}
