/**
 * What the interpreter needs from blueprint functions and from the cluster, as small interfaces: the registry
 * (shared/functions) and the Kubernetes edge (shared/kube) implement them; tests use in-memory fakes.
 */
import type { Redactor } from './redact.js';
import type { Logger, RunContext } from './run-context.js';

export type PhaseOutput = Record<string, unknown>;

export interface PhaseCall<A = unknown> {
  /** Rendered args, decoded by the function's schema (Kanister's weak decoding). */
  readonly args: A;
  readonly action: string;
  readonly phase: string;
  /** The template parameters as the phase saw them (Go field names). Read-only. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly run: RunContext;
  /** Aborted on run cancellation or when the phase times out. */
  readonly signal: AbortSignal;
  /** Redacting logger scoped to the phase. */
  readonly log: Logger;
  /** For functions that read further secrets themselves (e.g. `credentialsSource: secret`). */
  readonly redactor: Redactor;
}

export interface PhaseFunction {
  readonly name: string;
  readonly outputs: readonly string[];
  /** Args handed over unrendered (Kanister's `skipRenderFuncs`: the function evaluates its own templates). */
  readonly rawArgs?: readonly string[];
  /** Decodes rendered args; throws ArgsError with a message naming the arg. */
  parseArgs(rendered: Record<string, unknown>): unknown;
  /** Absent for functions this runtime cannot execute (e.g. no cluster connection was configured). */
  readonly exec?: (call: PhaseCall) => Promise<PhaseOutput | undefined>;
  /** Why `exec` is absent, for the error message. */
  readonly unavailableReason?: string;
}

export interface FunctionLookup {
  get(name: string): PhaseFunction | undefined;
}

/** A Kubernetes Secret or ConfigMap as the API returns it (Secret data base64-encoded). */
export interface KubeDataObject {
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [k: string]: unknown };
  readonly data?: Readonly<Record<string, string>>;
  readonly stringData?: Readonly<Record<string, string>>;
  readonly binaryData?: Readonly<Record<string, string>>;
  readonly [k: string]: unknown;
}

/** Fetches the Secrets and ConfigMaps a phase names in `objects:` (Kanister's InitPhaseParams). */
export interface ObjectResolver {
  secret(namespace: string, name: string, signal: AbortSignal): Promise<KubeDataObject>;
  configMap(namespace: string, name: string, signal: AbortSignal): Promise<KubeDataObject>;
}

export class ArgsError extends Error {
  override readonly name = 'ArgsError';
}
