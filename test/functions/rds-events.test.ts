import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { rdsEventSchema, waitKeyForRdsEvent } from '../../events/rds.js';
import { createRdsEventsHandler } from '../../functions/rds-events.js';
import { waitKeyString } from '../../shared/runtime/wait-key.js';
import { repoRoot } from '../support/cli.js';
import { MemoryStore } from '../support/memory-store.js';

// Raw JSON as EventBridge delivers it: the handler's parser validates it.
const sample = (name: string): never =>
  JSON.parse(readFileSync(join(repoRoot, 'events', 'samples', 'aws.rds', `${name}.json`), 'utf8')) as never;
type Handler = ReturnType<typeof createRdsEventsHandler>;
const context = { functionName: 'rds-events', awsRequestId: 'r1' } as unknown as Parameters<Handler>[1];

function setup() {
  const store = new MemoryStore();
  const completed: string[] = [];
  const lines: string[] = [];
  const logger = new Logger({ serviceName: 'test', logLevel: 'DEBUG' });
  // Capture log lines instead of printing them.
  (logger as unknown as { printLog: (l: string, o: unknown) => void }).printLog = (_l, o) =>
    void lines.push(JSON.stringify(o));
  const handler = createRdsEventsHandler({
    logger,
    store: () => store,
    callbacks: () => ({ succeed: async (id) => void completed.push(id), fail: async () => undefined }),
  });
  return { store, completed, lines, handler };
}

describe('rds-events handler', () => {
  it('completes the waiting run once; a duplicate event finds nothing', async () => {
    const h = setup();
    const event = sample('db-snapshot-manual-created');
    const key = waitKeyForRdsEvent(rdsEventSchema.parse(event));
    if (!key) throw new Error('the sample completes a wait');
    await h.store.registerWait(waitKeyString(key), 'callback-1', 'run-1');
    expect(await h.handler(event, context)).toEqual({ status: 'completed' });
    expect(await h.handler(event, context)).toEqual({ status: 'no-wait' });
    expect(h.completed).toEqual(['callback-1']);
  });

  it('ignores an RDS event that completes no wait', async () => {
    const h = setup();
    expect(await h.handler(sample('db-instance-backing-up'), context)).toEqual({ status: 'ignored' });
  });

  it('rejects a malformed event with one logged error and no side effect', async () => {
    const h = setup();
    await h.store.registerWait('rds-snapshot#x', 'callback-1', 'run-1');
    const result = await h.handler(
      { source: 'aws.rds', 'detail-type': 'RDS DB Snapshot Event', detail: {} } as never,
      context,
    );
    expect(result).toMatchObject({ status: 'rejected' });
    expect(h.completed).toEqual([]);
    expect(h.store.waits.size).toBe(1);
    const errors = h.lines.filter((l) => l.includes('"level":"ERROR"'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('rds-events: rejected a malformed event; nothing was done');
  });
});
