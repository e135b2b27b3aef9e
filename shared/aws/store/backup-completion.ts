/**
 * The one write where two items must change together: a backup run's restore point appears exactly when the run
 * becomes `succeeded`, in one DynamoDB transaction. A reader never sees a succeeded run without its restore point,
 * nor a restore point of a run still marked running (which the watchdog could then fail).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './dynamo.js';
import { TransactionCancelledError } from './errors.js';
import { type NewRestorePoint, restorePointPut } from './restore-points.js';
import { runTransitionUpdate } from './runs.js';

export interface BackupCompletion {
  readonly runId: string;
  readonly restorePoint: NewRestorePoint;
  /** Redacted by the caller. */
  readonly outputs?: Record<string, unknown>;
}

/**
 * Writes the restore point and marks the run succeeded, atomically. A retry after a success (the step's checkpoint
 * was lost) finds both done and returns `already-completed`. Any other refusal — the run is not running, or this
 * run's restore point exists while the run is not succeeded — throws TransactionCancelledError naming both states.
 */
export async function completeBackup(
  ctx: StoreContext,
  completion: BackupCompletion,
): Promise<{ outcome: 'completed' | 'already-completed'; restorePointId: string }> {
  const put = restorePointPut(ctx, completion.restorePoint);
  const restorePointId = String(put.Item?.id);
  const update = runTransitionUpdate(ctx, completion.runId, 'succeeded', {
    restorePointId,
    ...(completion.outputs ? { outputs: completion.outputs } : {}),
  });
  try {
    await ctx.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { ...put, TableName: ctx.tableName, ConditionExpression: put.ConditionExpression ?? '' } },
          {
            Update: {
              ...update,
              TableName: ctx.tableName,
              Key: update.Key ?? {},
              UpdateExpression: update.UpdateExpression ?? '',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      }),
    );
    return { outcome: 'completed', restorePointId };
  } catch (err) {
    if (!(err instanceof TransactionCanceledException)) throw err;
    const reasons = (err.CancellationReasons ?? []).map((r) => r.Code);
    const [rpReason, runReason] = reasons;
    const runRefused = runReason === 'ConditionalCheckFailed';
    const runState = runRefused ? (err.CancellationReasons?.[1]?.Item?.state?.S ?? 'missing') : undefined;
    if (rpReason === 'ConditionalCheckFailed' && runState === 'succeeded') {
      return { outcome: 'already-completed', restorePointId };
    }
    const what = [
      rpReason === 'ConditionalCheckFailed' ? `restore point ${restorePointId} already exists` : undefined,
      runRefused ? `run is ${runState}, not running` : undefined,
    ].filter((w) => w !== undefined);
    throw new TransactionCancelledError(
      `completing backup run ${completion.runId} was refused: ${what.join('; ') || 'cancelled'} ` +
        `(codes: ${reasons.join(', ')})`,
      reasons,
      { cause: err },
    );
  }
}
