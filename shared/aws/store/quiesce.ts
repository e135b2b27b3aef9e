/**
 * Quiesce markers (`QUIESCE#<app>` · `QUIESCE`): the lease that stops two runs quiescing one app, and the record of
 * which posthook undoes the quiesce, for the watchdog.
 *
 * Decisions:
 * - An overdue marker (past `since + maxQuiesceSeconds`) is never taken over by a new run. Its holder's prehook may
 *   have left something only its own posthook undoes (a lock held by a pod of that run); a new run's posthook would
 *   not. The watchdog runs the holder's posthook and releases the marker within a minute; the next run goes then.
 * - Who runs a posthook is itself a lease (`claimPosthook`): the run in its `finally` and a watchdog tick can both
 *   reach an overdue marker, and the posthook must run once. A claim lapses after `leaseSeconds`, so a claimant that
 *   died does not block the next tick.
 * - The watchdog finds overdue markers through gsi3 (`QUIESCE` · `<deadline>#<app>`), not a scan: a scan every
 *   minute would read the whole table (every run and restore point) to find a handful of markers, its cost growing
 *   with history; the index query reads only the markers that are due.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { subjectSchema } from '../../runtime/run-input.js';
import { onRefusal, parseItem, queryAll, type StoreContext, stringAttr } from './dynamo.js';
import { NotQuiesceHolderError, PosthookClaimedError, QuiesceHeldError } from './errors.js';
import { isoTime, KEY_MAX, quiesceKey } from './keys.js';
import { GSI3 } from './table.js';

const posthookSchema = z.object({
  blueprint: z.string().min(1),
  action: z.string().min(1).default('backupPosthook'),
  subject: subjectSchema,
  options: z.record(z.string(), z.string()).default({}),
});

const markerSchema = z.object({
  app: z.string(),
  runId: z.string(),
  since: z.string(),
  /** `since + maxQuiesceSeconds`: from then on the watchdog unquiesces. */
  deadline: z.string(),
  maxQuiesceSeconds: z.number(),
  posthook: posthookSchema,
  posthookClaim: z.object({ by: z.string(), until: z.string() }).optional(),
});
export type QuiesceMarker = z.infer<typeof markerSchema>;

export interface NewQuiesceMarker {
  readonly app: string;
  readonly runId: string;
  readonly maxQuiesceSeconds: number;
  readonly posthook: z.input<typeof posthookSchema>;
  /** Default: now. */
  readonly since?: string | Date;
}

const parse = (item: Record<string, unknown>) => parseItem(markerSchema, item);

export class QuiesceMarkers {
  constructor(private readonly ctx: StoreContext) {}

  /**
   * Takes the app's marker. The holder acquiring again (a retried step) gets its marker back unchanged; any other
   * run gets QuiesceHeldError, even when the marker is overdue (see the header).
   */
  async acquire(input: NewQuiesceMarker): Promise<QuiesceMarker> {
    const since = isoTime(input.since ?? this.ctx.clock());
    const deadline = new Date(Date.parse(since) + input.maxQuiesceSeconds * 1000).toISOString();
    const marker = markerSchema.parse({ ...input, since, deadline });
    const key = quiesceKey(input.app);
    const write = this.ctx.doc.send(
      new PutCommand({
        TableName: this.ctx.tableName,
        Item: { ...key, ...marker, gsi3pk: 'QUIESCE', gsi3sk: `${deadline}#${input.app}` },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return onRefusal(
      write.then(() => marker),
      async (old) => {
        const holder = stringAttr(old, 'runId');
        const mine = holder === input.runId ? await this.get(input.app) : undefined;
        if (mine?.runId === input.runId) return mine;
        throw new QuiesceHeldError(input.app, holder, stringAttr(old, 'deadline'), key);
      },
    );
  }

  /**
   * Removes the marker if `runId` holds it: true when removed, false when there was none (released already).
   * Throws NotQuiesceHolderError when another run holds it (e.g. the watchdog released it and a new run took it).
   */
  async release(app: string, runId: string): Promise<boolean> {
    const key = quiesceKey(app);
    const write = this.ctx.doc.send(
      new DeleteCommand({
        TableName: this.ctx.tableName,
        Key: key,
        ConditionExpression: 'attribute_not_exists(pk) OR runId = :run',
        ExpressionAttributeValues: { ':run': runId },
        ReturnValues: 'ALL_OLD',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return onRefusal(
      write.then((out) => out.Attributes !== undefined),
      (old) => {
        throw new NotQuiesceHolderError(app, runId, stringAttr(old, 'runId'), key);
      },
    );
  }

  /**
   * Claims the right to run the posthook of `holderRunId`'s marker for `leaseSeconds`. The same claimant may renew
   * its claim. Throws PosthookClaimedError while someone else's claim is valid, or when the marker is gone or
   * belongs to another run (the posthook already ran).
   */
  async claimPosthook(
    app: string,
    claim: { holderRunId: string; by: string; leaseSeconds: number },
  ): Promise<QuiesceMarker> {
    const now = this.ctx.clock();
    const until = new Date(now.getTime() + claim.leaseSeconds * 1000).toISOString();
    const key = quiesceKey(app);
    const write = this.ctx.doc.send(
      new UpdateCommand({
        TableName: this.ctx.tableName,
        Key: key,
        UpdateExpression: 'SET posthookClaim = :claim',
        ConditionExpression:
          'runId = :holder AND (attribute_not_exists(posthookClaim) OR posthookClaim.#until < :now OR posthookClaim.#by = :by)',
        ExpressionAttributeNames: { '#until': 'until', '#by': 'by' },
        ExpressionAttributeValues: {
          ':claim': { by: claim.by, until },
          ':holder': claim.holderRunId,
          ':now': now.toISOString(),
          ':by': claim.by,
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return onRefusal(
      write.then((out) => parse(out.Attributes ?? {})),
      (old) => {
        const claimOf = old?.posthookClaim?.M;
        if (stringAttr(old, 'runId') !== claim.holderRunId)
          throw new PosthookClaimedError(app, undefined, undefined, key);
        throw new PosthookClaimedError(app, claimOf?.by?.S, claimOf?.until?.S, key);
      },
    );
  }

  async get(app: string): Promise<QuiesceMarker | undefined> {
    const out = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: quiesceKey(app), ConsistentRead: true }),
    );
    return out.Item ? parse(out.Item) : undefined;
  }

  /** Every marker, earliest deadline first (markers are few: one per app quiesced right now). */
  list(): Promise<QuiesceMarker[]> {
    return queryAll(
      this.ctx,
      { IndexName: GSI3, KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': 'QUIESCE' } },
      parse,
    );
  }

  /** Markers whose `since + maxQuiesceSeconds` has passed at `now`: the watchdog's work list. */
  listOverdue(now: string | Date): Promise<QuiesceMarker[]> {
    return queryAll(
      this.ctx,
      {
        IndexName: GSI3,
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :now',
        ExpressionAttributeValues: { ':pk': 'QUIESCE', ':now': `${isoTime(now)}#${KEY_MAX}` },
      },
      parse,
    );
  }
}
