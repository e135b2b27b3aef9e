/**
 * Kanister's `param.render`: walk args, object references and artifacts, rendering every string (map keys too) as a
 * template; numbers, booleans and nulls pass through unchanged.
 */
import type { ArgValue, Artifact, ObjectReference } from './schema.js';

/** Renders one template string; throws the engine's TemplateError. */
export type RenderFn = (text: string) => string;

export function renderArgValue(value: ArgValue, render: RenderFn): ArgValue {
  if (typeof value === 'string') return render(value);
  if (Array.isArray(value)) return value.map((v) => renderArgValue(v, render));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, ArgValue> = {};
    for (const [k, v] of Object.entries(value)) out[render(k)] = renderArgValue(v, render);
    return out;
  }
  return value;
}

export function renderArgs(args: Record<string, ArgValue>, render: RenderFn): Record<string, ArgValue> {
  const out: Record<string, ArgValue> = {};
  // Kanister renders values only at the top level of args: the arg names themselves are fixed.
  for (const [k, v] of Object.entries(args)) out[k] = renderArgValue(v, render);
  return out;
}

export function renderObjectRefs(
  refs: Record<string, ObjectReference>,
  render: RenderFn,
): Record<string, ObjectReference> {
  const out: Record<string, ObjectReference> = {};
  for (const [alias, ref] of Object.entries(refs)) {
    const rendered: Record<string, string> = {};
    for (const [k, v] of Object.entries(ref)) if (v !== undefined) rendered[k] = render(v);
    out[alias] = rendered as ObjectReference;
  }
  return out;
}

export function renderArtifacts(arts: Record<string, Artifact>, render: RenderFn): Record<string, Artifact> {
  const out: Record<string, Artifact> = {};
  for (const [name, a] of Object.entries(arts)) {
    const ra: Artifact = {};
    if (a.keyValue) ra.keyValue = Object.fromEntries(Object.entries(a.keyValue).map(([k, v]) => [k, render(v)]));
    if (a.kopiaSnapshot) ra.kopiaSnapshot = render(a.kopiaSnapshot);
    out[name] = ra;
  }
  return out;
}
