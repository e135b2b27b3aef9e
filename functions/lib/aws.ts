/**
 * The table and the Lambda client, per container. The event bus is in bus.ts: handlers import only what they use
 * (smaller bundles, and only the environment they are given).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { createStore, type Store } from '../../shared/aws/store/index.js';
import { DynamoRestorePoints } from '../../shared/aws/store/restore-point-port.js';
import { DynamoRunStore } from '../../shared/aws/store/run-store-adapter.js';
import { env } from './env.js';
import { lazy } from './lazy.js';

export const store = lazy(
  (): Store => createStore({ client: new DynamoDBClient({}), tableName: env('HOLDFAST_TABLE_NAME') }),
);
export const runStore = lazy(() => new DynamoRunStore(store()));
export const restorePoints = lazy(() => new DynamoRestorePoints(store()));
export const lambda = lazy(() => new LambdaClient({}));
