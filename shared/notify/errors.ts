/**
 * Errors of the notification package. None carries a secret: targets are named by scheme and host only, secrets by
 * their reference (`ssm:/…`), and messages from the far end pass through the caller's redactor first.
 */

/** Root of this package's errors. */
export class NotifyError extends Error {
  override readonly name: string = 'NotifyError';
}

/** A secret reference that names no store we read (not `ssm:`, `secretsmanager:` or an ARN of either). */
export class SecretReferenceError extends NotifyError {
  override readonly name = 'SecretReferenceError';
  constructor(readonly ref: string) {
    super(
      `secret reference "${ref}" is not ssm:<parameter>, secretsmanager:<name>[#key], or an SSM parameter / Secrets Manager ARN`,
    );
  }
}

/** Reading a secret failed (missing, access denied, throttled, not JSON when a #key was asked for…). */
export class SecretReadError extends NotifyError {
  override readonly name = 'SecretReadError';
  constructor(
    readonly ref: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot read secret ${ref}: ${reason}`, options);
  }
}

/** A target that can never work as configured (URL not http(s), plain http to a public host…); retrying won't help. */
export class NotifyConfigError extends NotifyError {
  override readonly name = 'NotifyConfigError';
}

/** One delivery failed after its attempts; `target` is `scheme://host/***`. */
export class NotifySendError extends NotifyError {
  override readonly name = 'NotifySendError';
  constructor(
    readonly target: string,
    readonly attempts: number,
    /** Whether another attempt later (a Lambda retry) could succeed: network, timeout, 429, 5xx. */
    readonly retryable: boolean,
    reason: string,
    readonly status?: number,
  ) {
    super(`POST ${target} failed after ${attempts} attempt(s): ${reason}`);
  }
}

/** Some targets of a run event were not notified; thrown so Lambda retries the event and then sends it to the DLQ. */
export class NotifyDeliveryError extends NotifyError {
  override readonly name = 'NotifyDeliveryError';
  constructor(
    readonly runId: string,
    readonly failures: readonly { readonly kind: string; readonly target: string; readonly message: string }[],
  ) {
    super(
      `run ${runId}: ${failures.length} notification(s) failed:\n  ${failures.map((f) => `${f.kind} ${f.target}: ${f.message}`).join('\n  ')}`,
    );
  }
}
