/**
 * Loading Kanister documents (Blueprints, ActionSets) from YAML text into typed values with their source, so
 * every later finding can point at `file:line:column`.
 */
import type { z } from 'zod';
import { type ActionSet, actionSetSchema } from './actionset.js';
import type { Diagnostic, PathSegment } from './diagnostics.js';
import { type Blueprint, blueprintSchema } from './schema.js';
import { parseYamlSource, type SourceDocument } from './yaml-source.js';
import { zodIssuesToDiagnostics } from './zod-diagnostics.js';

export interface Sourced<T> {
  readonly value: T;
  readonly source: SourceDocument;
}

export interface LoadResult {
  readonly blueprints: Sourced<Blueprint>[];
  readonly actionSets: Sourced<ActionSet>[];
  readonly diagnostics: Diagnostic[];
}

const KINDS = 'Blueprint or ActionSet (apiVersion cr.kanister.io/v1alpha1)';

export function loadKanisterDocuments(text: string, file: string): LoadResult {
  const parsed = parseYamlSource(text, file);
  const result: LoadResult = { blueprints: [], actionSets: [], diagnostics: [...parsed.diagnostics] };
  for (const doc of parsed.documents) {
    const kind = kindOf(doc.value);
    if (kind === 'Blueprint') {
      const r = parseWith(doc, blueprintSchema, blueprintKeys);
      if (r.ok) result.blueprints.push({ value: r.value, source: doc });
      else result.diagnostics.push(...r.diagnostics);
    } else if (kind === 'ActionSet') {
      const r = parseWith(doc, actionSetSchema, () => []);
      if (r.ok) result.actionSets.push({ value: r.value, source: doc });
      else result.diagnostics.push(...r.diagnostics);
    } else {
      result.diagnostics.push({
        severity: 'error',
        file,
        ...doc.locate(['kind']),
        path: 'kind',
        message: kind === undefined ? 'document has no kind' : `unsupported kind "${kind}"`,
        hint: `expected a ${KINDS}`,
      });
    }
  }
  if (parsed.documents.length === 0 && parsed.diagnostics.length === 0) {
    result.diagnostics.push({
      severity: 'error',
      file,
      line: 0,
      column: 0,
      path: '',
      message: 'file holds no YAML document',
      hint: `expected a ${KINDS}`,
    });
  }
  return result;
}

function kindOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const kind = (value as Record<string, unknown>).kind;
  return typeof kind === 'string' ? kind : undefined;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };

function parseWith<S extends z.ZodType>(
  doc: SourceDocument,
  schema: S,
  knownKeys: (path: readonly PathSegment[]) => readonly string[],
): Parsed<z.infer<S>> {
  const r = schema.safeParse(doc.value, { reportInput: true });
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, diagnostics: zodIssuesToDiagnostics(doc, r.error.issues, knownKeys) };
}

const PHASE_KEYS = ['func', 'name', 'objects', 'args'];
const ACTION_KEYS = [
  'name',
  'kind',
  'configMapNames',
  'secretNames',
  'inputArtifactNames',
  'outputArtifacts',
  'phases',
  'deferPhase',
];
const OBJECT_KEYS = ['apiVersion', 'group', 'resource', 'kind', 'name', 'namespace'];

/** Field names valid at a path of a Blueprint, for "did you mean". */
function blueprintKeys(path: readonly PathSegment[]): readonly string[] {
  const p = path.map((s) => (typeof s === 'number' ? '#' : s));
  if (p.length === 0) return ['apiVersion', 'kind', 'metadata', 'actions'];
  if (p[0] !== 'actions') return [];
  if (p.length === 2) return ACTION_KEYS;
  if ((p.length === 4 && p[2] === 'phases') || (p.length === 3 && p[2] === 'deferPhase')) return PHASE_KEYS;
  if (p.at(-2) === 'objects') return OBJECT_KEYS;
  if (p.length === 4 && p[2] === 'outputArtifacts') return ['keyValue', 'kopiaSnapshot'];
  return [];
}
