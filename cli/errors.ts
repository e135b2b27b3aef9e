/**
 * CLI exit codes and the one error type commands throw. Scripts rely on these numbers; keep them stable.
 */

export const ExitCode = {
  ok: 0,
  /** The operation ran and failed: a render error, a failed run. */
  failed: 1,
  /** The input is invalid: bad flags, a blueprint that does not validate, a file that cannot be read. */
  invalidInput: 2,
  /** Something outside the input stopped us: an endpoint unreachable, credentials missing. */
  environment: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure to report to the user in one line (no stack), with what to do. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.invalidInput,
  ) {
    super(message);
  }
}
