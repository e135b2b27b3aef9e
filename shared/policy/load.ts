/**
 * Loading Policies from YAML text into typed values with their source, with `file:line:column` diagnostics and a
 * hint for every error, through the same YAML and diagnostics plumbing as blueprints.
 */
import { z } from 'zod';
import type { Diagnostic, PathSegment } from '../blueprint/diagnostics.js';
import type { Sourced } from '../blueprint/load.js';
import { parseYamlSource, type SourceDocument } from '../blueprint/yaml-source.js';
import { zodIssuesToDiagnostics } from '../blueprint/zod-diagnostics.js';
import { type Policy, policySchema } from './schema.js';

export interface PolicyLoadResult {
  readonly policies: Sourced<Policy>[];
  readonly diagnostics: Diagnostic[];
}

const EXPECTED = 'expected a Policy (apiVersion holdfast.io/v1alpha1, kind Policy)';

export function loadPolicies(text: string, file: string): PolicyLoadResult {
  const parsed = parseYamlSource(text, file);
  const policies: Sourced<Policy>[] = [];
  const diagnostics = [...parsed.diagnostics];
  for (const doc of parsed.documents) {
    const kind = (doc.value as { kind?: unknown } | null)?.kind;
    if (kind !== 'Policy') {
      diagnostics.push({
        severity: 'error',
        file,
        ...doc.locate(['kind']),
        path: 'kind',
        message: typeof kind === 'string' ? `unsupported kind "${kind}"` : 'document has no kind',
        hint: EXPECTED,
      });
      continue;
    }
    // reportInput lets the shared diagnostics tell a missing field from one of the wrong type.
    const r = policySchema.safeParse(doc.value, { reportInput: true });
    if (r.success) policies.push({ value: r.data, source: doc });
    else diagnostics.push(...issuesToDiagnostics(doc, r.error.issues));
  }
  diagnostics.push(...duplicateNames(policies));
  if (parsed.documents.length === 0 && parsed.diagnostics.length === 0) {
    diagnostics.push({
      severity: 'error',
      file,
      line: 0,
      column: 0,
      path: '',
      message: 'file holds no YAML document',
      hint: EXPECTED,
    });
  }
  return { policies, diagnostics };
}

/** One issue at a time so each custom issue's hint lands on its own diagnostic. */
function issuesToDiagnostics(doc: SourceDocument, issues: readonly z.core.$ZodIssue[]): Diagnostic[] {
  return issues.flatMap((issue) => {
    const hint = issue.code === 'custom' ? (issue.params as { hint?: unknown } | undefined)?.hint : undefined;
    return zodIssuesToDiagnostics(doc, [issue], policyKeysAt).map((d) =>
      typeof hint === 'string' && d.hint === undefined ? { ...d, hint } : d,
    );
  });
}

function duplicateNames(policies: readonly Sourced<Policy>[]): Diagnostic[] {
  const seen = new Set<string>();
  return policies.flatMap(({ value, source }) => {
    const name = value.metadata.name;
    if (!seen.has(name)) {
      seen.add(name);
      return [];
    }
    return [
      {
        severity: 'error' as const,
        file: source.file,
        ...source.locate(['metadata', 'name']),
        path: 'metadata.name',
        message: `policy "${name}" is defined twice`,
        hint: 'give each policy its own name',
      },
    ];
  });
}

/** Field names the schema allows at `path`, read off the schema itself, for "did you mean". */
export function policyKeysAt(path: readonly PathSegment[]): readonly string[] {
  let schema: z.core.$ZodType | undefined = policySchema;
  for (const seg of path) {
    schema = schema && child(unwrap(schema), seg);
  }
  const target = schema && unwrap(schema);
  return target instanceof z.ZodObject ? Object.keys(target.shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap();
  return s;
}

function child(schema: z.core.$ZodType, seg: PathSegment): z.core.$ZodType | undefined {
  if (schema instanceof z.ZodObject) return (schema.shape as Record<string, z.core.$ZodType>)[String(seg)];
  if (schema instanceof z.ZodArray) return schema.element;
  if (schema instanceof z.ZodRecord) return schema.valueType;
  return undefined;
}
