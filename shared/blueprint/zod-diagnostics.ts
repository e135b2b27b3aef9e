/**
 * Turns zod issues into Diagnostics a person can act on: where (file:line:col), which field, what to do.
 * Shared by every YAML input Holdfast reads (blueprints, ActionSets, policies).
 */
import type { z } from 'zod';
import { type Diagnostic, formatPath, type PathSegment } from './diagnostics.js';
import type { SourceDocument } from './yaml-source.js';

export function zodIssuesToDiagnostics(
  doc: SourceDocument,
  issues: readonly z.core.$ZodIssue[],
  knownKeys: (path: readonly PathSegment[]) => readonly string[] = () => [],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const at = doc.locate([...path, key], true);
        const suggestion = closest(key, knownKeys(path));
        out.push({
          severity: 'error',
          file: doc.file,
          ...at,
          path: formatPath([...path, key]),
          message: `unknown field "${key}"`,
          hint: suggestion
            ? `did you mean "${suggestion}"?`
            : 'remove it: an unknown field would have no effect, so it is refused',
        });
      }
      continue;
    }
    out.push({
      severity: 'error',
      file: doc.file,
      ...doc.locate(path),
      path: formatPath(path),
      message: describeIssue(issue),
    });
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return `required field is missing (${issue.expected})`;
  return issue.message.replace(/^Invalid input: /, '');
}

/** The known key within edit distance 2 (case-insensitive), for "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
