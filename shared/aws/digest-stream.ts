/**
 * Pass-through streams that measure what flows through them without holding it: the SHA-256 and byte count of
 * a location object's source bytes (recorded at upload, checked at download) and the byte count after compression.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export interface Digest {
  readonly sha256: string;
  readonly size: number;
}

/** Counts bytes and, when asked, hashes them; `digest()` is valid once the stream has finished. */
export class DigestStream extends Transform {
  #size = 0;
  readonly #hash: Hash | undefined;
  #sha256: string | undefined;

  constructor(options: { readonly hash: boolean } = { hash: true }) {
    super();
    this.#hash = options.hash ? createHash('sha256') : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#size += chunk.length;
    this.#hash?.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.#sha256 = this.#hash?.digest('hex');
    callback(this.check(this.digest()));
  }

  /** Called once, before the stream ends; an error returned here fails the stream. */
  protected check(_digest: Digest): Error | undefined {
    return undefined;
  }

  /** Bytes so far. (Not `size`: lib-storage reads a body's `size` as its total length.) */
  get byteCount(): number {
    return this.#size;
  }

  digest(): Digest {
    return { sha256: this.#sha256 ?? '', size: this.#size };
  }
}

/**
 * Fails the stream at its end when the bytes read differ from the expected digest, so a consumer (psql, a pod's
 * stdin) sees an error instead of a silent success on corrupt data.
 */
export class VerifyingStream extends DigestStream {
  constructor(
    private readonly expected: Digest,
    private readonly mismatch: (actual: Digest) => Error,
  ) {
    super({ hash: true });
  }

  protected override check(actual: Digest): Error | undefined {
    const same = actual.sha256 === this.expected.sha256 && actual.size === this.expected.size;
    return same ? undefined : this.mismatch(actual);
  }
}
