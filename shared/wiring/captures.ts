/**
 * A policy run's captures (shared/runtime Capture): each starts by invoking a blueprint function that returns as
 * soon as the data is cut (RDS accepted the snapshot; the CSI snapshot has its creationTime), so the run can
 * unquiesce, and finishes by waiting for the data to be durable (event-driven waits).
 */

import { openRuntimeSession } from '../aws/rds/session.js';
import { awaitSnapshotAvailable } from '../aws/rds/snapshots.js';
import type { EdgeClients } from '../functions/ports.js';
import { waitForVolumeSnapshot } from '../kube/csi.js';
import type { ArtifactRecord, Capture, CaptureHandle } from '../runtime/ports.js';
import { type BackupRunInput, type RdsTarget, subjectId } from '../runtime/run-input.js';
import { invokeFunction } from './invoke-function.js';

export function policyCaptures(
  input: BackupRunInput,
  clients: EdgeClients,
  pvcsOf: () => Promise<string[]>,
): Capture[] {
  const out: Capture[] = input.capture.rds.map((db) => rdsCapture(db, clients));
  if (input.capture.csiSnapshots) out.push(csiCapture(input, clients, pvcsOf));
  if (input.capture.manifests) out.push(manifestsCapture(input, clients));
  return out;
}

function rdsCapture(db: RdsTarget, clients: EdgeClients): Capture {
  const name = `rds-${db.kind}-${db.id}`;
  const dbEngine = db.kind === 'cluster' ? 'aurora' : '';
  return {
    name,
    async start(rc) {
      const out = await invokeFunction(rc, clients, {
        func: 'CreateRDSSnapshot',
        phase: `capture-${name}`,
        args: { instanceID: db.id, dbEngine, region: db.region },
        options: { 'holdfast.io/rds-snapshot-wait': 'accepted' },
      });
      return handle(name, String(out.acceptedAt), {
        snapshotID: String(out.snapshotID),
        region: db.region,
        kind: db.kind,
        source: db.id,
      });
    },
    async finish(rc, h) {
      const rds = clients.rds;
      if (!rds) throw new Error('RDS capture needs AWS clients');
      await rc.scope(`capture-${name}-available`, async (run) => {
        const session = openRuntimeSession(run, rds, { name: `capture-${name}`, region: h.data.region });
        try {
          await awaitSnapshotAvailable(session, db.kind, h.data.snapshotID ?? '');
        } finally {
          session.close();
        }
      });
      const type = db.kind === 'cluster' ? 'rds-cluster-snapshot' : 'rds-snapshot';
      return [
        {
          type,
          name: h.data.snapshotID ?? '',
          location: h.data.snapshotID ?? '',
          region: db.region,
          source: db.id,
          pointInTime: h.pointInTime,
        },
      ];
    },
  };
}

function csiCapture(input: BackupRunInput, clients: EdgeClients, pvcsOf: () => Promise<string[]>): Capture {
  const ns = input.subject.namespace;
  const snapshotClass = input.capture.csiSnapshots?.volumeSnapshotClassName ?? '';
  return {
    name: 'csi',
    async start(rc) {
      const pvcs = await rc.step('capture-csi-pvcs', pvcsOf);
      const data: Record<string, string> = {};
      let cut = '';
      for (const pvc of pvcs) {
        const out = await invokeFunction(rc, clients, {
          func: 'CreateCSISnapshot',
          phase: `capture-csi-${pvc}`,
          args: { pvc, namespace: ns, snapshotClass, waitForReady: false },
        });
        data[pvc] = `${String(out.name)}|${String(out.restoreSize ?? '')}`;
        if (String(out.creationTime) > cut) cut = String(out.creationTime);
      }
      return handle('csi', cut || new Date(0).toISOString(), data);
    },
    async finish(rc, h) {
      const kube = clients.kube;
      if (!kube) throw new Error('CSI capture needs a Kubernetes cluster connection');
      const out: ArtifactRecord[] = [];
      for (const [pvc, value] of Object.entries(h.data)) {
        const [name = '', restoreSize = ''] = value.split('|');
        await rc.scope(`capture-csi-${pvc}-ready`, (run) =>
          waitForVolumeSnapshot(run, kube.config, { namespace: ns, name, stage: 'ready' }, run.signal),
        );
        out.push({
          type: 'csi-snapshot',
          name,
          location: `${ns}/${name}`,
          source: pvc,
          pointInTime: h.pointInTime,
          restoreSize,
        });
      }
      return out;
    },
  };
}

function manifestsCapture(input: BackupRunInput, clients: EdgeClients): Capture {
  const m = input.capture.manifests;
  const path = `${subjectId(input.subject)}/${input.runId}/manifests.yaml`;
  return {
    name: 'manifests',
    async start(rc) {
      const out = await invokeFunction(rc, clients, {
        func: 'CaptureManifests',
        phase: 'capture-manifests',
        args: {
          namespace: input.subject.namespace,
          path,
          includeKinds: m?.includeKinds,
          excludeKinds: m?.excludeKinds,
          includeSecrets: m?.secrets ?? false,
        },
      });
      const at = await rc.step('capture-manifests-time', async () => rc.now().toISOString());
      return handle('manifests', at, { path: String(out.path), sha256: String(out.sha256), count: String(out.count) });
    },
    async finish(_rc, h) {
      const url = clients.location ? `${clients.location.url.replace(/\/$/, '')}/${h.data.path}` : (h.data.path ?? '');
      return [
        {
          type: 'manifests',
          name: 'manifests',
          location: url,
          sha256: h.data.sha256,
          path: h.data.path,
          source: input.subject.namespace,
        },
      ];
    },
  };
}

function handle(name: string, pointInTime: string, data: Record<string, string>): CaptureHandle {
  return { name, pointInTime, data };
}
