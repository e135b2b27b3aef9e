// Starts every controller of the local control plane and stops them together.

import type { ObjectService } from '../objects.js';
import { installBuiltinObjects } from './builtin-objects.js';
import { CrdController } from './crd.js';
import { DeploymentController } from './deployment.js';
import { GarbageCollector } from './garbage-collector.js';
import { JobController } from './job.js';
import { NamespaceController } from './namespace.js';
import { PvcBinder } from './pvc-binder.js';
import { ReplicaSetController } from './replicaset.js';
import { StatefulSetController } from './statefulset.js';
import { type SnapshotDelays, VolumeSnapshotController } from './volume-snapshot.js';

export type { SnapshotDelays } from './volume-snapshot.js';

/** Starts the controllers; CRDs and namespaces first, so persisted custom types are served. */
export function startControllers(objects: ObjectService, snapshots: SnapshotDelays): () => void {
  const stops = [new CrdController(objects).start(), new NamespaceController(objects).start()];
  installBuiltinObjects(objects);
  for (const controller of [
    new GarbageCollector(objects),
    new ReplicaSetController(objects),
    new DeploymentController(objects),
    new StatefulSetController(objects),
    new JobController(objects),
    new PvcBinder(objects),
    new VolumeSnapshotController(objects, snapshots),
  ]) {
    stops.push(controller.start());
  }
  return () => {
    for (const stop of stops.reverse()) stop();
  };
}
