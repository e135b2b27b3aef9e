/**
 * Output helpers: every command prints human text by default and one JSON document with `--output json`.
 */
import { CliError } from './errors.js';

export type OutputFormat = 'text' | 'json';

export function parseOutputFormat(value: string): OutputFormat {
  if (value === 'text' || value === 'json') return value;
  throw new CliError(`--output must be "text" or "json", not "${value}"`);
}

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal: progress is drawn in place instead of printed line by line. */
  readonly isTty?: boolean;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  get isTty() {
    return process.stdout.isTTY === true;
  },
};

/** One JSON document per line (progress events of `--follow --output json`). */
export function printJsonLine(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value)}\n`);
}

export function printJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
