/**
 * Errors the CDK app throws before it builds anything: a config or policy a person must fix. One root class; each
 * problem carries the file, the field path and what to write instead, so `cdk synth` prints one actionable line each.
 */

export interface InfraProblem {
  readonly file: string;
  /** Field path inside the file, e.g. `clusters[0].namespaces`; empty for the file itself. */
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

export function formatProblem(p: InfraProblem): string {
  const path = p.path ? `${p.path}: ` : '';
  const hint = p.hint ? ` — ${p.hint}` : '';
  return `${p.file}: ${path}${p.message}${hint}`;
}

export class InfraError extends Error {
  override readonly name: string = 'InfraError';
}

/** The deployment config is missing or invalid. */
export class ConfigError extends InfraError {
  override readonly name = 'ConfigError';
  constructor(
    readonly problems: readonly InfraProblem[],
    options?: ErrorOptions,
  ) {
    super(`invalid Holdfast config:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`, options);
  }
}

/** A policy file is invalid, or asks for something the config does not allow (a cluster, key, secret…). */
export class PolicyConfigError extends InfraError {
  override readonly name = 'PolicyConfigError';
  constructor(readonly problems: readonly InfraProblem[]) {
    super(`policies do not fit the Holdfast config:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
}

/** A handler in infra/handlers.ts has no file, or its file does not export `handler`. */
export class HandlerEntryError extends InfraError {
  override readonly name = 'HandlerEntryError';
  constructor(readonly missing: readonly string[]) {
    super(
      `handler entry points missing: ${missing.join(', ')} — each must exist and export \`handler\` ` +
        '(see infra/handlers.ts)',
    );
  }
}
