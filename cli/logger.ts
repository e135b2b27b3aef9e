/**
 * Loggers for the CLI: silent for dry-runs, and a stderr logger (JSON lines with --verbose) for runs.
 */
import type { Logger } from '../shared/blueprint/run-context.js';

const noop = () => undefined;
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

export function stderrLogger(verbose: boolean): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    if (!verbose && (level === 'debug' || level === 'info')) return;
    process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
