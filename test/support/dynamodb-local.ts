/**
 * DynamoDB Local for tests: one in-memory instance per test file (the CLI's launcher, cli/local-mode), stopped by
 * `stop()`, on process exit, and — because the launcher exits when its stdin closes — even when the test process is
 * killed outright.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { DynamoDBLocalError, startDynamoDBLocalProcess } from '../../cli/local-mode/dynamodb-local.js';
import { createStore, type Store } from '../../shared/aws/store/index.js';
import { createStoreTable } from '../../shared/aws/store/table.js';

export { DynamoDBLocalError };

export interface DynamoDBLocal {
  readonly endpoint: string;
  /** A client for this instance (dummy credentials; DynamoDB Local keeps one database per key and region). */
  readonly client: DynamoDBClient;
  /** Creates a fresh table with the store's schema and TTL; a table per test keeps tests independent. */
  createTable(): Promise<string>;
  stop(): Promise<void>;
}

export async function startDynamoDBLocal(): Promise<DynamoDBLocal> {
  const emulator = await startDynamoDBLocalProcess();
  const client = new DynamoDBClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    endpoint: emulator.endpoint,
    client,
    async createTable() {
      const name = `holdfast-${randomUUID()}`;
      await createStoreTable(client, name);
      return name;
    },
    async stop() {
      client.destroy();
      await emulator.stop();
    },
  };
}

/**
 * One DynamoDB Local for the calling test file (started in beforeAll, stopped in afterAll). The returned function
 * makes a store on a fresh table, with an optional clock.
 */
export function useDynamoDBLocal(): { freshStore(clock?: () => Date): Promise<Store>; instance(): DynamoDBLocal } {
  let ddb: DynamoDBLocal | undefined;
  beforeAll(async () => {
    ddb = await startDynamoDBLocal();
  });
  afterAll(async () => {
    await ddb?.stop();
  });
  const instance = () => {
    if (!ddb) throw new DynamoDBLocalError('DynamoDB Local is not started: call useDynamoDBLocal() at file level');
    return ddb;
  };
  return {
    instance,
    async freshStore(clock) {
      const local = instance();
      const tableName = await local.createTable();
      return createStore({ client: local.client, tableName, ...(clock ? { clock } : {}) });
    },
  };
}

/** A clock tests move by hand. */
export class TestClock {
  constructor(private time: Date = new Date('2026-03-01T10:00:00.000Z')) {}
  readonly now = (): Date => this.time;
  advance(seconds: number): void {
    this.time = new Date(this.time.getTime() + seconds * 1000);
  }
}
