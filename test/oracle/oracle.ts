/**
 * Client for the Go template oracle (test/oracle/main.go): Go's text/template with Kanister's sprig v2.22.0 function
 * map, the reference the TypeScript engine is tested against. One long-lived child process serves every render
 * of a test file over newline-delimited JSON; `measureGoRenders` gives the benchmark Go's own timing.
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const oracleBinary = join(repoRoot, 'test', 'oracle', 'bin', 'oracle');

/** One render: the template text and the params as JSON text (kept as text so number literals reach Go intact). */
export interface OracleRequest {
  readonly template: string;
  readonly paramsJson: string;
}

export type OraclePhase = 'parse' | 'exec' | 'params' | 'panic' | 'limit' | 'request';

export type OracleResult =
  | { readonly ok: true; readonly output: string; readonly invalidUtf8: boolean }
  | { readonly ok: false; readonly phase: OraclePhase; readonly error: string; readonly goError: string };

const resultSchema = z.object({
  output: z.string().optional(),
  outputBytes: z.string().optional(),
  error: z.string().optional(),
  goError: z.string().optional(),
  phase: z.enum(['parse', 'exec', 'params', 'panic', 'limit', 'request']).optional(),
});

const batchSchema = z.object({
  results: z.array(resultSchema),
  elapsedNs: z.number(),
  renders: z.number(),
});

export class OracleError extends Error {
  override readonly name = 'OracleError';
}

/** Installs Go and sprig if missing and (re)builds the binary; idempotent, quiet when nothing is to do. */
export function ensureOracle(): void {
  try {
    execFileSync('bash', [join(repoRoot, 'scripts', 'ensure-oracle.sh')], { stdio: ['ignore', 'inherit', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new OracleError(`scripts/ensure-oracle.sh failed: ${stderr || String(err)}`);
  }
}

function toResult(raw: z.infer<typeof resultSchema>): OracleResult {
  if (raw.phase === undefined) {
    if (raw.outputBytes === undefined) return { ok: true, output: raw.output ?? '', invalidUtf8: false };
    // Go's JSON encoder would have replaced the invalid bytes one by one; decode them as a JS string would.
    const output = new TextDecoder().decode(Buffer.from(raw.outputBytes, 'base64'));
    return { ok: true, output, invalidUtf8: true };
  }
  return { ok: false, phase: raw.phase, error: raw.error ?? '', goError: raw.goError ?? raw.error ?? '' };
}

/** JSON text must fit on one request line: raw line breaks only occur as whitespace in valid JSON. */
function oneLine(json: string): string {
  return json.replace(/[\r\n]/g, ' ');
}

function requestBody(r: OracleRequest): string {
  return `{"template":${JSON.stringify(r.template)},"params":${oneLine(r.paramsJson) || 'null'}}`;
}

interface Pending {
  readonly resolve: (line: string) => void;
  readonly reject: (err: Error) => void;
}

export class GoOracle {
  private readonly pending: Pending[] = [];
  private exited: Error | null = null;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => this.pending.shift()?.resolve(line));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', (err) => {
      this.exited = new OracleError(`oracle failed to start (${oracleBinary}): ${err.message}`);
      for (const p of this.pending.splice(0)) p.reject(this.exited);
    });
    child.on('exit', (code, signal) => {
      this.exited = new OracleError(`oracle exited (code ${code}, signal ${signal}): ${stderr.trim()}`);
      for (const p of this.pending.splice(0)) p.reject(this.exited);
    });
  }

  /** Starts the oracle process; call `ensureOracle()` first (once per test file, in `beforeAll`). */
  static start(): GoOracle {
    const child = spawn(oracleBinary, [], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
    return new GoOracle(child);
  }

  private send(line: string): Promise<string> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.child.stdin.write(`${line}\n`);
    });
  }

  async render(template: string, paramsJson: string): Promise<OracleResult> {
    const line = await this.send(requestBody({ template, paramsJson }));
    return toResult(resultSchema.parse(JSON.parse(line)));
  }

  /** Renders many requests in one round trip (the batch form). */
  async renderMany(requests: readonly OracleRequest[]): Promise<OracleResult[]> {
    return (await this.batch(requests, 1, false)).results;
  }

  async batch(
    requests: readonly OracleRequest[],
    repeat: number,
    reuseFuncMap: boolean,
  ): Promise<{ results: OracleResult[]; elapsedNs: number; renders: number }> {
    const body = `{"batch":[${requests.map(requestBody).join(',')}],"repeat":${repeat},"reuseFuncMap":${reuseFuncMap}}`;
    const raw = batchSchema.parse(JSON.parse(await this.send(body)));
    return { results: raw.results.map(toResult), elapsedNs: raw.elapsedNs, renders: raw.renders };
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    await done;
  }
}

export interface GoTiming {
  /** Nanoseconds Go spent rendering, measured inside the oracle (no process or pipe overhead). */
  readonly elapsedNs: number;
  /** Renders performed: pairs × repeat, less pairs whose params did not decode. */
  readonly renders: number;
  readonly results: readonly OracleResult[];
}

/**
 * For the benchmark: renders every (template, params) pair `repeat` times in one oracle call, as Kanister renders
 * (a fresh function map, parse, execute per render, unless `reuseFuncMap`). Starts and stops its own oracle.
 */
export async function measureGoRenders(
  pairs: readonly OracleRequest[],
  repeat: number,
  options: { readonly reuseFuncMap?: boolean } = {},
): Promise<GoTiming> {
  ensureOracle();
  const oracle = GoOracle.start();
  try {
    return await oracle.batch(pairs, repeat, options.reuseFuncMap ?? false);
  } finally {
    await oracle.close();
  }
}
