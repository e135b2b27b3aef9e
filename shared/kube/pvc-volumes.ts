/**
 * PVCs mounted into a task pod (PrepareData): the ones given, or — as Kanister's `getVolumes` — every PVC of the
 * subject Deployment or StatefulSet at `/mnt/prepare_data/<pvc>`. Each claim must exist; a ReadOnlyMany claim is
 * mounted read-only (Kanister's `PVCContainsReadOnlyAccessMode`).
 */
import type { V1PersistentVolumeClaim, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { type KubeApis, kubeCall } from './api.js';
import { KubeError } from './errors.js';

type Workload = { PersistentVolumeClaims?: Record<string, Record<string, string>> } | null | undefined;

/** PVC name → mount path for the subject workload's claims. */
export function subjectVolumes(params: Readonly<Record<string, unknown>>): Record<string, string> {
  const workload = (params.Deployment ?? params.StatefulSet) as Workload;
  if (!workload) throw new KubeError('Failed to get volumes: the subject is neither a Deployment nor a StatefulSet');
  const volumes: Record<string, string> = {};
  for (const claims of Object.values(workload.PersistentVolumeClaims ?? {})) {
    for (const pvc of Object.keys(claims)) volumes[pvc] = `/mnt/prepare_data/${pvc}`;
  }
  if (Object.keys(volumes).length === 0) throw new KubeError('No volumes found');
  return volumes;
}

export async function claimMounts(
  apis: KubeApis,
  namespace: string,
  volumes: Readonly<Record<string, string>>,
): Promise<{ volumes: V1Volume[]; volumeMounts: V1VolumeMount[] }> {
  const out = { volumes: [] as V1Volume[], volumeMounts: [] as V1VolumeMount[] };
  for (const [index, [claimName, mountPath]] of Object.entries(volumes).entries()) {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/persistentvolumeclaims/${encodeURIComponent(claimName)}`;
    const pvc = (await kubeCall(`get pvc ${namespace}/${claimName}`, { signal: apis.signal, idempotent: true }, () =>
      apis.raw('GET', path),
    )) as V1PersistentVolumeClaim;
    const readOnly = (pvc.spec?.accessModes ?? []).includes('ReadOnlyMany');
    const name = `vol-${index}`;
    out.volumes.push({ name, persistentVolumeClaim: { claimName, readOnly } });
    out.volumeMounts.push({ name, mountPath, readOnly });
  }
  return out;
}
