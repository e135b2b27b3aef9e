import { describe, expect, it } from 'vitest';
import { isRetryable, withRetry } from '../../../../shared/aws/rds/retry.js';
import { awsError } from '../../functions/rds/fake-rds.js';

const never = new AbortController().signal;

describe('RDS retry', () => {
  it('retries throttling with growing, jittered, capped pauses, then returns', async () => {
    const pauses: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 5) throw awsError('Throttling', 'Rate exceeded');
        return 'ok';
      },
      never,
      { attempts: 6, baseMs: 100, maxMs: 500, random: () => 1, sleep: async (ms) => void pauses.push(ms) },
    );
    expect(result).toBe('ok');
    expect(pauses).toEqual([100, 200, 400, 500]);
  });

  it('does not retry client errors', async () => {
    let calls = 0;
    const err = await withRetry(
      async () => {
        calls++;
        throw awsError('DBSnapshotNotFound', 'nope', 404);
      },
      never,
      { attempts: 6, baseMs: 1, maxMs: 1, sleep: async () => undefined },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((err as Error).message).toBe('nope');
  });

  it('classifies throttling codes and 5xx as retryable', () => {
    expect(isRetryable(awsError('RequestLimitExceeded', ''))).toBe(true);
    expect(isRetryable(Object.assign(new Error(''), { name: 'ThrottlingException' }))).toBe(true);
    expect(isRetryable(awsError('InternalFailure', '', 503))).toBe(true);
    expect(isRetryable(awsError('InvalidParameterValue', ''))).toBe(false);
  });

  it('stops waiting when aborted', async () => {
    const aborter = new AbortController();
    const p = withRetry(
      async () => {
        throw awsError('Throttling', 'slow down');
      },
      aborter.signal,
      { attempts: 5, baseMs: 60_000, maxMs: 60_000 },
    );
    aborter.abort();
    await expect(p).rejects.toThrow();
  });
});
