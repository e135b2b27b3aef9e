/**
 * Restores and deletions of what captures produced, through the same blueprint functions: RestoreRDSSnapshot (in
 * place — Kanister's semantics — or into another identifier, from the source region or a copy), ApplyManifests
 * (optionally into another namespace), RestoreCSISnapshot; DeleteRDSSnapshot, DeleteCSISnapshot and the location's
 * objects. A missing artifact is not an error when deleting (retention may run twice).
 */
import type { EdgeClients } from '../functions/ports.js';
import type { ArtifactHandler, ArtifactRecord, RestoreTarget } from '../runtime/ports.js';
import { invokeFunction } from './invoke-function.js';

const isRds = (a: ArtifactRecord) => /^rds-(cluster-)?(snapshot|copy)$/.test(a.type);

export function artifactHandler(clients: EdgeClients): ArtifactHandler {
  return {
    async restore(rc, artifact, target, runId, siblings) {
      if (isRds(artifact)) return restoreRds(rc, clients, pick(artifact, target, siblings), target);
      if (artifact.type === 'manifests') {
        await invokeFunction(rc, clients, {
          func: 'ApplyManifests',
          phase: `restore-manifests-${runId}`.slice(0, 120),
          args: {
            path: artifact.path ?? '',
            namespace: artifact.source ?? '',
            targetNamespace: target.namespace ?? '',
          },
        });
        return { detail: `manifests applied into ${target.namespace ?? artifact.source}` };
      }
      if (artifact.type === 'csi-snapshot')
        return { detail: `${artifact.name}: restore the PVC with RestoreCSISnapshot` };
      return undefined;
    },
    async remove(rc, artifact) {
      if (isRds(artifact)) {
        await invokeFunction(rc, clients, {
          func: 'DeleteRDSSnapshot',
          phase: `delete-${artifact.name}`,
          args: {
            snapshotID: artifact.name,
            dbEngine: artifact.type.includes('cluster') ? 'aurora' : '',
            region: artifact.region,
          },
        });
      } else if (artifact.type === 'csi-snapshot') {
        const [namespace = '', name = ''] = artifact.location.split('/');
        await invokeFunction(rc, clients, {
          func: 'DeleteCSISnapshot',
          phase: `delete-${name}`,
          args: { name, namespace },
        });
      } else if (artifact.path && clients.location) {
        const location = clients.location;
        await rc.step(`delete-object-${artifact.path}`, () =>
          location.remove([artifact.path ?? ''], { signal: rc.signal }),
        );
      }
    },
  };
}

/** The snapshot to restore from: the source region's, or its copy in `target.fromRegion`. */
function pick(artifact: ArtifactRecord, target: RestoreTarget, all: readonly ArtifactRecord[]): ArtifactRecord {
  if (!target.fromRegion || artifact.region === target.fromRegion) return artifact;
  const copy = all.find(
    (a) => a.type.endsWith('copy') && a.region === target.fromRegion && a.source === artifact.source,
  );
  if (!copy)
    throw new Error(
      `no copy of ${artifact.name} in ${target.fromRegion}; the restore point has copies in: ${regions(all)}`,
    );
  return copy;
}

async function restoreRds(
  rc: Parameters<ArtifactHandler['restore']>[0],
  clients: EdgeClients,
  artifact: ArtifactRecord,
  target: RestoreTarget,
) {
  const instanceID = target.rdsInstanceId ?? artifact.source ?? '';
  const out = await invokeFunction(rc, clients, {
    func: 'RestoreRDSSnapshot',
    phase: `restore-${instanceID}`,
    args: {
      instanceID,
      snapshotID: artifact.name,
      dbEngine: artifact.type.includes('cluster') ? 'aurora' : '',
      region: artifact.region,
    },
  });
  return { detail: `${instanceID} restored from ${artifact.name}; endpoint ${String(out.endpoint ?? '')}` };
}

function regions(all: readonly ArtifactRecord[]): string {
  return [...new Set(all.filter((a) => a.type.endsWith('copy')).map((a) => a.region))].join(', ') || 'none';
}
