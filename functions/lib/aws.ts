/**
 * Clients and stores for a real container: each built on first use and reused by every invocation the container
 * serves (STYLE.md: clients are built once and passed in).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { eventBusPublisher } from '../../shared/aws/event-bus.js';
import { createStore, type Store } from '../../shared/aws/store/index.js';
import { DynamoRestorePoints } from '../../shared/aws/store/restore-point-port.js';
import { DynamoRunStore } from '../../shared/aws/store/run-store-adapter.js';
import type { RunEvents } from '../../shared/runtime/ports.js';
import { env } from './env.js';

export function lazy<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: make() };
    return value.v;
  };
}

export const store = lazy(
  (): Store => createStore({ client: new DynamoDBClient({}), tableName: env('HOLDFAST_TABLE_NAME') }),
);
export const runStore = lazy(() => new DynamoRunStore(store()));
export const restorePoints = lazy(() => new DynamoRestorePoints(store()));
export const runEvents = lazy(
  (): RunEvents => eventBusPublisher(new EventBridgeClient({}), env('HOLDFAST_EVENT_BUS_NAME')),
);
export const lambda = lazy(() => new LambdaClient({}));
