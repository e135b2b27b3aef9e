/**
 * The shared Kanister render cases (`../shared/kanister-render-cases.json`, beside the repo) and Kanister's
 * `param.render` walk over them: a case's template is a string, or a list/map whose strings (map keys too) are
 * each rendered while other scalars pass through unchanged.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

export const renderCasesPath = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'shared',
  'kanister-render-cases.json',
);

export type ArgTree = string | number | boolean | null | ArgTree[] | { [key: string]: ArgTree };

const argTree: z.ZodType<ArgTree> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(argTree), z.record(z.string(), argTree)]),
);

const renderCaseSchema = z.object({
  id: z.string(),
  template: argTree,
  params: z.record(z.string(), z.unknown()),
  expected: argTree,
  error: z.boolean(),
  errorMessage: z.string().optional(),
  note: z.string().optional(),
  source: z.string(),
});

export type RenderCase = z.infer<typeof renderCaseSchema>;

export function loadRenderCases(): RenderCase[] {
  return z.array(renderCaseSchema).parse(JSON.parse(readFileSync(renderCasesPath, 'utf8')));
}

/** A render of one string: its output, or the error message Kanister would surface. */
export type StringRender = { ok: true; output: string } | { ok: false; message: string };

/** The result of walking a whole case template: the rendered tree, or the first error (Kanister stops there). */
export type TreeRender = { ok: true; value: ArgTree } | { ok: false; message: string };

class RenderStop extends Error {
  constructor(readonly renderMessage: string) {
    super(renderMessage);
  }
}

async function walk(tree: ArgTree, render: (text: string) => Promise<StringRender>): Promise<ArgTree> {
  const one = async (text: string): Promise<string> => {
    const r = await render(text);
    if (!r.ok) throw new RenderStop(r.message);
    return r.output;
  };
  if (typeof tree === 'string') return one(tree);
  if (Array.isArray(tree)) {
    const out: ArgTree[] = [];
    for (const item of tree) out.push(await walk(item, render));
    return out;
  }
  if (tree !== null && typeof tree === 'object') {
    const out: Record<string, ArgTree> = {};
    for (const [k, v] of Object.entries(tree)) out[await one(k)] = await walk(v, render);
    return out;
  }
  return tree;
}

export async function renderTree(tree: ArgTree, render: (text: string) => Promise<StringRender>): Promise<TreeRender> {
  try {
    return { ok: true, value: await walk(tree, render) };
  } catch (err) {
    if (err instanceof RenderStop) return { ok: false, message: err.renderMessage };
    throw err;
  }
}

/** Whether a tree render is what the case expects (the same value, or an error with the case's message if given). */
export function matchesCase(c: RenderCase, r: TreeRender): boolean {
  if (c.error) return !r.ok && (c.errorMessage === undefined || r.message === c.errorMessage);
  return r.ok && isDeepStrictEqual(r.value, c.expected);
}
