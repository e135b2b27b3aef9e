/**
 * Runs a command body against the backend its flags select, and always gives the backend back — on success, on
 * failure, and on Ctrl-C (local mode: the service host then stops; a run cut short is finished off, posthook
 * included, by the next holdfast command's watchdog).
 */
import { type Backend, type BackendOptions, openBackend } from './backend.js';
import { CliError, ExitCode } from './errors.js';
import { stderrLogger } from './logger.js';
import type { Io } from './output.js';

export interface CommonOptions extends BackendOptions {
  readonly verbose?: boolean;
}

export async function withBackend<T>(opts: CommonOptions, io: Io, body: (backend: Backend) => Promise<T>): Promise<T> {
  const log = stderrLogger(opts.verbose === true);
  const backend = await openBackend(opts, log, (line) => io.stderr(`holdfast: ${line}\n`)).catch((err: unknown) => {
    if (err instanceof CliError) throw err;
    throw new CliError(
      `cannot start local mode: ${err instanceof Error ? err.message : String(err)}`,
      ExitCode.environment,
    );
  });
  const onSignal = () => {
    io.stderr('holdfast: interrupted; the next holdfast command finishes off any run cut short (posthook included)\n');
    void backend.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await body(backend);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await backend.close();
  }
}

/** Local-only commands say so, in one line, with what to do. */
export function requireLocal(backend: Backend, what: string) {
  if (!backend.local) {
    throw new CliError(`${what} runs in local mode only: add --local (or --sandbox)`, ExitCode.invalidInput);
  }
  return backend.local;
}
