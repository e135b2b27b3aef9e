/**
 * The one DynamoDB table (DESIGN.md §4), declared from the store's own definition (shared/aws/store/table.ts) so the
 * stack and the code that reads it cannot drift: keys, GSIs and projections, TTL on wait registrations. On-demand,
 * point-in-time recovery, encrypted with the deployment key, deletion-protected unless the config says destroy.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { type IndexDefinition, tableDefinition } from '../../shared/aws/store/table.js';

export interface StoreTableProps {
  readonly key: IKey;
  readonly removalPolicy: RemovalPolicy;
}

const PROJECTIONS: Record<IndexDefinition['projectionType'], ProjectionType> = {
  ALL: ProjectionType.ALL,
  INCLUDE: ProjectionType.INCLUDE,
  KEYS_ONLY: ProjectionType.KEYS_ONLY,
};

export class StoreTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: StoreTableProps) {
    super(scope, id);
    const def = tableDefinition;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: def.partitionKey.name, type: AttributeType.STRING },
      sortKey: { name: def.sortKey.name, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: def.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: props.removalPolicy,
    });
    for (const gsi of def.globalSecondaryIndexes as readonly IndexDefinition[]) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey.name, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey.name, type: AttributeType.STRING },
        projectionType: PROJECTIONS[gsi.projectionType],
        ...(gsi.nonKeyAttributes ? { nonKeyAttributes: [...gsi.nonKeyAttributes] } : {}),
      });
    }
  }
}
