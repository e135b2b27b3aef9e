/** Errors of the S3 backup location. Messages name the object (`s3://bucket/key`), never its content. */

/** Root of the location's errors. */
export class LocationError extends Error {
  override readonly name: string = 'LocationError';
  constructor(
    message: string,
    /** `s3://bucket/key` of the object concerned. */
    readonly url: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The object does not exist (or the bucket does not). */
export class LocationObjectNotFoundError extends LocationError {
  override readonly name = 'LocationObjectNotFoundError';
  constructor(url: string, options?: ErrorOptions) {
    super(
      `no object at ${url}: it was never written, or it was removed (check the path and the location prefix)`,
      url,
      options,
    );
  }
}

/** The caller's signal aborted the transfer; a partial upload is abandoned and leaves no object. */
export class LocationAbortedError extends LocationError {
  override readonly name = 'LocationAbortedError';
  constructor(url: string, options?: ErrorOptions) {
    super(`transfer of ${url} was aborted`, url, options);
  }
}

/** S3 refused or failed a request (after the SDK's own retries), or the source stream failed. */
export class LocationTransferError extends LocationError {
  override readonly name = 'LocationTransferError';
}

/** The bytes read back differ from the SHA-256 or size recorded when the object was written. */
export class LocationIntegrityError extends LocationError {
  override readonly name = 'LocationIntegrityError';
  constructor(
    url: string,
    readonly expected: { readonly sha256: string; readonly size: number },
    readonly actual: { readonly sha256: string; readonly size: number },
  ) {
    super(
      `${url} is corrupt: read ${actual.size} bytes with SHA-256 ${actual.sha256}, ` +
        `but ${expected.size} bytes with SHA-256 ${expected.sha256} were written`,
      url,
    );
  }
}
