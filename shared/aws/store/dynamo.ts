/**
 * What every store module shares: the document client built once over the injected `DynamoDBClient`, the clock,
 * refused-write handling, item parsing, and pagination cursors.
 */
import { type AttributeValue, ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { InvalidCursorError, type ItemKey, StoredItemError } from './errors.js';

export interface StoreOptions {
  /** Created once per container by the caller (region, endpoint, retries, middleware for counting calls). */
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Injected in tests; the durable runs pass times explicitly where replay matters. Default: `new Date()`. */
  readonly clock?: () => Date;
}

export interface StoreContext {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: () => Date;
}

export function storeContext(options: StoreOptions): StoreContext {
  // Our own marshalling options whatever the caller's: optional fields are left out, never written as NULL.
  const doc = DynamoDBDocumentClient.from(options.client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, tableName: options.tableName, clock: options.clock ?? (() => new Date()) };
}

/** The item as it was when a conditional write was refused (marshalled: DynamoDB returns it so). */
export type RefusedItem = Record<string, AttributeValue> | undefined;

/**
 * Runs a conditional write that asked for `ReturnValuesOnConditionCheckFailure: ALL_OLD`; when DynamoDB refuses
 * it, `onRefused` decides from the item as it was at that instant (no second read, so no second race).
 */
export async function onRefusal<T>(write: Promise<T>, onRefused: (old: RefusedItem) => T | Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return onRefused(err.Item);
    throw err;
  }
}

/** A top-level string attribute of a marshalled item: all the refusal paths need to decide. */
export function stringAttr(item: RefusedItem, name: string): string | undefined {
  return item?.[name]?.S;
}

export function parseItem<S extends z.ZodType>(schema: S, item: Record<string, unknown>): z.infer<S> {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const key: ItemKey = { pk: String(item.pk ?? '?'), sk: String(item.sk ?? '?') };
  throw new StoredItemError(key, z.prettifyError(parsed.error), { cause: parsed.error });
}

export interface PageOptions {
  /** Items per page; default 50, at most 1000. */
  readonly limit?: number;
  /** The `cursor` of the previous page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: T[];
  /** Absent on the last page. */
  readonly cursor?: string;
}

const cursorSchema = z.record(z.string(), z.string());

export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  return lastKey ? Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url') : undefined;
}

/** Cursors come back from the CLI and the console: external input, validated. */
export function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (err) {
    throw new InvalidCursorError({ cause: err });
  }
}

type QueryShape = Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;

/** One page of a query (no filter expressions: a page then always holds `limit` items unless it is the last). */
export async function queryPage<T>(
  ctx: StoreContext,
  query: QueryShape,
  page: PageOptions,
  parse: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const limit = Math.min(Math.max(Math.trunc(page.limit ?? 50), 1), 1000);
  const out = await ctx.doc.send(
    new QueryCommand({
      ...query,
      TableName: ctx.tableName,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(page.cursor),
    }),
  );
  const cursor = encodeCursor(out.LastEvaluatedKey);
  return { items: (out.Items ?? []).map(parse), ...(cursor ? { cursor } : {}) };
}

/** Every page of a query, for the small sets (quiesce markers) where the caller wants them all. */
export async function queryAll<T>(
  ctx: StoreContext,
  query: QueryShape,
  parse: (item: Record<string, unknown>) => T,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage(ctx, query, { limit: 1000, cursor }, parse);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}
