/**
 * The embedded stores of local mode, run inside the service host: DynamoDB Local persisted under `<home>/dynamodb`
 * with the store's one table, and s3rver serving the artifact bucket from `<home>/s3`. Both bind 127.0.0.1 only.
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { createStoreTable } from '../../shared/aws/store/table.js';
import { startDynamoDBLocalProcess } from './dynamodb-local.js';
import type { LocalHome } from './home.js';

export const LOCAL_TABLE = 'holdfast-local';
export const LOCAL_BUCKET = 'holdfast-local';
export const LOCAL_REGION = 'us-east-1';
/** DynamoDB Local and the local RDS API accept any credentials (DynamoDB Local: letters and digits only). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'holdfastlocal', secretAccessKey: 'holdfastlocal' };

export interface StoresEndpoints {
  readonly dynamodb: string;
  readonly s3: string;
  readonly table: string;
  readonly bucket: string;
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  readonly httpServer?: Server;
}
// s3rver is CommonJS without type declarations.
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/** s3rver checks the access key: its own fixed pair. */
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function localS3Client(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: LOCAL_REGION, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
}

async function ensureTable(endpoint: string): Promise<void> {
  const client = localDynamoClient(endpoint);
  try {
    await client.send(new DescribeTableCommand({ TableName: LOCAL_TABLE }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
    await createStoreTable(client, LOCAL_TABLE);
  } finally {
    client.destroy();
  }
}

export async function startStores(home: LocalHome): Promise<{ endpoints: StoresEndpoints; stop(): Promise<void> }> {
  const s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: home.dir('s3'),
    configureBuckets: [{ name: LOCAL_BUCKET, configs: [] }],
  });
  const [dynamo, address] = await Promise.all([startDynamoDBLocalProcess({ dbPath: home.dir('dynamodb') }), s3.run()]);
  try {
    await ensureTable(dynamo.endpoint);
  } catch (err) {
    await dynamo.stop();
    await s3.close();
    throw err;
  }
  return {
    endpoints: {
      dynamodb: dynamo.endpoint,
      s3: `http://127.0.0.1:${address.port}`,
      table: LOCAL_TABLE,
      bucket: LOCAL_BUCKET,
    },
    async stop() {
      // Keep-alive sockets would hold close() open until they time out.
      s3.httpServer?.closeAllConnections();
      await Promise.all([dynamo.stop(), s3.close()]);
    },
  };
}
