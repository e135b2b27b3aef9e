/**
 * Wait registrations (`WAIT#<resource id>` · `WAIT`): which durable callback an event about a resource completes.
 * A run registers before the API call that can cause the event; the event handler `take`s the registration with one
 * atomic delete, so an event delivered twice completes the callback once. DynamoDB's TTL removes registrations
 * whose wait timed out (TTL deletion can lag by days, so expiry is also checked on read).
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { onRefusal, parseItem, type StoreContext, stringAttr } from './dynamo.js';
import { WaitConflictError } from './errors.js';
import { epochSeconds, waitKey } from './keys.js';

export interface NewWait {
  /** The AWS or Kubernetes resource whose event completes the wait (snapshot ARN, export task id…). */
  readonly resourceId: string;
  readonly runId: string;
  readonly callbackId: string;
  /** What is awaited, e.g. `rds-snapshot-available`, `rds-copy-done`. */
  readonly kind: string;
  /** How long the wait may last; the registration expires then (plus a day, for late events to be logged). */
  readonly timeoutSeconds: number;
}

const EXPIRY_MARGIN_SECONDS = 86_400;

const waitSchema = z.object({
  resourceId: z.string(),
  runId: z.string(),
  callbackId: z.string(),
  kind: z.string(),
  registeredAt: z.string(),
  /** Epoch seconds: DynamoDB's TTL attribute. */
  ttl: z.number(),
});
export type WaitRegistration = z.infer<typeof waitSchema>;

export class Waits {
  constructor(private readonly ctx: StoreContext) {}

  /**
   * Registers the wait. The same run registering again (a retried step, with a new callback id) replaces its own
   * registration; another run's live registration is never replaced (WaitConflictError), an expired one is.
   */
  async register(wait: NewWait): Promise<WaitRegistration> {
    const now = this.ctx.clock();
    const item: WaitRegistration = {
      resourceId: wait.resourceId,
      runId: wait.runId,
      callbackId: wait.callbackId,
      kind: wait.kind,
      registeredAt: now.toISOString(),
      ttl: epochSeconds(now) + wait.timeoutSeconds + EXPIRY_MARGIN_SECONDS,
    };
    const key = waitKey(wait.resourceId);
    const write = this.ctx.doc.send(
      new PutCommand({
        TableName: this.ctx.tableName,
        Item: { ...key, ...item },
        ConditionExpression: 'attribute_not_exists(pk) OR runId = :run OR #ttl < :now',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':run': wait.runId, ':now': epochSeconds(now) },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return onRefusal(
      write.then(() => item),
      (old) => {
        throw new WaitConflictError(wait.resourceId, stringAttr(old, 'runId'), key);
      },
    );
  }

  /**
   * Removes and returns the registration in one atomic delete: of two deliveries of one event, exactly one gets it.
   * An expired registration is removed too but not returned (its callback has timed out already).
   */
  async take(resourceId: string): Promise<WaitRegistration | undefined> {
    // Conditional, so that of two concurrent deletes exactly one succeeds: an unconditional delete of a present item
    // could report the old item to both (DynamoDB Local does).
    const write = this.ctx.doc.send(
      new DeleteCommand({
        TableName: this.ctx.tableName,
        Key: waitKey(resourceId),
        ConditionExpression: 'attribute_exists(pk)',
        ReturnValues: 'ALL_OLD',
      }),
    );
    const out = await onRefusal(write, () => undefined);
    if (!out?.Attributes) return undefined;
    const wait = parseItem(waitSchema, out.Attributes);
    return wait.ttl < epochSeconds(this.ctx.clock()) ? undefined : wait;
  }

  /** Drops the run's own registration (its polling fallback saw the resource ready first). True if one was there. */
  async remove(resourceId: string, runId: string): Promise<boolean> {
    const write = this.ctx.doc.send(
      new DeleteCommand({
        TableName: this.ctx.tableName,
        Key: waitKey(resourceId),
        ConditionExpression: 'runId = :run',
        ExpressionAttributeValues: { ':run': runId },
      }),
    );
    return onRefusal(
      write.then(() => true),
      () => false,
    );
  }

  async get(resourceId: string): Promise<WaitRegistration | undefined> {
    const out = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: waitKey(resourceId), ConsistentRead: true }),
    );
    return out.Item ? parseItem(waitSchema, out.Item) : undefined;
  }
}
