/**
 * The shape every non-durable Holdfast handler shares: middy, the Powertools logger with the Lambda context, and the
 * Powertools parser with our zod schema. A malformed event is answered with one logged error and a `rejected` result
 * (no side effect, no throw: a retry cannot fix a payload); anything else that fails is logged and rethrown so
 * Lambda's retries and the DLQ take over.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ParseError } from '@aws-lambda-powertools/parser';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import type { z } from 'zod';

export type Rejected = { readonly status: 'rejected'; readonly problems: readonly string[] };

export function parsedHandler<S extends z.ZodType, R>(
  opts: { readonly name: string; readonly schema: S; readonly logger: Logger },
  fn: (event: z.output<S>) => Promise<R>,
) {
  const { logger, name } = opts;
  return (
    middy()
      .use(injectLambdaContext(logger, { resetKeys: true }))
      .use(parser({ schema: opts.schema, errorHandler: (error) => reject(logger, name, error) }))
      // The parser middleware has validated the event against `schema` before this runs.
      .handler(async (event: unknown): Promise<R | Rejected> => {
        try {
          return await fn(event as z.output<S>);
        } catch (error) {
          logger.error(`${name} failed; the invocation will be retried`, error as Error);
          throw error;
        }
      })
  );
}

function reject(logger: Logger, name: string, error: ParseError): Rejected {
  const cause = error.cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined;
  const problems = (cause?.issues ?? []).map((i) => `${i.path.map(String).join('.') || '(event)'}: ${i.message}`);
  logger.error(`${name}: rejected a malformed event; nothing was done`, { problems });
  return { status: 'rejected', problems: problems.length > 0 ? problems : [error.message] };
}
