/**
 * The store's one table as data: keys, GSIs, TTL attribute. Tests and the CLI's local mode create the table from it;
 * the CDK stateful stack declares the same table from it, so the two cannot drift.
 *
 * GSIs (all string keys, all sparse: an item is indexed only when it carries the index's attributes):
 * - gsi1 restore points by policy and time: `POLICY#<policy>` · `<time>#<run>`. ALL: retention reads artifacts.
 * - gsi2 runs by state: `RUNSTATE#<state>` · `<state changed at>#<run>`. INCLUDE of the run summary only, so the
 *   frequent progress writes (phases, stages) never touch the index; it is rewritten on state changes alone.
 * - gsi3 things due at a time: restore points by expiry (`EXPIRES` · `<expiresAt>#<app>#<time>#<run>`) and quiesce
 *   markers by deadline (`QUIESCE` · `<deadline>#<app>`). ALL: the watchdog needs the posthook, retention the
 *   artifacts. One key per kind, not a key per day: "everything due by now" is then one range query, whereas day
 *   buckets would have to be walked back to an unknown oldest day after a missed retention run. The write rate on
 *   each key is that of restore point creations/expiries and quiesce windows, far below one partition's 1,000 WCU/s.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';

export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S';
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly projectionType: 'ALL' | 'INCLUDE' | 'KEYS_ONLY';
  readonly nonKeyAttributes?: readonly string[];
}

export const GSI1 = 'gsi1';
export const GSI2 = 'gsi2';
export const GSI3 = 'gsi3';

/** Run attributes copied into gsi2: what `list runs by state` shows. Keep progress (phases, stages) out. */
export const RUN_SUMMARY_ATTRIBUTES = [
  'runId',
  'kind',
  'policy',
  'subjectId',
  'state',
  'createdAt',
  'startedAt',
  'endedAt',
  'stateChangedAt',
  'error',
  'restorePointId',
] as const;

export const tableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  /** Epoch seconds; set on wait registrations only. */
  timeToLiveAttribute: 'ttl',
  billingMode: 'PAY_PER_REQUEST',
  globalSecondaryIndexes: [
    {
      indexName: GSI1,
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      projectionType: 'ALL',
    },
    {
      indexName: GSI2,
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
      projectionType: 'INCLUDE',
      nonKeyAttributes: RUN_SUMMARY_ATTRIBUTES,
    },
    {
      indexName: GSI3,
      partitionKey: { name: 'gsi3pk', type: 'S' },
      sortKey: { name: 'gsi3sk', type: 'S' },
      projectionType: 'ALL',
    },
  ],
} as const satisfies {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  timeToLiveAttribute: string;
  billingMode: 'PAY_PER_REQUEST';
  globalSecondaryIndexes: readonly IndexDefinition[];
};

/** The definition as a `CreateTable` request (on-demand billing). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const def = tableDefinition;
  const keyNames = [
    def.partitionKey,
    def.sortKey,
    ...def.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: def.billingMode,
    AttributeDefinitions: keyNames.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((g: IndexDefinition) => ({
      IndexName: g.indexName,
      KeySchema: [
        { AttributeName: g.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: g.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: {
        ProjectionType: g.projectionType,
        ...(g.nonKeyAttributes ? { NonKeyAttributes: [...g.nonKeyAttributes] } : {}),
      },
    })),
  };
}

/** Creates the table with TTL enabled and waits until it is active (local mode and tests; AWS uses the stack). */
export async function createStoreTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    }),
  );
}
