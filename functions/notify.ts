/**
 * Lambda entry point for notifications: `Run Succeeded` / `Run Failed` from the Holdfast bus → Slack and/or signed
 * webhooks (shared/notify/notify-run.ts does the work).
 *
 * Error mapping:
 * - a malformed event: one logged error naming what is wrong, no secret read, no request, a `rejected` result (not a
 *   throw: a Lambda retry cannot fix the payload);
 * - a failed delivery or secret read: logged once, rethrown, so Lambda's async retries and the DLQ take over.
 *
 * Parsing uses the Powertools 2.35.0 parser middleware, which takes any Standard Schema (zod 4 included) and calls
 * our `errorHandler` synchronously on a ParseError.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ParseError } from '@aws-lambda-powertools/parser';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import middy from '@middy/core';
import { type RunOutcomeEvent, runOutcomeEventSchema } from '../events/holdfast.js';
import { createAwsSecretReader } from '../shared/aws/secret-readers.js';
import { type Delivery, notifyRun } from '../shared/notify/notify-run.js';
import type { SecretReader } from '../shared/notify/secrets.js';
import { type SendOptions, send } from '../shared/notify/send.js';

export interface NotifyHandlerDeps {
  readonly logger: Logger;
  readonly secrets: SecretReader;
  /** Retry/timeout tuning and a fetch stand-in for tests. */
  readonly sendOptions?: Omit<SendOptions, 'signal' | 'redact'>;
  readonly now?: () => Date;
}

export type NotifyHandlerResult =
  | { readonly status: 'sent'; readonly deliveries: readonly Delivery[] }
  | { readonly status: 'rejected'; readonly problems: readonly string[] };

/** Clients for a real container: built once, reused by every invocation it serves. */
export function defaultNotifyDeps(): NotifyHandlerDeps {
  return {
    logger: new Logger({ serviceName: 'holdfast-notify' }),
    secrets: createAwsSecretReader({ secretsManager: new SecretsManagerClient({}), ssm: new SSMClient({}) }),
  };
}

export function createNotifyHandler(deps: NotifyHandlerDeps) {
  const { logger } = deps;
  return middy()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(parser({ schema: runOutcomeEventSchema, errorHandler: (error, event) => reject(logger, error, event) }))
    .handler(async (event: RunOutcomeEvent, _context: unknown, opts?: { signal?: AbortSignal }) => {
      logger.appendKeys({ runId: event.detail.runId, eventId: event.id, detailType: event['detail-type'] });
      try {
        const result = await notifyRun(
          event,
          {
            secrets: deps.secrets,
            send: (req, options) => send(req, { ...deps.sendOptions, ...options }),
            log: logger,
            now: deps.now ?? (() => new Date()),
          },
          opts?.signal,
        );
        return { status: 'sent', deliveries: result.deliveries } satisfies NotifyHandlerResult;
      } catch (error) {
        logger.error('notification failed; the event will be retried', error as Error);
        throw error;
      }
    });
}

function reject(logger: Logger, error: ParseError, event: unknown): NotifyHandlerResult {
  const problems = issues(error.cause);
  const e = (event ?? {}) as Record<string, unknown>;
  logger.error('rejected a malformed run event: nothing was sent', {
    problems,
    eventId: typeof e.id === 'string' ? e.id : undefined,
    detailType: typeof e['detail-type'] === 'string' ? e['detail-type'] : undefined,
  });
  return { status: 'rejected', problems };
}

/** Standard Schema issues as `path: message` lines. */
function issues(cause: unknown): string[] {
  if (!Array.isArray(cause)) return [String(cause ?? 'unparsable event')];
  return cause.map((i: { path?: readonly (PropertyKey | { key: PropertyKey })[]; message?: string }) => {
    const path = (i.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
    return `${path || '(event)'}: ${i.message ?? 'invalid'}`;
  });
}

export const handler = createNotifyHandler(defaultNotifyDeps());
