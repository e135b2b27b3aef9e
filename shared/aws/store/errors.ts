/**
 * Errors of the DynamoDB store. One root (`StoreError`); every refused conditional write is a
 * `ConditionFailedError` subclass carrying what the caller needs to decide (who holds a lease, which state a run is
 * in), so handlers can map them once: retry, report a conflict, or treat as already done.
 */

/** A store key, for messages and for callers that want to re-read the item. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export class StoreError extends Error {
  override readonly name: string = 'StoreError';
}

/** A conditional write was refused: another writer got there first, or the item is not in the expected state. */
export class ConditionFailedError extends StoreError {
  override readonly name: string = 'ConditionFailedError';
  constructor(
    message: string,
    readonly key: ItemKey,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class RunNotFoundError extends StoreError {
  override readonly name = 'RunNotFoundError';
  constructor(readonly runId: string) {
    super(`run ${runId} has no record: create it before recording its progress`);
  }
}

/** A run state change the state machine forbids (e.g. anything after `succeeded`, `failed` or `cancelled`). */
export class InvalidRunTransitionError extends ConditionFailedError {
  override readonly name = 'InvalidRunTransitionError';
  constructor(
    readonly runId: string,
    /** The state the record was in when the write was refused (undefined: no record). */
    readonly from: string | undefined,
    readonly to: string,
    key: ItemKey,
    options?: ErrorOptions,
  ) {
    super(
      from === undefined
        ? `run ${runId} has no record, so it cannot become ${to}`
        : `run ${runId} is ${from} and cannot become ${to}: a run only moves pending → running → succeeded|failed|cancelled`,
      key,
      options,
    );
  }
}

/** Progress for a run that already ended: the run was cancelled or reconciled as failed while this step ran. */
export class RunEndedError extends ConditionFailedError {
  override readonly name = 'RunEndedError';
  constructor(
    readonly runId: string,
    readonly state: string,
    key: ItemKey,
  ) {
    super(`run ${runId} already ended (${state}); its progress is no longer recorded`, key);
  }
}

export class RestorePointNotFoundError extends StoreError {
  override readonly name = 'RestorePointNotFoundError';
  constructor(readonly restorePointId: string) {
    super(`no restore point ${restorePointId}: list the app's restore points to find a valid id`);
  }
}

/** A restore point status change out of order (`complete → expiring → expired` only). */
export class RestorePointStatusError extends ConditionFailedError {
  override readonly name = 'RestorePointStatusError';
  constructor(
    readonly restorePointId: string,
    readonly from: string | undefined,
    readonly to: string,
    key: ItemKey,
  ) {
    super(
      from === undefined
        ? `restore point ${restorePointId} does not exist, so it cannot become ${to}`
        : `restore point ${restorePointId} is ${from} and cannot become ${to} (complete → expiring → expired)`,
      key,
    );
  }
}

/** Another run already waits on this resource (resource ids derive from run ids, so this is a bug or a clash). */
export class WaitConflictError extends ConditionFailedError {
  override readonly name = 'WaitConflictError';
  constructor(
    readonly resourceId: string,
    readonly heldBy: string | undefined,
    key: ItemKey,
  ) {
    super(`run ${heldBy ?? '?'} already waits on ${resourceId}; one resource completes one wait`, key);
  }
}

/** Another run holds the app's quiesce marker: two runs never quiesce one app at once. */
export class QuiesceHeldError extends ConditionFailedError {
  override readonly name = 'QuiesceHeldError';
  constructor(
    readonly app: string,
    readonly holder: string | undefined,
    /** When the holder's `maxQuiesceSeconds` ran out (the watchdog then runs its posthook and releases it). */
    readonly deadline: string | undefined,
    key: ItemKey,
  ) {
    super(
      `${app} is already quiesced by run ${holder ?? '?'}` +
        (deadline ? ` (until ${deadline}; after that the watchdog unquiesces it and releases the marker)` : ''),
      key,
    );
  }
}

/** Only the run holding a quiesce marker may release it. */
export class NotQuiesceHolderError extends ConditionFailedError {
  override readonly name = 'NotQuiesceHolderError';
  constructor(
    readonly app: string,
    readonly runId: string,
    readonly holder: string | undefined,
    key: ItemKey,
  ) {
    super(`run ${runId} cannot release the quiesce marker of ${app}: run ${holder ?? '?'} holds it`, key);
  }
}

/** Someone else (the run itself or a watchdog tick) is already running this marker's posthook. */
export class PosthookClaimedError extends ConditionFailedError {
  override readonly name = 'PosthookClaimedError';
  constructor(
    readonly app: string,
    readonly claimedBy: string | undefined,
    readonly until: string | undefined,
    key: ItemKey,
  ) {
    super(
      claimedBy === undefined
        ? `${app} has no quiesce marker for that run any more: its posthook already ran`
        : `the posthook of ${app} is being run by ${claimedBy} (claim valid until ${until ?? '?'})`,
      key,
    );
  }
}

/** A transaction was cancelled; `reasons` holds DynamoDB's cancellation code per item, in request order. */
export class TransactionCancelledError extends StoreError {
  override readonly name = 'TransactionCancelledError';
  constructor(
    message: string,
    readonly reasons: readonly (string | undefined)[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** DynamoDB cancels a transaction that collided with another one; such a cancellation is worth a retry. */
  get retryable(): boolean {
    return this.reasons.some((r) => r === 'TransactionConflict' || r === 'ThrottlingError');
  }
}

/** A pagination cursor that this store did not produce (or that was cut when copied). */
export class InvalidCursorError extends StoreError {
  override readonly name = 'InvalidCursorError';
  constructor(options?: ErrorOptions) {
    super('the pagination cursor is not valid: pass back the cursor of the previous page unchanged', options);
  }
}

/** An item read back does not have the shape this code writes (written by another version, or by hand). */
export class StoredItemError extends StoreError {
  override readonly name = 'StoredItemError';
  constructor(
    readonly key: ItemKey,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`item ${key.pk} · ${key.sk} is malformed: ${detail}`, options);
  }
}
