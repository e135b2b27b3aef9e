/**
 * An in-memory RunStore with the same conditional semantics as the DynamoDB store (one holder per quiesce marker,
 * restore points written once, waits taken once), for use-case tests.
 */
import {
  QuiesceHeldError,
  type QuiesceMarker,
  type RestorePoint,
  type RestorePointStore,
  type RunRecord,
  type RunStore,
} from '../../shared/runtime/ports.js';

export class MemoryStore implements RunStore, RestorePointStore {
  readonly runs = new Map<string, RunRecord>();
  readonly markers = new Map<string, QuiesceMarker>();
  readonly restorePoints = new Map<string, RestorePoint>();
  readonly waits = new Map<string, { callbackId: string; runId: string }>();
  writes = 0;

  async putRun(run: RunRecord): Promise<void> {
    this.writes++;
    this.runs.set(run.runId, structuredClone(run));
  }
  async getRun(runId: string): Promise<RunRecord | undefined> {
    return this.runs.get(runId);
  }
  async acquireQuiesce(marker: QuiesceMarker): Promise<void> {
    const held = this.markers.get(marker.app);
    if (held && held.runId !== marker.runId) throw new QuiesceHeldError(marker.app, held.runId);
    this.writes++;
    this.markers.set(marker.app, marker);
  }
  async releaseQuiesce(app: string, runId: string): Promise<void> {
    if (this.markers.get(app)?.runId === runId) {
      this.writes++;
      this.markers.delete(app);
    }
  }
  async listQuiesceMarkers(): Promise<QuiesceMarker[]> {
    return [...this.markers.values()];
  }
  async putRestorePoint(rp: RestorePoint): Promise<boolean> {
    if (this.restorePoints.has(rp.id)) return false;
    this.writes++;
    this.restorePoints.set(rp.id, structuredClone(rp));
    return true;
  }
  async registerWait(waitKey: string, callbackId: string, runId: string): Promise<void> {
    this.writes++;
    this.waits.set(waitKey, { callbackId, runId });
  }
  async takeWait(waitKey: string): Promise<{ callbackId: string; runId: string } | undefined> {
    const w = this.waits.get(waitKey);
    this.waits.delete(waitKey);
    return w;
  }

  async getRestorePoint(subjectId: string, id: string): Promise<RestorePoint | undefined> {
    const rp = this.restorePoints.get(id);
    return rp?.subjectId === subjectId ? rp : undefined;
  }
  async listRestorePoints(subjectId: string): Promise<RestorePoint[]> {
    return [...this.restorePoints.values()].filter((r) => r.subjectId === subjectId);
  }
  async markExpiring(subjectId: string, id: string): Promise<boolean> {
    const rp = await this.getRestorePoint(subjectId, id);
    if (!rp || (rp.status ?? 'complete') !== 'complete') return false;
    this.restorePoints.set(id, { ...rp, status: 'expiring' });
    return true;
  }
  async markExpired(subjectId: string, id: string): Promise<void> {
    const rp = await this.getRestorePoint(subjectId, id);
    if (rp) this.restorePoints.set(id, { ...rp, status: 'expired' });
  }
}
