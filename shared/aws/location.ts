/**
 * The S3 backup location (Kanister's Profile `s3Compliant` + a KMS key): streams objects in and out in constant
 * memory. An upload is a `lib-storage` multipart upload (bounded part size and concurrency), optionally gzipped on
 * the way, with the SHA-256 and size of the SOURCE bytes measured as they pass; a download gunzips when the object
 * says so and verifies those bytes against what was recorded. Retries are the SDK's; aborts come from the caller.
 *
 * Where things are recorded: the compression is object metadata (known when the upload starts); the SHA-256 and
 * size are only known once the last byte has passed, and S3 metadata cannot change after the write, so they are
 * object tags set right after the upload completes (`s3:PutObjectTagging`, read back with `s3:GetObjectTagging`).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  PutObjectTaggingCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Location, StoredObject, UploadOptions } from '../functions/ports.js';
import { type Digest, DigestStream, VerifyingStream } from './digest-stream.js';
import {
  LocationAbortedError,
  LocationError,
  LocationIntegrityError,
  LocationObjectNotFoundError,
  LocationTransferError,
} from './location-errors.js';

/** Object metadata key (`x-amz-meta-…`) saying how the object is compressed. */
export const COMPRESSION_METADATA_KEY = 'holdfast-compression';
/** Object tags recording the source bytes. */
export const SHA256_TAG_KEY = 'holdfast-sha256';
export const SIZE_TAG_KEY = 'holdfast-size';

const MIB = 1024 * 1024;
/** S3 allows 10 000 parts: 8 MiB parts cap an object of unknown length at ~78 GiB. */
const DEFAULT_PART_SIZE = 8 * MIB;
/**
 * Two parts in flight keep a pod's stream (tens of MB/s through the API server) ahead of S3 while a 1 GiB upload
 * peaks near 200 MiB RSS in all (measured on s3rver); each extra part in flight costs about 2 × partSize.
 */
const DEFAULT_QUEUE_SIZE = 2;
/** DeleteObjects takes at most 1000 keys a request. */
const DELETE_BATCH = 1000;

export interface S3LocationOptions {
  readonly bucket: string;
  /** Key prefix under which every object lives ('' for the bucket root); slashes at its ends are ignored. */
  readonly prefix: string;
  readonly region: string;
  /** KMS key (id, ARN or alias) for SSE-KMS on every object written. Default: the bucket's default encryption. */
  readonly kmsKeyId?: string;
  /** Built once by the runtime (in tests: pointed at s3rver with `forcePathStyle`). */
  readonly client: S3Client;
  /** Multipart part size, at least 5 MiB (default 8 MiB). An upload holds about `2 × partSizeBytes × (queueSize + 1)`. */
  readonly partSizeBytes?: number;
  /** Parts uploaded concurrently (default 2). */
  readonly queueSize?: number;
  /** zlib level for `compression: 'gzip'` (1 fastest … 9 smallest). Default 6. */
  readonly gzipLevel?: number;
}

export class S3Location implements Location {
  readonly url: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly region: string;
  readonly #options: S3LocationOptions;

  constructor(options: S3LocationOptions) {
    this.#options = options;
    this.bucket = options.bucket;
    this.region = options.region;
    this.prefix = options.prefix.replace(/^\/+|\/+$/g, '');
    this.url = `s3://${this.bucket}${this.prefix === '' ? '' : `/${this.prefix}`}`;
  }

  /** The full object key for a key relative to the prefix. */
  objectKey(key: string): string {
    const relative = key.replace(/^\/+/, '');
    return this.prefix === '' ? relative : `${this.prefix}/${relative}`;
  }

  async upload(key: string, body: Readable, opts: UploadOptions): Promise<StoredObject> {
    const fullKey = this.objectKey(key);
    const url = `s3://${this.bucket}/${fullKey}`;
    if (opts.signal.aborted) {
      body.destroy();
      throw new LocationAbortedError(url, { cause: opts.signal.reason });
    }
    const source = new DigestStream();
    const stored = new DigestStream({ hash: false });
    const gzip = opts.compression === 'gzip' ? [createGzip({ level: this.#options.gzipLevel ?? 6 })] : [];
    const flowing = pipeline(body, source, ...gzip, stored);
    const upload = new Upload({
      client: this.#options.client,
      partSize: this.#options.partSizeBytes ?? DEFAULT_PART_SIZE,
      queueSize: this.#options.queueSize ?? DEFAULT_QUEUE_SIZE,
      leavePartsOnError: false,
      params: {
        Bucket: this.bucket,
        Key: fullKey,
        Body: stored,
        ContentType: opts.compression === 'gzip' ? 'application/gzip' : 'application/octet-stream',
        Metadata: { ...opts.metadata, [COMPRESSION_METADATA_KEY]: opts.compression },
        ...this.#encryption(),
      },
    });
    // An aborted Upload stops reading: end the source too, so the producer (a pod's stdout) is not left blocked.
    const abort = () => {
      void upload.abort();
      body.destroy(new LocationAbortedError(url));
    };
    opts.signal.addEventListener('abort', abort, { once: true });
    const sent = upload.done().catch((error: unknown) => {
      stored.destroy(error instanceof Error ? error : new Error(String(error)));
      throw error;
    });
    const [piped, done] = await Promise.allSettled([flowing, sent]);
    opts.signal.removeEventListener('abort', abort);
    if (piped.status === 'rejected' || done.status === 'rejected') {
      throw this.#failure(uploadCause(piped, done), url, opts.signal, 'upload');
    }
    const digest = source.digest();
    await this.#recordDigest(fullKey, url, digest, opts.signal);
    return { key: fullKey, url, ...digest, storedSize: stored.byteCount, compression: opts.compression };
  }

  async download(key: string, opts: { readonly signal: AbortSignal }): Promise<Readable> {
    const fullKey = this.objectKey(key);
    const url = `s3://${this.bucket}/${fullKey}`;
    const { signal } = opts;
    const expected = await this.#recordedDigest(fullKey, url, signal);
    let body: Readable;
    let compression: string | undefined;
    try {
      const response = await this.#options.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: fullKey }), {
        abortSignal: signal,
      });
      if (!(response.Body instanceof Readable)) throw new LocationTransferError(`${url} has no readable body`, url);
      body = response.Body;
      compression = response.Metadata?.[COMPRESSION_METADATA_KEY];
    } catch (error) {
      throw this.#failure(error, url, signal, 'download');
    }
    const verify = expected
      ? new VerifyingStream(expected, (actual) => new LocationIntegrityError(url, expected, actual))
      : new DigestStream({ hash: false });
    const abort = () => body.destroy(new LocationAbortedError(url));
    signal.addEventListener('abort', abort, { once: true });
    // Errors reach the consumer through `verify`, which pipeline destroys with the first failure.
    const flowing = compression === 'gzip' ? pipeline(body, createGunzip(), verify) : pipeline(body, verify);
    flowing.catch(() => undefined).finally(() => signal.removeEventListener('abort', abort));
    return verify;
  }

  async remove(keys: readonly string[], opts: { readonly signal: AbortSignal }): Promise<void> {
    const unique = [...new Set(keys.map((k) => this.objectKey(k)))];
    for (let start = 0; start < unique.length; start += DELETE_BATCH) {
      const batch = unique.slice(start, start + DELETE_BATCH);
      let errors: { Key?: string; Code?: string }[];
      try {
        const out = await this.#options.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
          { abortSignal: opts.signal },
        );
        errors = out.Errors ?? [];
      } catch (error) {
        throw this.#failure(error, this.url, opts.signal, 'remove');
      }
      if (errors.length > 0) {
        const which = errors.map((e) => `${e.Key ?? '?'} (${e.Code ?? 'unknown error'})`).join(', ');
        throw new LocationTransferError(
          `could not remove ${errors.length} object(s) from ${this.url}: ${which}`,
          this.url,
        );
      }
    }
  }

  #encryption(): { ServerSideEncryption?: 'aws:kms'; SSEKMSKeyId?: string; BucketKeyEnabled?: boolean } {
    const keyId = this.#options.kmsKeyId;
    // A bucket key cuts KMS requests from one per object to one per bucket key lifetime.
    return keyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyId, BucketKeyEnabled: true } : {};
  }

  async #recordDigest(key: string, url: string, digest: Digest, signal: AbortSignal): Promise<void> {
    const TagSet = [
      { Key: SHA256_TAG_KEY, Value: digest.sha256 },
      { Key: SIZE_TAG_KEY, Value: String(digest.size) },
    ];
    try {
      await this.#options.client.send(
        new PutObjectTaggingCommand({ Bucket: this.bucket, Key: key, Tagging: { TagSet } }),
        {
          abortSignal: signal,
        },
      );
    } catch (error) {
      throw this.#failure(error, url, signal, 'record the checksum of');
    }
  }

  /** The digest recorded at upload, or undefined for an object written by something else. */
  async #recordedDigest(key: string, url: string, signal: AbortSignal): Promise<Digest | undefined> {
    let tags: { Key?: string; Value?: string }[];
    try {
      const out = await this.#options.client.send(new GetObjectTaggingCommand({ Bucket: this.bucket, Key: key }), {
        abortSignal: signal,
      });
      tags = out.TagSet ?? [];
    } catch (error) {
      throw this.#failure(error, url, signal, 'download');
    }
    const sha256 = tags.find((t) => t.Key === SHA256_TAG_KEY)?.Value;
    const size = Number(tags.find((t) => t.Key === SIZE_TAG_KEY)?.Value);
    return sha256 && Number.isSafeInteger(size) ? { sha256, size } : undefined;
  }

  #failure(error: unknown, url: string, signal: AbortSignal, doing: string): LocationError {
    if (error instanceof LocationError && !(error instanceof LocationAbortedError)) return error;
    if (signal.aborted) return new LocationAbortedError(url, { cause: error });
    if (error instanceof S3ServiceException && error.name === 'NoSuchBucket') {
      return new LocationTransferError(`bucket ${this.bucket} does not exist (location ${this.url})`, url, {
        cause: error,
      });
    }
    if (isNotFound(error)) return new LocationObjectNotFoundError(url, { cause: error });
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new LocationTransferError(`could not ${doing} ${url}: ${reason}`, url, { cause: error });
  }
}

function isNotFound(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404;
}

/**
 * Which failure to report: the source's own error when reading it failed (a pod command died), otherwise S3's.
 * A source failure also fails the Upload, often with a secondary error (aborting the multipart upload).
 */
function uploadCause(piped: PromiseSettledResult<unknown>, done: PromiseSettledResult<unknown>): unknown {
  if (piped.status === 'rejected') {
    const code = (piped.reason as { code?: unknown } | undefined)?.code;
    if (code !== 'ERR_STREAM_PREMATURE_CLOSE' || done.status !== 'rejected') return piped.reason;
  }
  return done.status === 'rejected' ? done.reason : undefined;
}
