/**
 * Diagnostics: one finding about an input file, with where it is and what to do.
 * Every user-facing validation message in Holdfast goes through this shape so the CLI prints `file:line:col`.
 */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  readonly file: string;
  /** 1-based; 0 when the finding is about the whole file. */
  readonly line: number;
  readonly column: number;
  /** Path inside the document, e.g. `actions.backup.phases[0].args.pod`. Empty for the document itself. */
  readonly path: string;
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** `file:line:col: error: path: message (hint)` — one line, no stack. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const path = d.path ? `${d.path}: ` : '';
  const hint = d.hint ? ` — ${d.hint}` : '';
  return `${where}: ${d.severity}: ${path}${d.message}${hint}`;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
