/**
 * Restore points (`APP#<cluster>/<ns>/<kind>/<name>` · `RP#<time>#<run>`): written once per run, listed by app
 * (newest first), by policy and time (gsi1) and by expiry (gsi3), and moved `complete → expiring → expired` by
 * retention. Expired restore points stay listable by app as history but leave both GSIs, so retention never reads
 * them again.
 */
import { GetCommand, PutCommand, type PutCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { subjectId as formatSubjectId, subjectSchema } from '../../runtime/run-input.js';
import {
  onRefusal,
  type Page,
  type PageOptions,
  parseItem,
  queryPage,
  type StoreContext,
  stringAttr,
} from './dynamo.js';
import { RestorePointNotFoundError, RestorePointStatusError } from './errors.js';
import { isoTime, KEY_MAX, parseRestorePointId, restorePointId, restorePointKey } from './keys.js';
import { GSI1, GSI3 } from './table.js';

const isoSchema = z.iso.datetime({ offset: true }).transform((t) => isoTime(t));

/** One captured thing; extra fields a capture adds are kept as they are. */
export const artifactRecordSchema = z.looseObject({
  type: z.string().min(1),
  name: z.string().min(1),
  location: z.string().min(1),
  region: z.string().optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  sha256: z.string().optional(),
  keyValue: z.record(z.string(), z.string()).optional(),
  kopiaSnapshot: z.string().optional(),
  pointInTime: z.string().optional(),
});

export const gfsTagSchema = z.enum(['hourly', 'daily', 'weekly', 'monthly', 'yearly']);
export const restorePointStatusSchema = z.enum(['complete', 'expiring', 'expired']);
export type RestorePointStatus = z.infer<typeof restorePointStatusSchema>;

export const newRestorePointSchema = z.object({
  subject: subjectSchema,
  /** The point in time the restore point stands for (the quiesce start): orders restore points, part of the key. */
  time: isoSchema,
  runId: z.string().min(1),
  /** Absent for on-demand backups: those are not listed by policy. */
  policy: z.string().min(1).optional(),
  createdAt: isoSchema,
  consistency: z.enum(['application', 'crash']),
  quiesce: z.object({ start: isoSchema, end: isoSchema, seconds: z.number().nonnegative() }).optional(),
  artifacts: z.array(artifactRecordSchema),
  /** The blueprint whose `restore`/`delete` actions read these artifacts. */
  blueprint: z.string().min(1).optional(),
  /** Bytes captured; default: the sum of the artifacts' `sizeBytes`. */
  sizeBytes: z.number().int().nonnegative().optional(),
  gfsTags: z.array(gfsTagSchema).default([]),
  /** Absent: kept until GFS retention expires it. */
  expiresAt: isoSchema.optional(),
});
export type NewRestorePoint = z.input<typeof newRestorePointSchema>;

const storedSchema = newRestorePointSchema.extend({
  id: z.string(),
  subjectId: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  status: restorePointStatusSchema,
  updatedAt: z.string(),
});
export type StoredRestorePoint = z.infer<typeof storedSchema>;

const parse = (item: Record<string, unknown>) => parseItem(storedSchema, item);

/** The Put that writes a restore point once (shared with the backup-completion transaction). */
export function restorePointPut(ctx: StoreContext, input: NewRestorePoint): PutCommandInput {
  const rp = newRestorePointSchema.parse(input);
  const subjectId = formatSubjectId(rp.subject);
  const id = restorePointId(rp.time, rp.runId);
  const key = restorePointKey(subjectId, rp.time, rp.runId);
  const sizeBytes = rp.sizeBytes ?? rp.artifacts.reduce((sum, a) => sum + (a.sizeBytes ?? 0), 0);
  return {
    TableName: ctx.tableName,
    Item: {
      ...key,
      ...rp,
      id,
      subjectId,
      sizeBytes,
      status: 'complete',
      updatedAt: ctx.clock().toISOString(),
      ...(rp.policy ? { gsi1pk: `POLICY#${rp.policy}`, gsi1sk: id } : {}),
      ...(rp.expiresAt ? { gsi3pk: 'EXPIRES', gsi3sk: `${rp.expiresAt}#${subjectId}#${id}` } : {}),
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}

export class RestorePoints {
  constructor(private readonly ctx: StoreContext) {}

  /**
   * Writes the restore point unless it exists. Its key holds the run id, so an existing one is this run's own
   * earlier attempt: `created: false` then, and the first write stands.
   */
  async put(input: NewRestorePoint): Promise<{ created: boolean; id: string }> {
    const put = restorePointPut(this.ctx, input);
    const id = String(put.Item?.id);
    return onRefusal(
      this.ctx.doc.send(new PutCommand(put)).then(() => ({ created: true, id })),
      () => ({ created: false, id }),
    );
  }

  async get(subjectId: string, id: string): Promise<StoredRestorePoint | undefined> {
    const { time, runId } = parseRestorePointId(id);
    const out = await this.ctx.doc.send(
      new GetCommand({
        TableName: this.ctx.tableName,
        Key: restorePointKey(subjectId, time, runId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? parse(out.Item) : undefined;
  }

  /** Newest first; expired ones included (history). */
  listByApp(subjectId: string, page: PageOptions = {}): Promise<Page<StoredRestorePoint>> {
    return queryPage(
      this.ctx,
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rp)',
        ExpressionAttributeValues: { ':pk': `APP#${subjectId}`, ':rp': 'RP#' },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      page,
      parse,
    );
  }

  /** Live (complete or expiring) restore points of a policy with `from <= time <= to`, newest first by default. */
  listByPolicy(
    policy: string,
    range: { from?: string | Date; to?: string | Date; order?: 'newest' | 'oldest' } = {},
    page: PageOptions = {},
  ): Promise<Page<StoredRestorePoint>> {
    const values: Record<string, string> = { ':pk': `POLICY#${policy}` };
    const bounds: string[] = [];
    if (range.from !== undefined) {
      values[':from'] = isoTime(range.from);
      bounds.push('gsi1sk >= :from');
    }
    if (range.to !== undefined) {
      values[':to'] = `${isoTime(range.to)}#${KEY_MAX}`;
      bounds.push('gsi1sk <= :to');
    }
    // A key condition takes one sort-key comparison: BETWEEN when both ends are given.
    const sortCondition =
      bounds.length === 2 ? ' AND gsi1sk BETWEEN :from AND :to' : bounds.map((b) => ` AND ${b}`).join('');
    return queryPage(
      this.ctx,
      {
        IndexName: GSI1,
        KeyConditionExpression: `gsi1pk = :pk${sortCondition}`,
        ExpressionAttributeValues: values,
        ScanIndexForward: range.order === 'oldest',
      },
      page,
      parse,
    );
  }

  /** Restore points whose `expiresAt <= now` and that are not expired yet (complete, or expiring and stuck). */
  listDueForExpiry(now: string | Date, page: PageOptions = {}): Promise<Page<StoredRestorePoint>> {
    return queryPage(
      this.ctx,
      {
        IndexName: GSI3,
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :now',
        ExpressionAttributeValues: { ':pk': 'EXPIRES', ':now': `${isoTime(now)}#${KEY_MAX}` },
      },
      page,
      parse,
    );
  }

  /** `complete → expiring`: retention decided; deletions start. Repeating it is a no-op. */
  markExpiring(subjectId: string, id: string): Promise<'changed' | 'unchanged'> {
    return this.setStatus(subjectId, id, 'complete', 'expiring');
  }

  /** `expiring → expired`: artifacts deleted; the item leaves both GSIs. Repeating it is a no-op. */
  markExpired(subjectId: string, id: string): Promise<'changed' | 'unchanged'> {
    return this.setStatus(subjectId, id, 'expiring', 'expired');
  }

  private setStatus(
    subjectId: string,
    id: string,
    from: RestorePointStatus,
    to: RestorePointStatus,
  ): Promise<'changed' | 'unchanged'> {
    const { time, runId } = parseRestorePointId(id);
    const key = restorePointKey(subjectId, time, runId);
    const leaveIndexes = to === 'expired' ? ' REMOVE gsi1pk, gsi1sk, gsi3pk, gsi3sk' : '';
    const write = this.ctx.doc.send(
      new UpdateCommand({
        TableName: this.ctx.tableName,
        Key: key,
        UpdateExpression: `SET #status = :to, updatedAt = :now${leaveIndexes}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':from': from, ':to': to, ':now': this.ctx.clock().toISOString() },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return onRefusal(
      write.then(() => 'changed' as const),
      (old) => {
        const current = stringAttr(old, 'status');
        if (current === to) return 'unchanged';
        if (current === undefined) throw new RestorePointNotFoundError(`${subjectId}@${id}`);
        throw new RestorePointStatusError(id, current, to, key);
      },
    );
  }
}
