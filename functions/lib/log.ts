/**
 * The runtime's Logger port on a Powertools logger: structured fields become extra keys of the log line.
 */
import type { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Logger } from '../../shared/blueprint/run-context.js';

export function portLogger(logger: PowertoolsLogger): Logger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (fields) logger[level](message, fields);
      else logger[level](message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
