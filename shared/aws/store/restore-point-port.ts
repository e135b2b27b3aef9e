/**
 * The run use cases' RestorePointStore port (and retention's listing) on the DynamoDB store.
 */
import type { RestorePoint, RestorePointStore } from '../../runtime/ports.js';
import type { Store } from './index.js';
import type { StoredRestorePoint } from './restore-points.js';

export class DynamoRestorePoints implements RestorePointStore {
  constructor(private readonly store: Store) {}

  async getRestorePoint(subjectId: string, id: string): Promise<RestorePoint | undefined> {
    const rp = await this.store.restorePoints.get(subjectId, id);
    return rp && toPort(rp);
  }

  async listRestorePoints(subjectId: string): Promise<RestorePoint[]> {
    return this.all((cursor) => this.store.restorePoints.listByApp(subjectId, { cursor }));
  }

  /** Every live (complete or expiring) restore point of a policy, for retention. */
  async listByPolicy(policy: string): Promise<RestorePoint[]> {
    return this.all((cursor) => this.store.restorePoints.listByPolicy(policy, {}, { cursor }));
  }

  async markExpiring(subjectId: string, id: string): Promise<boolean> {
    return (await this.store.restorePoints.markExpiring(subjectId, id)) === 'changed';
  }

  async markExpired(subjectId: string, id: string): Promise<void> {
    await this.store.restorePoints.markExpired(subjectId, id);
  }

  private async all(
    page: (cursor?: string) => Promise<{ items: StoredRestorePoint[]; cursor?: string }>,
  ): Promise<RestorePoint[]> {
    const out: RestorePoint[] = [];
    let cursor: string | undefined;
    do {
      const p = await page(cursor);
      out.push(...p.items.map(toPort));
      cursor = p.cursor;
    } while (cursor);
    return out;
  }
}

function toPort(rp: StoredRestorePoint): RestorePoint {
  return {
    id: rp.id,
    subject: rp.subject,
    subjectId: rp.subjectId,
    policy: rp.policy ?? '',
    runId: rp.runId,
    createdAt: rp.createdAt,
    consistency: rp.consistency,
    quiesce: rp.quiesce,
    artifacts: rp.artifacts.map((a) => ({ ...a })),
    blueprint: rp.blueprint,
    status: rp.status,
  };
}
