/**
 * Lambda entry point for `aws.rds` events (EventBridge rule, also forwarded from copy destination regions): an event
 * that completes a run's wait (snapshot available, copy done, export done, instance available) completes that run's
 * durable callback, once; the run confirms with its own poll (events are hints).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { type RdsEvent, rdsEventId, rdsEventSchema, waitKeyForRdsEvent } from '../events/rds.js';
import { lambdaCallbacks } from '../shared/aws/lambda-runs.js';
import { type CallbackCompleter, type CompletionOutcome, completeWait } from '../shared/runtime/complete-wait.js';
import type { RunStore } from '../shared/runtime/ports.js';
import { lambda, runStore } from './lib/aws.js';
import { parsedHandler } from './lib/handler.js';
import { portLogger } from './lib/log.js';

export interface RdsEventsDeps {
  readonly logger: Logger;
  readonly store: () => Pick<RunStore, 'takeWait'>;
  readonly callbacks: () => CallbackCompleter;
}

export function createRdsEventsHandler(deps: RdsEventsDeps) {
  const { logger } = deps;
  return parsedHandler({ name: 'rds-events', schema: rdsEventSchema, logger }, async (event: RdsEvent) => {
    const eventId = rdsEventId(event);
    logger.appendKeys({ eventId, source: event.detail.SourceIdentifier });
    const key = waitKeyForRdsEvent(event);
    if (!key) {
      logger.info('this RDS event completes no wait; ignored');
      return { status: 'ignored' as const };
    }
    const outcome: CompletionOutcome = await completeWait(
      key,
      { id: eventId ?? event.id, summary: event.detail.Message.slice(0, 500) },
      { store: deps.store(), callbacks: deps.callbacks(), log: portLogger(logger) },
    );
    return { status: outcome };
  });
}

export const handler = createRdsEventsHandler({
  logger: new Logger({ serviceName: 'holdfast-rds-events' }),
  store: runStore,
  callbacks: () => lambdaCallbacks(lambda()),
});
