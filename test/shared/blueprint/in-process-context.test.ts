import { describe, expect, it } from 'vitest';
import { InProcessRunContext } from '../../../shared/blueprint/in-process-context.js';
import { WaitTimeoutError } from '../../../shared/blueprint/run-context.js';

const log = { debug() {}, info() {}, warn() {}, error() {} };
const key = { kind: 'rds-snapshot', id: 'us-east-1:snapshot:s1' };

describe('InProcessRunContext waits', () => {
  it('registers the wait before running start, so an event arriving during the call completes it', async () => {
    const run = new InProcessRunContext({ log, firstPollMs: 60_000 });
    let polls = 0;
    const result = await run.waitFor(key, {
      timeoutSeconds: 120,
      poll: async () => {
        polls++;
        return false;
      },
      start: async () => {
        expect(run.notify(key)).toBe(true); // the event beats the API answer
        return 'accepted';
      },
    });
    expect(result).toBe('accepted');
    expect(polls).toBe(0);
  });

  it('wakes every wait on the key, and reports no waiter for a late duplicate', async () => {
    const run = new InProcessRunContext({ log, firstPollMs: 60_000 });
    const poll = async () => false;
    const a = run.waitFor(key, { timeoutSeconds: 120, poll });
    const b = run.waitFor(key, { timeoutSeconds: 120, poll });
    await new Promise((r) => setTimeout(r, 5));
    expect(run.notify(key)).toBe(true);
    await Promise.all([a, b]);
    expect(run.notify(key)).toBe(false);
  });

  it('times out with the key in the message', async () => {
    const run = new InProcessRunContext({ log, firstPollMs: 1 });
    const err = await run.waitFor(key, { timeoutSeconds: 0.01, poll: async () => false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(String(err)).toContain('rds-snapshot us-east-1:snapshot:s1');
  });

  it('stops waiting when the wait signal aborts', async () => {
    const run = new InProcessRunContext({ log, firstPollMs: 60_000 });
    const aborter = new AbortController();
    const p = run.waitFor(key, { timeoutSeconds: 120, poll: async () => false, signal: aborter.signal });
    setTimeout(() => aborter.abort(), 5);
    await expect(p).rejects.toThrow('aborted');
  });

  it('gives each run an id, or the one it is told', () => {
    expect(new InProcessRunContext({ log, runId: 'r-7' }).runId).toBe('r-7');
    expect(new InProcessRunContext({ log }).runId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
