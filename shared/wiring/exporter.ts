/**
 * Copies of a run's RDS snapshots to other regions (the policy's `exports.copies`), through CopyRDSSnapshot: in the
 * destination region, encrypted with the key there, tags copied, waited for by event or poll.
 */
import type { EdgeClients } from '../functions/ports.js';
import type { ArtifactRecord, Exporter } from '../runtime/ports.js';
import { invokeFunction } from './invoke-function.js';

export function rdsCopyExporter(clients: EdgeClients): Exporter {
  return {
    async copy(rc, artifact, target) {
      const cluster = artifact.type === 'rds-cluster-snapshot';
      const out = await invokeFunction(rc, clients, {
        func: 'CopyRDSSnapshot',
        phase: `copy-${artifact.name}-${target.region}`,
        args: {
          snapshotID: artifact.name,
          dbEngine: cluster ? 'aurora' : '',
          sourceRegion: artifact.region,
          destinationRegion: target.region,
          kmsKeyID: target.kmsKeyId,
          copyTags: true,
        },
      });
      const copy: ArtifactRecord = {
        type: cluster ? 'rds-cluster-copy' : 'rds-copy',
        name: String(out.snapshotID),
        location: String(out.snapshotArn ?? out.snapshotID),
        region: target.region,
        source: artifact.source,
        pointInTime: artifact.pointInTime,
      };
      return copy;
    },
  };
}
