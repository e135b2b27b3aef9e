/**
 * The TypeScript engine under test, called the way Holdfast renders a Kanister template: params decoded from JSON
 * text, Kanister's sprig map (the engine adds Go's builtins itself).
 */
import { templateParamsFromJSON } from '../../../shared/blueprint/template/params.js';
import { renderTemplate, TemplateError } from '../../../shared/blueprint/template/render.js';
import { nonDeterministicFuncs, sprigFuncs } from '../../../shared/blueprint/template/sprig/index.js';

export { nonDeterministicFuncs };

export type EngineResult =
  | { readonly ok: true; readonly output: string }
  | { readonly ok: false; readonly phase: 'parse' | 'exec'; readonly message: string; readonly goMessage: string }
  /** Params that did not decode, or any exception other than TemplateError (an engine bug). */
  | { readonly ok: false; readonly phase: 'params' | 'threw'; readonly message: string; readonly goMessage: string };

export function renderWithEngine(template: string, paramsJson: string): EngineResult {
  let params: ReturnType<typeof templateParamsFromJSON>;
  try {
    params = templateParamsFromJSON(paramsJson);
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { ok: false, phase: 'params', message, goMessage: message };
  }
  try {
    return { ok: true, output: renderTemplate(template, params, sprigFuncs) };
  } catch (err) {
    if (err instanceof TemplateError) {
      return { ok: false, phase: err.phase, message: err.message, goMessage: err.goMessage };
    }
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { ok: false, phase: 'threw', message, goMessage: message };
  }
}
