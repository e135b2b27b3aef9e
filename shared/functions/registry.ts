/**
 * The registry of blueprint functions Holdfast runs (listed explicitly, one import per function file) and of
 * the Kanister functions it refuses. Names are case-sensitive, as Kanister's registry is.
 */
import { applyManifests } from './apply-manifests.js';
import { captureManifests } from './capture-manifests.js';
import { copyRDSSnapshot } from './copy-rds-snapshot.js';
import { createCSISnapshot } from './create-csi-snapshot.js';
import { createRDSSnapshot } from './create-rds-snapshot.js';
import { deleteCSISnapshot } from './delete-csi-snapshot.js';
import { deleteRDSSnapshot } from './delete-rds-snapshot.js';
import { DuplicateFunctionError } from './errors.js';
import { exportRDSSnapshotToLocation } from './export-rds-snapshot-to-location.js';
import { kubeExec } from './kube-exec.js';
import { kubeExecAll } from './kube-exec-all.js';
import { kubeOps } from './kube-ops.js';
import { kubeTask } from './kube-task.js';
import { multiContainerRun } from './multi-container-run.js';
import { prepareData } from './prepare-data.js';
import { proxyRequest } from './proxy-request.js';
import { REJECTED_FUNCTIONS } from './rejected.js';
import { restoreCSISnapshot } from './restore-csi-snapshot.js';
import { restoreRDSSnapshot } from './restore-rds-snapshot.js';
import { scaleWorkload } from './scale-workload.js';
import { startRDSExportTask } from './start-rds-export-task.js';
import { streamFromLocation } from './stream-from-location.js';
import { streamToLocation } from './stream-to-location.js';
import type { FunctionSpec, RejectedFunction } from './types.js';
import { wait } from './wait.js';
import { waitV2 } from './wait-v2.js';

export const FUNCTION_SPECS: readonly FunctionSpec[] = [
  // Kanister, Kubernetes
  kubeExec,
  kubeExecAll,
  kubeTask,
  multiContainerRun,
  scaleWorkload,
  wait,
  waitV2,
  kubeOps,
  prepareData,
  createCSISnapshot,
  restoreCSISnapshot,
  deleteCSISnapshot,
  // Kanister, AWS
  createRDSSnapshot,
  restoreRDSSnapshot,
  deleteRDSSnapshot,
  exportRDSSnapshotToLocation,
  // Holdfast
  copyRDSSnapshot,
  startRDSExportTask,
  streamToLocation,
  streamFromLocation,
  proxyRequest,
  captureManifests,
  applyManifests,
];

export class FunctionRegistry {
  readonly #specs = new Map<string, FunctionSpec>();
  readonly #rejected = new Map<string, RejectedFunction>();

  constructor(specs: readonly FunctionSpec[], rejected: readonly RejectedFunction[] = []) {
    for (const spec of specs) {
      if (this.#specs.has(spec.name)) throw new DuplicateFunctionError(spec.name);
      this.#specs.set(spec.name, spec);
    }
    for (const entry of rejected) {
      if (this.#specs.has(entry.name) || this.#rejected.has(entry.name)) throw new DuplicateFunctionError(entry.name);
      this.#rejected.set(entry.name, entry);
    }
  }

  /** The function registered under `name`, or undefined (then see `rejection`). */
  get(name: string): FunctionSpec | undefined {
    return this.#specs.get(name);
  }

  /** Every supported function, in registration order. */
  list(): readonly FunctionSpec[] {
    return [...this.#specs.values()];
  }

  /** Why `name` is refused and what to use instead, if it is a refused Kanister function. */
  rejection(name: string): RejectedFunction | undefined {
    return this.#rejected.get(name);
  }
}

/** The registry the validator and the interpreter use. */
export const functionRegistry = new FunctionRegistry(FUNCTION_SPECS, REJECTED_FUNCTIONS);
