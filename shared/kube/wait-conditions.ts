/**
 * Kanister's Wait and WaitV2 conditions (`pkg/function/wait.go`, `waitv2.go`). Each condition's objectReference
 * is rendered with the phase's template parameters and the object fetched; then
 * - Wait: every `{$.jsonpath}` placeholder is replaced by kubectl's JSONPath output for the object, and the result
 *   is executed as a Go template (Kanister's sprig, no data);
 * - WaitV2: the condition is a Go template executed against the object, as kubectl's `-o go-template` printer
 *   does (numbers are float64; functions `exists` and `base64decode`; a template that does not parse is false).
 * A condition holds when the output, trimmed, is `true`. Polling follows Kanister's `waitForCondition`: anyOf
 * succeeds on the first true condition, allOf when all hold; an evaluation error counts as "not yet" and is
 * reported if the wait times out.
 */
import type { RenderFn } from '../blueprint/render-args.js';
import type { Logger } from '../blueprint/run-context.js';
import { decodeBase64Std } from '../blueprint/template/base64.js';
import { withBuiltins } from '../blueprint/template/builtins.js';
import type { FuncMap } from '../blueprint/template/funcs.js';
import { executeTemplate, parseTemplate, renderTemplate } from '../blueprint/template/render.js';
import { fn, goError } from '../blueprint/template/sprig/define.js';
import { GoMap, GoSlice, type GoValue, T } from '../blueprint/template/values.js';
import { kanisterFuncs } from '../engine/kanister-funcs.js';
import { type KubeApis, sleep } from './api.js';
import { WaitConditionError } from './errors.js';
import { jsonPathText } from './jsonpath.js';
import { fetchObject, type ObjectRef, type Unstructured } from './object-fetch.js';

export interface WaitCondition {
  readonly condition: string;
  readonly objectReference: Readonly<Record<keyof Required<ObjectRef>, string>>;
}

export interface WaitConditions {
  readonly anyOf: readonly WaitCondition[];
  readonly allOf: readonly WaitCondition[];
}

export type ConditionStyle = 'Wait' | 'WaitV2';

export interface WaitRequest {
  readonly style: ConditionStyle;
  readonly conditions: WaitConditions;
  readonly timeoutMs: number;
  /** Renders the (unrendered) objectReference fields with the phase's template parameters. */
  readonly render: RenderFn;
  readonly log?: Logger;
}

export async function waitForConditions(apis: KubeApis, req: WaitRequest): Promise<void> {
  const deadline = Date.now() + req.timeoutMs;
  let lastError: Error | undefined;
  const evaluate = async (cond: WaitCondition): Promise<boolean | undefined> => {
    try {
      const ok = await evaluateCondition(apis, req, cond);
      lastError = undefined;
      return ok;
    } catch (error) {
      if (apis.signal.aborted) throw error;
      lastError = error as Error;
      req.log?.debug('Failed to evaluate the condition', { error: lastError.message });
      return undefined;
    }
  };
  for (let interval = 500; ; interval = Math.min(interval * 2, 5000)) {
    if (await conditionsMet(req.conditions, evaluate)) return;
    if (Date.now() >= deadline) {
      const base = `Failed to wait for the condition to be met: timed out after ${req.timeoutMs / 1000}s`;
      throw new WaitConditionError(lastError ? `${lastError.message}: ${base}` : base, { cause: lastError });
    }
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), apis.signal);
  }
}

/** One poll of Kanister's loop: an error (undefined) means "not yet". */
async function conditionsMet(
  conditions: WaitConditions,
  evaluate: (cond: WaitCondition) => Promise<boolean | undefined>,
): Promise<boolean> {
  for (const cond of conditions.anyOf) {
    const result = await evaluate(cond);
    if (result === undefined) return false;
    if (result) return true;
  }
  if (conditions.allOf.length === 0) return false;
  for (const cond of conditions.allOf) {
    if ((await evaluate(cond)) !== true) return false;
  }
  return true;
}

async function evaluateCondition(apis: KubeApis, req: WaitRequest, cond: WaitCondition): Promise<boolean> {
  const ref = cond.objectReference;
  const rendered: ObjectRef = {
    apiVersion: req.render(ref.apiVersion),
    group: req.render(ref.group),
    resource: req.render(ref.resource),
    kind: req.render(ref.kind),
    name: req.render(ref.name),
    namespace: req.render(ref.namespace),
  };
  const object = await fetchObject(apis, rendered);
  const output = req.style === 'Wait' ? evaluateWait(object, cond.condition) : evaluateWaitV2(object, cond.condition);
  return output.trim() === 'true';
}

/** `{ $.path }` placeholders, as Kanister's `jsonpath.FindJsonpathArgs` finds them. */
const PLACEHOLDER = /\{\s*\$([^}]*)/g;

export function evaluateWait(object: Unstructured, condition: string): string {
  let resolved = condition;
  for (const match of condition.matchAll(PLACEHOLDER)) {
    const value = jsonPathText(object, `{${(match[1] ?? '').trim()}}`);
    resolved = resolved.replaceAll(`${match[0]}}`, value);
  }
  return renderTemplate(resolved, null, kanisterFuncs());
}

export function evaluateWaitV2(object: Unstructured, condition: string): string {
  let parsed: ReturnType<typeof parseTemplate>;
  try {
    parsed = parseTemplate(condition, printerFuncs());
  } catch {
    return ''; // kubectl's printer fails to build, and Kanister treats that as an empty (false) result
  }
  return executeTemplate(parsed, toGoJson(object));
}

/** The object as `json.Unmarshal` into `interface{}` gives it to kubectl's printer: every number a float64. */
export function toGoJson(value: unknown): GoValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (Array.isArray(value)) return new GoSlice(T.iface, value.map(toGoJson));
  const entries = new Map<string, GoValue>();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) entries.set(k, toGoJson(v));
  return new GoMap(T.iface, entries);
}

let printer: FuncMap | undefined;

/** kubectl's go-template functions (`k8s.io/cli-runtime/pkg/printers/template.go`). */
function printerFuncs(): FuncMap {
  printer ??= withBuiltins(
    new Map([
      ['exists', fn([T.iface], T.bool, ([item, ...indices]) => exists(item ?? null, indices), T.iface)],
      [
        'base64decode',
        fn([T.string], T.string, ([v]) => {
          try {
            return Buffer.from(decodeBase64Std(typeof v === 'string' ? v : '')).toString('utf8');
          } catch (error) {
            return goError(`base64 decode failed: ${(error as Error).message}`);
          }
        }),
      ],
    ]),
  );
  return printer;
}

function exists(item: GoValue, indices: GoValue[]): boolean {
  let v: GoValue | undefined = item;
  for (const index of indices) {
    if (v === null || v === undefined) return false;
    if (v instanceof GoSlice || typeof v === 'string') {
      if (typeof index !== 'bigint') return false;
      const length = v instanceof GoSlice ? (v.items?.length ?? 0) : Buffer.byteLength(v);
      if (index < 0n || index >= BigInt(length)) return false;
      // A byte of a string is never nil; only its presence matters here.
      v = v instanceof GoSlice ? v.items?.[Number(index)] : '';
    } else if (v instanceof GoMap) {
      if (typeof index !== 'string') return false;
      v = v.entries?.get(index) ?? null;
    } else return false;
  }
  return v !== null && v !== undefined;
}
