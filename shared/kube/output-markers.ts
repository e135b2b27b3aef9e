/**
 * Kanister's phase-output markers (`kando output k v` prints `###Phase-output###: {"key":"k","value":"v"}`),
 * parsed from a stream the way `pkg/output/stream.go` does: lines are read as Go's `bufio.Reader.ReadLine`
 * with a 64 KiB buffer returns them (so a longer line comes in pieces, and a marker split across two pieces,
 * or across the end of one line and the start of the next, is still found); empty pieces are skipped; the text
 * after the marker is trimmed and decoded as Go's `json.Unmarshal` into `{Key, Value string}` would; a later
 * key wins. Everything that is not a marker is handed to `onLog`, one line at a time. Memory stays bounded by the
 * 64 KiB buffer plus one marker's value.
 */
import { OutputMarkerError } from './errors.js';

export const PHASE_OUTPUT_MARKER = '###Phase-output###:';
const MARKER = Buffer.from(PHASE_OUTPUT_MARKER);
const BUFFER_SIZE = 64 * 1024;
const NEWLINE = 0x0a;
const CR = 0x0d;
/** Kanister has no limit; a runaway marker line should not take the process down. */
const MAX_MARKER_BYTES = 8 * 1024 * 1024;

type State =
  | { readonly kind: 'init' }
  | { readonly kind: 'reading'; readonly buf: Buffer }
  | { readonly kind: 'suffix'; readonly suffix: Buffer };

export class OutputMarkerParser {
  readonly outputs: Record<string, string> = {};
  private pending: Buffer = Buffer.alloc(0);
  private state: State = { kind: 'init' };

  /** `onLog` receives text that is not phase output (Kanister logs it as `Pod_Out`). */
  constructor(private readonly onLog: (line: string) => void = () => {}) {}

  /** Feeds bytes; throws OutputMarkerError on a marker whose JSON Kanister would reject. */
  write(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const nl = this.pending.indexOf(NEWLINE);
      if (nl >= 0 && nl < BUFFER_SIZE) {
        let end = nl;
        if (end > 0 && this.pending[end - 1] === CR) end -= 1;
        const line = this.pending.subarray(0, end);
        this.pending = this.pending.subarray(nl + 1);
        this.line(line, false);
      } else if (this.pending.length >= BUFFER_SIZE) {
        // ReadLine's ErrBufferFull: a piece of a longer line; a trailing \r waits for the next piece.
        const size = this.pending[BUFFER_SIZE - 1] === CR ? BUFFER_SIZE - 1 : BUFFER_SIZE;
        const piece = this.pending.subarray(0, size);
        this.pending = this.pending.subarray(size);
        this.line(piece, true);
      } else {
        return;
      }
    }
  }

  /** Ends the stream (the last line may lack a newline) and returns the outputs. */
  end(): Record<string, string> {
    if (this.pending.length > 0) {
      const rest = this.pending;
      this.pending = Buffer.alloc(0);
      this.line(rest, false);
    }
    return this.outputs;
  }

  private line(line: Buffer, isPrefix: boolean): void {
    if (line.length === 0) return;
    const state = this.state;
    if (state.kind === 'reading') {
      const buf = Buffer.concat([state.buf, line]);
      if (buf.length > MAX_MARKER_BYTES) throw new OutputMarkerError('an output marker line is longer than 8 MiB');
      if (isPrefix) this.state = { kind: 'reading', buf };
      else this.complete(buf);
    } else if (state.kind === 'suffix' && line.indexOf(state.suffix) === 0) {
      this.capture(line, isPrefix, state.suffix.length);
    } else {
      this.plain(line, isPrefix);
    }
  }

  private plain(line: Buffer, isPrefix: boolean): void {
    const at = line.indexOf(MARKER);
    if (at === -1) {
      this.onLog(line.toString('utf8'));
      const split = splitSeparator(line);
      this.state = split ? { kind: 'suffix', suffix: split } : { kind: 'init' };
      return;
    }
    if (at > 0) this.onLog(line.subarray(0, at).toString('utf8'));
    this.capture(line, isPrefix, at + MARKER.length);
  }

  private capture(line: Buffer, isPrefix: boolean, start: number): void {
    const content = line.subarray(start);
    if (isPrefix) this.state = { kind: 'reading', buf: Buffer.from(content) };
    else this.complete(content);
  }

  private complete(content: Buffer): void {
    this.state = { kind: 'init' };
    const text = content.toString('utf8').trim();
    if (text === '') return;
    const { key, value } = decodeOutput(text);
    this.outputs[key] = value;
  }
}

/** Kanister's `checkSplitSeparator`: the line ends with a proper prefix of the marker; returns the rest of it. */
function splitSeparator(line: Buffer): Buffer | undefined {
  for (let i = 1; i < MARKER.length && i <= line.length; i++) {
    if (line.subarray(line.length - i).equals(MARKER.subarray(0, i))) return MARKER.subarray(i);
  }
  return undefined;
}

/**
 * `json.Unmarshal(text, &Output{})`: a JSON object (or null); fields match `key`/`value` case-insensitively, the
 * last occurrence wins; each must be a string or null; other keys are ignored.
 */
export function decodeOutput(text: string): { key: string; value: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new OutputMarkerError(`Failed to unmarshal key-value pair: ${(error as Error).message}`);
  }
  const out = { key: '', value: '' };
  if (parsed === null) return out;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    const got = Array.isArray(parsed) ? 'array' : typeof parsed;
    throw new OutputMarkerError(
      `Failed to unmarshal key-value pair: json: cannot unmarshal ${got} into Go value of type output.Output`,
    );
  }
  for (const [name, value] of Object.entries(parsed)) {
    const field = name.toLowerCase() === 'key' ? 'key' : name.toLowerCase() === 'value' ? 'value' : undefined;
    if (field === undefined || value === null) continue;
    if (typeof value !== 'string') {
      throw new OutputMarkerError(
        `Failed to unmarshal key-value pair: json: cannot unmarshal ${jsonKind(value)} into Go struct field Output.${field} of type string`,
      );
    }
    out[field] = value;
  }
  return out;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** Parses a whole text (KubeExec's collected stdout) at once. */
export function parseOutputMarkers(text: string | Buffer, onLog?: (line: string) => void): Record<string, string> {
  const parser = new OutputMarkerParser(onLog);
  parser.write(typeof text === 'string' ? Buffer.from(text) : text);
  return parser.end();
}
