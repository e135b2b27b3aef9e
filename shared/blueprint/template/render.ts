/**
 * The engine's public API: parse once (cached), render with Kanister's options
 * (`template.New("config").Option("missingkey=error").Funcs(funcs)`), and report errors as Kanister does.
 */
import { builtins } from './builtins.js';
import { execute, GoExecError } from './exec.js';
import type { FuncMap } from './funcs.js';
import { GoParseError, type ParsedTrees, parseTrees } from './parse.js';
import { INVALID, type RV } from './rv.js';
import { dynamicTypeOf, type GoValue } from './values.js';

/** A parse or execution failure. `goMessage` is Go's exact error text; `message` is what Kanister reports. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    readonly phase: 'parse' | 'exec',
    readonly goMessage: string,
  ) {
    super(kanisterMessage(phase, goMessage));
  }
}

const missingKeyRe = /map has no entry for key ("(?:[^"\\]|\\.)*")/;

function kanisterMessage(phase: 'parse' | 'exec', goMessage: string): string {
  if (phase === 'exec') {
    const m = missingKeyRe.exec(goMessage);
    if (m !== null) return `Failed to render template: ${m[1]} not found`;
  }
  return goMessage;
}

export interface ParsedTemplate {
  readonly trees: ParsedTrees;
  readonly funcs: FuncMap;
}

const CACHE_LIMIT = 2000;
const caches = new WeakMap<FuncMap, Map<string, ParsedTemplate | TemplateError>>();

/** Parses `text` as Go does (function names checked against `funcs` and the builtins). Cached per (text, funcs). */
export function parseTemplate(text: string, funcs: FuncMap): ParsedTemplate {
  let cache = caches.get(funcs);
  if (cache === undefined) {
    cache = new Map();
    caches.set(funcs, cache);
  }
  let entry = cache.get(text);
  if (entry !== undefined) {
    cache.delete(text);
    cache.set(text, entry);
  } else {
    try {
      entry = { trees: parseTrees(text, (name) => funcs.has(name) || builtins.has(name)), funcs };
    } catch (e) {
      if (!(e instanceof GoParseError)) throw e;
      entry = new TemplateError('parse', e.message);
    }
    cache.set(text, entry);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  if (entry instanceof TemplateError) throw new TemplateError(entry.phase, entry.goMessage);
  return entry;
}

function dataRV(params: GoValue): RV {
  const t = dynamicTypeOf(params);
  return t === null ? INVALID : { t, v: params };
}

/** Executes a parsed template with `params` as dot. Throws TemplateError. */
export function executeTemplate(tmpl: ParsedTemplate, params: GoValue): string {
  try {
    return execute(tmpl.trees, dataRV(params), tmpl.funcs, builtins);
  } catch (e) {
    if (e instanceof GoExecError) throw new TemplateError('exec', e.message);
    throw e;
  }
}

/** Renders `text` against `params` (the TemplateParams value) exactly as Go 1.19 text/template. */
export function renderTemplate(text: string, params: GoValue, funcs: FuncMap): string {
  return executeTemplate(parseTemplate(text, funcs), params);
}
