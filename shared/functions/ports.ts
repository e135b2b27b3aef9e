/**
 * The clients blueprint functions execute with. Functions never construct clients (STYLE.md): the runtime (Lambda
 * handler, CLI local mode, tests) builds them once and passes them here; a function whose needs are not all present
 * cannot execute in that runtime, and says which client is missing.
 */
import type { Readable } from 'node:stream';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { KubeConfig } from '@kubernetes/client-node';

/** A backup location: an S3 bucket + prefix (Kanister's Profile `s3Compliant` location) with a KMS key. */
export interface Location {
  /** `s3://bucket/prefix`, for messages and restore points. */
  readonly url: string;
  /**
   * Streams `body` to `<prefix>/<key>` (multipart, constant memory), optionally gzip-compressed on the way.
   * `sha256`/`size` are of the bytes read from `body` (before compression): what a restore must reproduce.
   */
  upload(key: string, body: Readable, opts: UploadOptions): Promise<StoredObject>;
  /** Streams `<prefix>/<key>` back, decompressed when it was stored compressed. */
  download(key: string, opts: { readonly signal: AbortSignal }): Promise<Readable>;
  remove(keys: readonly string[], opts: { readonly signal: AbortSignal }): Promise<void>;
}

export interface UploadOptions {
  readonly compression: 'gzip' | 'none';
  readonly signal: AbortSignal;
  /** Object metadata (no secrets). */
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface StoredObject {
  /** Full object key, prefix included. */
  readonly key: string;
  readonly url: string;
  readonly size: number;
  readonly sha256: string;
  readonly storedSize: number;
  readonly compression: 'gzip' | 'none';
}

export interface KubeAccess {
  /** A ready KubeConfig (from a kubeconfig file, or EKS endpoint + CA + IAM token). Build API clients from it. */
  readonly config: KubeConfig;
  /** Namespace for task pods when a blueprint names none (Kanister uses its controller's namespace). */
  readonly defaultNamespace: string;
}

export interface RdsAccess {
  /** An RDS client for `region` (default: the runtime's region); cached by the runtime. */
  client(region?: string): RDSClient;
  readonly defaultRegion: string;
}

export interface EdgeClients {
  readonly kube?: KubeAccess;
  readonly location?: Location;
  readonly rds?: RdsAccess;
}
