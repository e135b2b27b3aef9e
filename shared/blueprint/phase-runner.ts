/**
 * Runs one phase: fetch the Secrets/ConfigMaps it names, render its args, decode them, execute the function inside a
 * checkpointed step with a timeout and optional retries, record progress and redacted outputs.
 */
import type { FunctionLookup, KubeDataObject, ObjectResolver, PhaseOutput } from './functions-port.js';
import type { ParamsObject } from './interpreter.js';
import type { Redactor } from './redact.js';
import { type RenderFn, renderArgs } from './render-args.js';
import type { Logger, RunContext } from './run-context.js';
import type { ObjectReference, Phase } from './schema.js';

export interface PhaseParams {
  Secrets?: Record<string, KubeDataObject>;
  ConfigMaps?: Record<string, KubeDataObject>;
  Output?: PhaseOutput | null;
}

export interface PhaseSettings {
  /** Default 3600. */
  readonly timeoutSeconds?: number;
  /** Extra attempts after a failed execution; default 0 (Kanister never retries; commands may not be idempotent). */
  readonly retries?: number;
  /** First backoff; doubles per attempt, capped at 60 s. Default 2. */
  readonly backoffSeconds?: number;
}

export type PhaseState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface PhaseRecord {
  readonly name: string;
  readonly func: string;
  readonly deferred: boolean;
  state: PhaseState;
  attempts: number;
  startedAt?: string;
  endedAt?: string;
  /** Rendered args, Secret values masked. */
  args?: Record<string, unknown>;
  /** Output, Secret values masked. */
  output?: PhaseOutput;
  error?: string;
}

interface RunnerDeps {
  readonly actionName: string;
  readonly params: ParamsObject;
  readonly functions: FunctionLookup;
  readonly renderer: (params: ParamsObject) => RenderFn;
  readonly resolver: ObjectResolver;
  readonly run: RunContext;
  readonly redactor: Redactor;
  readonly dryRun?: boolean;
  readonly phaseSettings?: (phase: string) => PhaseSettings;
}

export class PhaseRunner {
  constructor(private readonly deps: RunnerDeps) {}

  /** Returns the redacted error message when the phase failed. */
  async run(
    phase: Phase,
    deferred: boolean,
    objects: Record<string, ObjectReference>,
    rec: PhaseRecord,
    emit: () => void,
  ): Promise<string | undefined> {
    const { redactor, run } = this.deps;
    rec.state = 'running';
    rec.startedAt = run.now().toISOString();
    emit();
    try {
      const output = await this.execute(phase, deferred, objects, rec);
      rec.output = redactor.redactDeep(output);
      rec.state = 'succeeded';
      return undefined;
    } catch (err) {
      rec.state = 'failed';
      rec.error = redactor.redact(`phase ${phase.name} (${phase.func}): ${err instanceof Error ? err.message : err}`);
      return rec.error;
    } finally {
      rec.endedAt = run.now().toISOString();
      emit();
    }
  }

  private async execute(
    phase: Phase,
    deferred: boolean,
    objects: Record<string, ObjectReference>,
    rec: PhaseRecord,
  ): Promise<PhaseOutput> {
    const { params, functions, run, redactor } = this.deps;
    const fn = functions.get(phase.func);
    if (!fn) throw new Error(`function ${phase.func} is not registered`);
    const phaseParams: PhaseParams = await this.fetchObjects(objects);
    params.Phases = { ...params.Phases, [phase.name]: phaseParams };

    const raw = new Set(fn.rawArgs ?? []);
    const given = phase.args ?? {};
    const toRender = Object.fromEntries(Object.entries(given).filter(([k]) => !raw.has(k)));
    const rendered = { ...given, ...renderArgs(toRender, this.deps.renderer(params)) };
    rec.args = redactor.redactDeep(rendered);
    const args = fn.parseArgs(rendered);

    let output: PhaseOutput;
    if (this.deps.dryRun) {
      output = Object.fromEntries(fn.outputs.map((k) => [k, `<${phase.name}.${k}>`]));
    } else {
      const exec = fn.exec;
      if (!exec) throw new Error(fn.unavailableReason ?? `function ${phase.func} cannot run here`);
      const log = scopedLogger(run.log, redactor, { action: this.deps.actionName, phase: phase.name });
      // A scope, not a step: the function may take steps and wait (e.g. on an RDS snapshot) inside it.
      output = await run.scope(`${this.deps.actionName}/${phase.name}`, (rc) =>
        this.withRetries(phase.name, rec, log, (signal) =>
          exec({ args, action: this.deps.actionName, phase: phase.name, params, run: rc, signal, log, redactor }),
        ),
      );
    }
    if (deferred) params.DeferPhase = { Output: output };
    else phaseParams.Output = output;
    return output;
  }

  private async fetchObjects(objects: Record<string, ObjectReference>): Promise<PhaseParams> {
    const { resolver, redactor, run } = this.deps;
    const out: PhaseParams = {};
    for (const [alias, ref] of Object.entries(objects)) {
      const kind = (ref.kind ?? '').toLowerCase();
      const ns = ref.namespace ?? '';
      if (kind === 'secret') {
        const secret = await resolver.secret(ns, ref.name, run.signal);
        for (const v of Object.values(secret.data ?? {})) redactor.add(Buffer.from(v, 'base64').toString('utf8'));
        for (const v of Object.values(secret.stringData ?? {})) redactor.add(v);
        out.Secrets = { ...out.Secrets, [alias]: secret };
      } else if (kind === 'configmap') {
        out.ConfigMaps = { ...out.ConfigMaps, [alias]: await resolver.configMap(ns, ref.name, run.signal) };
      }
    }
    return out;
  }

  private async withRetries(
    phase: string,
    rec: PhaseRecord,
    log: Logger,
    attempt: (signal: AbortSignal) => Promise<PhaseOutput | undefined>,
  ): Promise<PhaseOutput> {
    const settings = this.deps.phaseSettings?.(phase) ?? {};
    const retries = settings.retries ?? 0;
    const timeoutMs = (settings.timeoutSeconds ?? 3600) * 1000;
    let backoffMs = (settings.backoffSeconds ?? 2) * 1000;
    for (;;) {
      rec.attempts++;
      const signal = AbortSignal.any([this.deps.run.signal, AbortSignal.timeout(timeoutMs)]);
      try {
        return (await raceAbort(attempt(signal), signal, timeoutMs)) ?? {};
      } catch (err) {
        if (this.deps.run.signal.aborted || rec.attempts > retries) throw err;
        log.warn('phase attempt failed; retrying', { attempt: rec.attempts, retryInMs: backoffMs, error: String(err) });
        await sleep(backoffMs, this.deps.run.signal);
        backoffMs = Math.min(backoffMs * 2, 60_000);
      }
    }
  }
}

/** A function that ignores its signal must still not hold the run past its timeout. */
function raceAbort<T>(p: Promise<T>, signal: AbortSignal, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(
        signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError'
          ? new Error(`timed out after ${timeoutMs / 1000}s`)
          : new Error('aborted'),
      );
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    });
  });
}

export function scopedLogger(base: Logger, redactor: Redactor, scope: Record<string, unknown>): Logger {
  const wrap =
    (level: keyof Logger) =>
    (message: string, fields?: Record<string, unknown>): void =>
      base[level](redactor.redact(message), redactor.redactDeep({ ...scope, ...fields }));
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
