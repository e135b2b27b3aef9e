/**
 * An in-process s3rver for tests: a free port on 127.0.0.1, a temporary data directory, one bucket, and an S3Client
 * configured the way s3rver needs (path-style addressing, fixed credentials). `stop()` closes open connections,
 * stops the server and removes the directory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  readonly httpServer?: Server;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

// s3rver is CommonJS without type declarations.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

export interface S3rverHandle {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly bucket: string;
  /** Where s3rver keeps its files. */
  readonly directory: string;
  /** A client for this server; `stop()` destroys it. */
  readonly client: S3Client;
  /** A fresh client (e.g. with other settings); the caller destroys it. */
  makeClient(): S3Client;
  stop(): Promise<void>;
}

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** The client settings s3rver needs, for code that builds its own client (e.g. in a child process). */
export function s3rverClientConfig(endpoint: string) {
  return { endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS };
}

export async function startS3rver(options: { readonly bucket?: string } = {}): Promise<S3rverHandle> {
  const bucket = options.bucket ?? 'holdfast-test';
  const directory = await mkdtemp(join(tmpdir(), 'holdfast-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const makeClient = () => new S3Client(s3rverClientConfig(endpoint));
  const client = makeClient();
  return {
    endpoint,
    bucket,
    directory,
    client,
    makeClient,
    async stop() {
      client.destroy();
      // Keep-alive sockets would hold close() open until they time out.
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
