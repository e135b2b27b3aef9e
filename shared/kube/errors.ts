/**
 * Errors of the Kubernetes edge. Messages are meant for run records and notifications: they say what was
 * attempted and what the API server or the command answered, and they pass through the caller's redaction
 * (commands and their output can carry Secret values).
 */

/** Root of this package's errors. */
export class KubeError extends Error {
  override readonly name: string = 'KubeError';
}

/**
 * A failed API request. `status` is the HTTP code (0 when no response arrived: refused, reset, timed out),
 * `reason` Kubernetes' `Status.reason` (`NotFound`, `Conflict`, `AlreadyExists`, …) when the server sent one.
 */
export class KubeApiError extends KubeError {
  override readonly name = 'KubeApiError';
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly reason: string | undefined,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

/** A command run through the exec API that failed, could not start, or whose outcome is unknown. */
export class ExecError extends KubeError {
  override readonly name = 'ExecError';
  constructor(
    message: string,
    readonly details: {
      /** The command's exit code, when it ran to completion. */
      readonly exitCode?: number;
      /** Whether the command was started: if so, a retry could run it twice. */
      readonly started: boolean;
      readonly stdoutTail?: string;
      readonly stderrTail?: string;
    },
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A task pod that could not be created, did not start, failed, or did not finish in time. */
export class TaskPodError extends KubeError {
  override readonly name = 'TaskPodError';
  constructor(
    message: string,
    readonly pod: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A Kanister output marker line that is not valid `{"key":…,"value":…}` JSON (Kanister fails the phase). */
export class OutputMarkerError extends KubeError {
  override readonly name = 'OutputMarkerError';
}

/** A workload that could not be scaled or did not become ready in time. */
export class ScaleError extends KubeError {
  override readonly name = 'ScaleError';
}

/** A Wait / WaitV2 that timed out or whose conditions could not be evaluated. */
export class WaitConditionError extends KubeError {
  override readonly name = 'WaitConditionError';
}

/** EKS endpoint discovery or IAM token signing failed. */
export class EksAuthError extends KubeError {
  override readonly name = 'EksAuthError';
}

/** The caller aborted (run cancelled) or the operation's own deadline passed. */
export class KubeAbortError extends KubeError {
  override readonly name = 'KubeAbortError';
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}
