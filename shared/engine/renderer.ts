/**
 * Rendering with Kanister's semantics for the interpreter and the CLI: params (Go field names) are converted to Go
 * values once per snapshot, every template is parsed once (cached) and executed with missingkey=error.
 */
import type { ParamsObject } from '../blueprint/interpreter.js';
import type { RenderFn } from '../blueprint/render-args.js';
import {
  ParamsError,
  type TemplateParamsInput,
  templateParams,
  templateParamsFromJSON,
} from '../blueprint/template/params.js';
import { renderTemplate, TemplateError } from '../blueprint/template/render.js';
import { kanisterFuncs } from './kanister-funcs.js';

export function createRenderer(): (params: ParamsObject) => RenderFn {
  const funcs = kanisterFuncs();
  return (params) => {
    const value = templateParams(params as TemplateParamsInput);
    return (text) => renderTemplate(text, value, funcs);
  };
}

export type StandaloneResult = { ok: true; output: string } | { ok: false; error: string };

/** One template against TemplateParams JSON text; every failure is a one-line message, never a throw. */
export function renderStandalone(template: string, paramsJson: string, paramsLabel: string): StandaloneResult {
  let params: ReturnType<typeof templateParamsFromJSON>;
  try {
    params = templateParamsFromJSON(paramsJson);
  } catch (err) {
    if (err instanceof ParamsError || err instanceof SyntaxError) {
      return { ok: false, error: `${paramsLabel}: invalid TemplateParams JSON: ${err.message}` };
    }
    throw err;
  }
  try {
    return { ok: true, output: renderTemplate(template, params, kanisterFuncs()) };
  } catch (err) {
    if (err instanceof TemplateError) return { ok: false, error: err.message };
    throw err;
  }
}
