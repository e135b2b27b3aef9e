import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { gunzipSync } from 'node:zlib';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESSION_METADATA_KEY, S3Location, SHA256_TAG_KEY, SIZE_TAG_KEY } from '../../../shared/aws/location.js';
import {
  LocationAbortedError,
  LocationIntegrityError,
  LocationObjectNotFoundError,
  LocationTransferError,
} from '../../../shared/aws/location-errors.js';
import { type S3rverHandle, startS3rver } from '../../support/s3rver.js';

const MIB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const never = new AbortController().signal;

/** 12 MiB of text-like bytes: three 5 MiB parts, and compressible. */
function sampleData(): Buffer {
  const lines: string[] = [];
  for (let i = 0, length = 0; length < 12 * MIB; i++) {
    const line = `row ${i}: ${'x'.repeat(i % 200)}\n`;
    lines.push(line);
    length += line.length;
  }
  return Buffer.from(lines.join(''));
}

function chunked(data: Buffer, size = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
    })(),
  );
}

async function rawObject(client: S3Client, bucket: string, key: string) {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { bytes: Buffer.from(await (out.Body as Readable).toArray().then((c) => Buffer.concat(c))), out };
}

describe('S3Location on s3rver', () => {
  let s3: S3rverHandle;
  let location: S3Location;
  const data = sampleData();

  beforeAll(async () => {
    s3 = await startS3rver();
    location = new S3Location({
      bucket: s3.bucket,
      prefix: '/apps/demo/',
      region: 'us-east-1',
      client: s3.client,
      partSizeBytes: 5 * MIB,
      queueSize: 2,
    });
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('names objects under its prefix', () => {
    expect(location.url).toBe(`s3://${s3.bucket}/apps/demo`);
    expect(location.objectKey('dumps/a.sql')).toBe('apps/demo/dumps/a.sql');
  });

  it('round-trips a multipart object uncompressed, recording the SHA-256 and size of the source', async () => {
    const stored = await location.upload('plain/data.bin', chunked(data), { compression: 'none', signal: never });
    expect(stored).toEqual({
      key: 'apps/demo/plain/data.bin',
      url: `s3://${s3.bucket}/apps/demo/plain/data.bin`,
      size: data.length,
      sha256: sha256(data),
      storedSize: data.length,
      compression: 'none',
    });
    const raw = await rawObject(s3.client, s3.bucket, stored.key);
    expect(raw.bytes.equals(data)).toBe(true);
    expect(raw.out.Metadata?.[COMPRESSION_METADATA_KEY]).toBe('none');
    const back = Buffer.concat(await (await location.download('plain/data.bin', { signal: never })).toArray());
    expect(sha256(back)).toBe(sha256(data));
  });

  it('gzips on the way in and gunzips on the way out; the SHA-256 is of the uncompressed bytes', async () => {
    const stored = await location.upload('gz/data.txt', chunked(data), {
      compression: 'gzip',
      signal: never,
      metadata: { app: 'demo' },
    });
    expect(stored.sha256).toBe(sha256(data));
    expect(stored.size).toBe(data.length);
    expect(stored.storedSize).toBeLessThan(data.length / 3);
    const raw = await rawObject(s3.client, s3.bucket, stored.key);
    expect(raw.bytes.length).toBe(stored.storedSize);
    expect(gunzipSync(raw.bytes).equals(data)).toBe(true);
    expect(raw.out.Metadata).toMatchObject({ [COMPRESSION_METADATA_KEY]: 'gzip', app: 'demo' });
    const back = await text(await location.download('gz/data.txt', { signal: never }));
    expect(back === data.toString()).toBe(true);
  });

  it('stores an empty body as an empty object', async () => {
    const stored = await location.upload('empty', Readable.from([]), { compression: 'gzip', signal: never });
    expect(stored).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)) });
    expect(await text(await location.download('empty', { signal: never }))).toBe('');
  });

  it('asks for SSE-KMS with the configured key on every object it writes', async () => {
    const client = s3.makeClient();
    const seen: Record<string, string>[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        seen.push({ ...(args.request as { headers?: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'captureHeaders' },
    );
    const kms = new S3Location({
      bucket: s3.bucket,
      prefix: 'kms',
      region: 'us-east-1',
      client,
      kmsKeyId: 'alias/holdfast',
    });
    await kms.upload('small.txt', Readable.from(['hello']), { compression: 'none', signal: never });
    await kms.upload('large.bin', chunked(data), { compression: 'none', signal: never });
    client.destroy();
    const writes = seen.filter((h) => h['x-amz-server-side-encryption'] !== undefined);
    // One PutObject (small) and one CreateMultipartUpload (large) carry the encryption request.
    expect(writes).toHaveLength(2);
    for (const headers of writes) {
      expect(headers['x-amz-server-side-encryption']).toBe('aws:kms');
      expect(headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe('alias/holdfast');
    }
  });

  it('leaves no object behind when the signal aborts an upload midway, and stops reading the source', async () => {
    const controller = new AbortController();
    let produced = 0;
    const source = new Readable({
      read() {
        produced += MIB;
        if (produced === 12 * MIB) controller.abort();
        setTimeout(() => this.push(Buffer.alloc(MIB, 7)), 1);
      },
    });
    const upload = location.upload('aborted/big.bin', source, { compression: 'none', signal: controller.signal });
    await expect(upload).rejects.toBeInstanceOf(LocationAbortedError);
    expect(source.destroyed).toBe(true);
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'apps/demo/aborted/' }));
    expect(listed.KeyCount ?? 0).toBe(0);
    await expect(
      s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'apps/demo/aborted/big.bin' })),
    ).rejects.toMatchObject({ name: 'NotFound' });
  });

  it("fails with the source's own error when the source fails, and writes nothing", async () => {
    const source = Readable.from(
      (async function* () {
        yield Buffer.alloc(6 * MIB, 1);
        throw new Error('pg_dump exited with code 1');
      })(),
    );
    const upload = location.upload('failed/dump.sql', source, { compression: 'gzip', signal: never });
    await expect(upload).rejects.toBeInstanceOf(LocationTransferError);
    await expect(upload).rejects.toThrow('pg_dump exited with code 1');
    await expect(location.download('failed/dump.sql', { signal: never })).rejects.toBeInstanceOf(
      LocationObjectNotFoundError,
    );
  });

  it('says clearly which object is missing', async () => {
    const missing = location.download('no/such/object', { signal: never });
    await expect(missing).rejects.toBeInstanceOf(LocationObjectNotFoundError);
    await expect(missing).rejects.toThrow(`no object at s3://${s3.bucket}/apps/demo/no/such/object`);
  });

  it('fails the download stream when the bytes differ from what was recorded', async () => {
    const stored = await location.upload('tampered.txt', Readable.from(['original']), {
      compression: 'none',
      signal: never,
    });
    await s3.client.send(
      new PutObjectTaggingCommand({
        Bucket: s3.bucket,
        Key: stored.key,
        Tagging: {
          TagSet: [
            { Key: SHA256_TAG_KEY, Value: sha256(Buffer.from('something else')) },
            { Key: SIZE_TAG_KEY, Value: String(stored.size) },
          ],
        },
      }),
    );
    const stream = await location.download('tampered.txt', { signal: never });
    await expect(text(stream)).rejects.toBeInstanceOf(LocationIntegrityError);
  });

  it('removes objects in batches, ignoring keys that are already gone', async () => {
    for (const name of ['r/1', 'r/2', 'r/3']) {
      await location.upload(name, Readable.from([name]), { compression: 'none', signal: never });
    }
    await location.remove(['r/1', 'r/2', 'r/never-written', 'r/1'], { signal: never });
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'apps/demo/r/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['apps/demo/r/3']);
  });
});

describe('S3Location memory', () => {
  let s3: S3rverHandle;
  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'holdfast-memory' });
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('streams 1 GiB to s3rver in a process that stays under 256 MiB RSS, recording the generator’s SHA-256', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/shared/aws/upload-memory-child.ts', s3.endpoint, s3.bucket, '1'],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const output = text(child.stdout as Readable);
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    const report = JSON.parse(await output) as {
      generatorSha256: string;
      stored: { sha256: string; size: number; key: string };
      peakRssBytes: number;
      seconds: number;
    };
    expect(report.stored.size).toBe(1024 * MIB);
    expect(report.stored.sha256).toBe(report.generatorSha256);
    expect(report.peakRssBytes).toBeLessThan(256 * MIB);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: report.stored.key }));
    expect(head.ContentLength).toBe(1024 * MIB);
    console.info(
      `1 GiB upload: ${report.seconds.toFixed(1)} s, peak RSS ${(report.peakRssBytes / MIB).toFixed(0)} MiB`,
    );
  });
});
