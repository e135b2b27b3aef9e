/**
 * What the run use cases (backup, restore, delete) need from the outside world, as small interfaces. The Lambda
 * handlers wire them to DynamoDB, EventBridge, the cluster and AWS; the CLI's local mode to the embedded stores;
 * tests to in-memory fakes.
 */

import type { ActionResult } from '../blueprint/interpreter.js';
import type { PhaseRecord } from '../blueprint/phase-runner.js';
import type { RunContext } from '../blueprint/run-context.js';
import type { Blueprint } from '../blueprint/schema.js';
import type { Subject } from './run-input.js';

export type RunState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type RunKind = 'backup' | 'restore' | 'delete';

export interface RunRecord {
  readonly runId: string;
  readonly kind: RunKind;
  readonly policy?: string;
  readonly subjectId: string;
  state: RunState;
  readonly startedAt: string;
  endedAt?: string;
  /** Phases of every blueprint action the run executed, in order, redacted. */
  phases: (PhaseRecord & { action: string })[];
  /** Progress of the run's own stages (quiesce, capture, unquiesce, export, record). */
  stages: StageRecord[];
  error?: { readonly stage: string; readonly message: string };
  restorePointId?: string;
}

export interface StageRecord {
  readonly name: string;
  state: 'running' | 'succeeded' | 'failed' | 'skipped';
  startedAt: string;
  endedAt?: string;
  detail?: string;
}

export interface ArtifactRecord {
  /** What produced it, e.g. `rds-snapshot`, `rds-copy`, `csi-snapshot`, `manifests`, `blueprint`. */
  readonly type: string;
  readonly name: string;
  /** Where it is: snapshot ARN, s3:// URL, VolumeSnapshot ns/name… */
  readonly location: string;
  readonly region?: string;
  readonly sizeBytes?: number;
  readonly sha256?: string;
  /** Blueprint `outputArtifacts` (Kanister Artifact: keyValue / kopiaSnapshot), kept for `.ArtifactsIn` at restore. */
  readonly keyValue?: Readonly<Record<string, string>>;
  /** When the data was cut (snapshot accepted, CSI creationTime). */
  readonly pointInTime?: string;
  /** What it was taken of: the DB instance or cluster, the PVC, the namespace. */
  readonly source?: string;
  /** The object key under the location (manifests, dumps). */
  readonly path?: string;
  /** CSI: the size a restored PVC needs. */
  readonly restoreSize?: string;
}

export interface RestorePoint {
  readonly id: string;
  readonly subject: Subject;
  readonly subjectId: string;
  readonly policy: string;
  readonly runId: string;
  readonly createdAt: string;
  readonly consistency: 'application' | 'crash';
  readonly quiesce?: { readonly start: string; readonly end: string; readonly seconds: number };
  readonly artifacts: readonly ArtifactRecord[];
  /** The blueprint whose `restore`/`delete` actions read these artifacts. */
  readonly blueprint?: string;
  /** `expiring` while retention deletes its artifacts; `expired` once they are gone. Absent means complete. */
  readonly status?: 'complete' | 'expiring' | 'expired';
}

export interface QuiesceMarker {
  readonly app: string;
  readonly runId: string;
  readonly since: string;
  readonly maxQuiesceSeconds: number;
  /** What the watchdog must run to unquiesce if the run cannot. */
  readonly posthook: {
    readonly blueprint: string;
    readonly subject: Subject;
    readonly options: Record<string, string>;
  };
}

export interface RunStore {
  putRun(run: RunRecord): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Throws QuiesceHeldError when another run holds the app. Re-acquiring one's own marker succeeds. */
  acquireQuiesce(marker: QuiesceMarker): Promise<void>;
  /** Removes the marker if `runId` holds it; a no-op otherwise (the watchdog may have released it). */
  releaseQuiesce(app: string, runId: string): Promise<void>;
  listQuiesceMarkers(): Promise<QuiesceMarker[]>;
  /** Writes once: a second write of the same id returns false. */
  putRestorePoint(rp: RestorePoint): Promise<boolean>;
  /** Registers which callback an event for `waitKey` completes (before the call that can trigger the event). */
  registerWait(waitKey: string, callbackId: string, runId: string, ttlSeconds: number): Promise<void>;
  /** Removes and returns the registration: an event delivered twice completes its wait once. */
  takeWait(waitKey: string): Promise<{ callbackId: string; runId: string } | undefined>;
}

export class QuiesceHeldError extends Error {
  override readonly name = 'QuiesceHeldError';
  constructor(
    readonly app: string,
    readonly holder: string,
  ) {
    super(`${app} is already quiesced by run ${holder}; runs of one app never overlap their quiesce windows`);
  }
}

export interface RunEvents {
  publish(detailType: string, detail: Record<string, unknown>): Promise<void>;
}

export interface BlueprintSource {
  get(name: string): Promise<Blueprint>;
}

/** Runs one blueprint action on a subject (wires the interpreter to the cluster and AWS clients). */
export interface ActionRunner {
  run(req: {
    blueprint: Blueprint;
    action: string;
    subject: Subject;
    options: Record<string, string>;
    artifactsIn?: Record<string, { keyValue?: Record<string, string>; kopiaSnapshot?: string }>;
  }): Promise<ActionResult>;
}

/** A capture started by a backup run: RDS/Aurora snapshot, CSI snapshots, manifests. */
export interface Capture {
  /** Unique within the run; names the run's steps. */
  readonly name: string;
  /** Starts the capture and returns as soon as its point in time is fixed (the app may be unquiesced then). */
  start(rc: RunContext): Promise<CaptureHandle>;
  /** Waits until the captured data is durable (snapshot available, CSI readyToUse) and describes it. */
  finish(rc: RunContext, handle: CaptureHandle): Promise<ArtifactRecord[]>;
}

export interface CaptureHandle {
  readonly name: string;
  /** ISO time the data was cut. */
  readonly pointInTime: string;
  readonly data: Readonly<Record<string, string>>;
}

/** Copies and exports of captured artifacts (cross-region snapshot copies with a KMS key there). */
export interface Exporter {
  copy(
    rc: RunContext,
    artifact: ArtifactRecord,
    target: { region: string; kmsKeyId: string },
    runId: string,
  ): Promise<ArtifactRecord>;
}

/** Restores and deletes what captures produced (RDS restore from a snapshot or its copy, manifests, objects). */
export interface ArtifactHandler {
  /** Restores one artifact (e.g. an RDS instance from its snapshot); returns a description for the run record. */
  restore(
    rc: RunContext,
    artifact: ArtifactRecord,
    target: RestoreTarget,
    runId: string,
    /** Every artifact of the restore point (to find a copy in `target.fromRegion`). */
    siblings: readonly ArtifactRecord[],
  ): Promise<{ readonly detail: string } | undefined>;
  /** Deletes one artifact (snapshot, copy, location objects); a missing artifact is not an error. */
  remove(rc: RunContext, artifact: ArtifactRecord): Promise<void>;
}

export interface RestoreTarget {
  /** Restore Kubernetes objects into this namespace instead of the original. */
  readonly namespace?: string;
  /** Restore the RDS instance/cluster under this identifier instead of the original. */
  readonly rdsInstanceId?: string;
  /** Restore from the copy in this region instead of the source region. */
  readonly fromRegion?: string;
}

export interface RestorePointStore {
  getRestorePoint(subjectId: string, id: string): Promise<RestorePoint | undefined>;
  listRestorePoints(subjectId: string): Promise<RestorePoint[]>;
  /** Conditional: only a complete restore point becomes expiring; returns false if someone else took it. */
  markExpiring(subjectId: string, id: string): Promise<boolean>;
  markExpired(subjectId: string, id: string): Promise<void>;
}

/** What a run on one existing restore point (restore, or deletion at expiry) needs. */
export interface RestorePointRunDeps {
  readonly store: RunStore;
  readonly restorePoints: RestorePointStore;
  readonly events: RunEvents;
  readonly blueprints: BlueprintSource;
  readonly actions: ActionRunner;
  readonly artifacts: ArtifactHandler;
}
