/**
 * Errors thrown by the policy core. One root class so callers can map them once (reject the input); each carries the
 * hint a person needs to fix the input, the same hint the schema's diagnostics print.
 */

export class PolicyError extends Error {
  override readonly name: string = 'PolicyError';
  constructor(
    message: string,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A `cron(...)` or `rate(...)` expression EventBridge Scheduler would reject. */
export class ScheduleExpressionError extends PolicyError {
  override readonly name = 'ScheduleExpressionError';
  constructor(
    readonly expression: string,
    message: string,
    hint?: string,
  ) {
    super(`${message} in "${expression}"`, hint);
  }
}

/** A time zone that is not an IANA zone name. */
export class TimeZoneError extends PolicyError {
  override readonly name = 'TimeZoneError';
  constructor(readonly timeZone: string) {
    super(
      `unknown time zone "${timeZone}"`,
      'use an IANA time zone name such as UTC, Europe/Berlin or America/New_York',
    );
  }
}
