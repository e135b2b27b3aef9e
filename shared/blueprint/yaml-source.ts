/**
 * YAML documents that remember where every value came from, so validation can say `file:line:column`.
 * Pure: takes text, never reads files.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { Diagnostic, PathSegment } from './diagnostics.js';

export interface SourceDocument {
  readonly file: string;
  /** 0-based index of the document in a multi-document file. */
  readonly index: number;
  readonly value: unknown;
  /** Position of the value at `path`, or of its key when `key` is set; falls back to the nearest ancestor. */
  locate(path: readonly PathSegment[], key?: boolean): { line: number; column: number };
}

export interface ParsedSource {
  readonly documents: SourceDocument[];
  readonly diagnostics: Diagnostic[];
}

export function parseYamlSource(text: string, file: string): ParsedSource {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  const diagnostics: Diagnostic[] = [];
  const documents: SourceDocument[] = [];
  list.forEach((doc, index) => {
    for (const e of [...doc.errors, ...doc.warnings]) {
      const pos = lineCounter.linePos(e.pos[0]);
      diagnostics.push({
        severity: doc.errors.includes(e) ? 'error' : 'warning',
        file,
        line: pos.line,
        column: pos.col,
        path: '',
        message: `YAML: ${firstLine(e.message)}`,
        hint: 'fix the YAML syntax at this position (indentation, quoting, a missing colon)',
      });
    }
    if (doc.errors.length > 0 || doc.contents === null) return;
    const root = doc.contents as Node;
    documents.push({
      file,
      index,
      value: doc.toJS({ maxAliasCount: 100 }),
      locate(path, key = false) {
        const offset = offsetOf(root, path, key);
        const pos = lineCounter.linePos(offset);
        return { line: pos.line, column: pos.col };
      },
    });
  });
  return { documents, diagnostics };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/** Walks as far down `path` as the document goes and returns the start offset of what it reached. */
function offsetOf(root: Node, path: readonly PathSegment[], key: boolean): number {
  let node: unknown = root;
  let offset = rangeStart(root);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return offset;
      if (last && key) return rangeStart(pair.key as Node);
      node = pair.value;
      offset = pair.value ? rangeStart(pair.value as Node) : rangeStart(pair.key as Node);
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (!item) return offset;
      node = item;
      offset = rangeStart(item as Node);
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: Node): number {
  return node.range?.[0] ?? 0;
}
