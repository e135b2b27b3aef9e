/**
 * Secret redaction. Every value read from a Kubernetes Secret during a run is registered here, and every string that
 * leaves the run (outputs, logs, errors, progress, artifacts) passes through `redact`, which replaces each value —
 * and its base64 and URL-encoded forms, which templates commonly produce — with `***`.
 */

export const MASK = '***';

/**
 * Values shorter than this are only masked when a whole string equals them: masking every "1" or "ab" inside logs
 * would make them unreadable while protecting nothing an attacker could not guess.
 */
const MIN_SUBSTRING_LENGTH = 4;

export class Redactor {
  private readonly needles = new Set<string>();
  private readonly exact = new Set<string>();
  private pattern: RegExp | null = null;

  /** Registers a secret value (the decoded bytes as UTF-8 text). */
  add(value: string): void {
    if (value === '') return;
    const forms = [value, Buffer.from(value, 'utf8').toString('base64'), encodeURIComponent(value)];
    for (const form of forms) {
      if (form.length >= MIN_SUBSTRING_LENGTH) this.needles.add(form);
      else this.exact.add(form);
    }
    // Multi-line secrets (keys, certificates) also leak line by line.
    for (const line of value.split(/\r?\n/)) {
      if (line.trim().length >= 8 && line !== value) this.needles.add(line);
    }
    this.pattern = null;
  }

  get size(): number {
    return this.needles.size + this.exact.size;
  }

  redact(text: string): string {
    if (this.exact.has(text)) return MASK;
    if (this.needles.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.needles]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, MASK);
  }

  /** Redacts every string inside a JSON-like value (keys too), returning a copy. */
  redactDeep<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.redact(k), this.walk(v)]));
    }
    return value;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
