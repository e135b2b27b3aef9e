/**
 * Generates the docs' tables that restate code, so they cannot drift from it: the Kanister compatibility table in
 * README.md (every Kanister function: supported, native alternative or rejected — from the function registry and
 * `rejected.ts`), the blueprint function reference in docs/writing-blueprints.md (args and outputs from each
 * function's schema), and the per-function permissions in docs/security.md (from infra/handlers.ts).
 *
 * Each table sits between `<!-- BEGIN GENERATED <name> … -->` and `<!-- END GENERATED <name> -->`; only that text is
 * rewritten. `npx tsx scripts/gen-compat-table.ts` updates the files; `--check` only reports (exit 1 when stale).
 * test/docs/compat-table.test.ts fails when a file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type HandlerSpec, handlers } from '../infra/handlers.js';
import { FUNCTION_SPECS } from '../shared/functions/registry.js';
import { REJECTED_FUNCTIONS } from '../shared/functions/rejected.js';
import {
  acceptedArgNames,
  type FunctionSpec,
  type RejectedFunction,
  requiredArgNames,
} from '../shared/functions/types.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Which generated blocks live in which file (paths relative to the repository root). */
export const GENERATED_FILES: Readonly<Record<string, readonly BlockName[]>> = {
  'README.md': ['compat-table'],
  'docs/writing-blueprints.md': ['function-reference'],
  'docs/security.md': ['handler-permissions'],
};

export type BlockName = 'compat-table' | 'function-reference' | 'handler-permissions';

export class GeneratedBlockError extends Error {
  override readonly name = 'GeneratedBlockError';
}

const supportedNames = new Set(FUNCTION_SPECS.map((s) => s.name));

/** Kanister's status for one of its functions in Holdfast. */
export type KanisterStatus = 'supported' | 'native alternative' | 'rejected';

export interface CompatRow {
  readonly name: string;
  readonly status: KanisterStatus;
  readonly notes: string;
}

/** Every Kanister function Holdfast knows of, alphabetically: the registry's Kanister ones and the refused ones. */
export function compatRows(): CompatRow[] {
  const supported = FUNCTION_SPECS.filter((s) => s.origin === 'kanister').map(
    (s): CompatRow => ({ name: s.name, status: 'supported', notes: s.summary }),
  );
  const reasons = refusalReasons();
  const refused = REJECTED_FUNCTIONS.map(
    (r): CompatRow => ({
      name: r.name,
      status: namesSupportedFunction(r) ? 'native alternative' : 'rejected',
      notes: `Instead: ${r.alternative} (reason ${reasons.indexOf(r.reason) + 1}).`,
    }),
  );
  return [...supported, ...refused].sort((a, b) => a.name.localeCompare(b.name));
}

/** The distinct reasons for refusing Kanister functions, numbered from 1 in the table. */
export function refusalReasons(): string[] {
  return [...new Set(REJECTED_FUNCTIONS.map((r) => r.reason))];
}

/** A refusal whose alternative names a function Holdfast runs offers a native alternative; otherwise it is rejected. */
function namesSupportedFunction(r: RejectedFunction): boolean {
  return functionNamesIn(r.alternative).some((n) => supportedNames.has(n));
}

function functionNamesIn(text: string): string[] {
  return text.match(/\b[A-Z][a-z]+(?:[A-Z][A-Za-z0-9]*)+\b/g) ?? [];
}

const STATUS_LABEL: Record<KanisterStatus, string> = {
  supported: '✅ supported',
  'native alternative': '↪️ native alternative',
  rejected: '⛔ rejected',
};

function compatTable(): string {
  const rows = compatRows();
  const count = (s: KanisterStatus) => rows.filter((r) => r.status === s).length;
  const own = FUNCTION_SPECS.filter((s) => s.origin === 'holdfast');
  return [
    `${rows.length} Kanister functions: ${count('supported')} supported as they are, ` +
      `${count('native alternative')} refused with a native alternative, ${count('rejected')} refused because ` +
      'Holdfast does that job itself or has no use for it. A refused function fails `holdfast validate` with the ' +
      'reason and the alternative.',
    '',
    '| Kanister function | In Holdfast | Notes |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| \`${r.name}\` | ${STATUS_LABEL[r.status]} | ${cell(codeNames(r.notes))} |`),
    '',
    'Reasons for refusing:',
    '',
    ...refusalReasons().map((reason, i) => `${i + 1}. ${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`),
    '',
    `Holdfast's own functions (${own.length}), for jobs Kanister does with its in-cluster data mover, or not at all:`,
    '',
    '| Function | What it does |',
    '| --- | --- |',
    ...own.map((s) => `| \`${s.name}\` | ${cell(s.summary)} |`),
  ].join('\n');
}

function functionReference(): string {
  const row = (s: FunctionSpec) => {
    const required = new Set(requiredArgNames(s));
    const args = acceptedArgNames(s)
      .map((a) => (required.has(a) ? `**\`${a}\`**` : `\`${a}\``))
      .join(', ');
    const outputs = [
      ...s.outputs.map((o) => `\`${o}\``),
      ...(s.markerOutputs ? ['any key the command prints as an output marker'] : []),
    ];
    const raw = s.rawArgs?.length ? ` Unrendered (evaluated by the function): ${s.rawArgs.join(', ')}.` : '';
    return `| \`${s.name}\` | ${s.origin} | ${cell(s.summary + raw)} | ${args || '—'} | ${cell(outputs.join(', ')) || '—'} |`;
  };
  return [
    'Required args in **bold**; outputs are read as `.Phases.<phase name>.Output.<key>`.',
    '',
    '| Function | From | What it does | Args | Outputs |',
    '| --- | --- | --- | --- | --- |',
    ...FUNCTION_SPECS.map(row),
  ].join('\n');
}

function handlerPermissions(): string {
  const row = (h: HandlerSpec) => {
    const n = h.needs;
    const may = [
      n.table ? `table ${n.table}` : '',
      n.bus ? 'put events on the bus' : '',
      n.artifacts ? `artifacts ${n.artifacts}` : '',
      n.cluster ? `cluster ${n.cluster}` : '',
      n.rds?.length ? `RDS ${n.rds.join(', ')}` : '',
      n.invokes?.length ? `invoke ${n.invokes.join(', ')}` : '',
      n.durableCallbacks ? 'complete durable callbacks' : '',
      n.durableExecutions ? 'read durable executions' : '',
      n.secrets ? 'read notification secrets' : '',
    ].filter((x) => x !== '');
    const kind = h.durable ? 'durable' : 'standard';
    return `| \`${h.name}\` | ${kind} | ${cell(h.description)} | ${cell(may.join('; '))} |`;
  };
  return [
    '| Function | Kind | Does | May (and nothing else) |',
    '| --- | --- | --- | --- |',
    ...handlers.map(row),
  ].join('\n');
}

/** Table cells hold one line; a `|` would end the cell. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** Puts the names of functions Holdfast runs in code spans. */
function codeNames(text: string): string {
  return text.replace(/\b[A-Z][a-z]+(?:[A-Z][A-Za-z0-9]*)+\b/g, (n) => (supportedNames.has(n) ? `\`${n}\`` : n));
}

const GENERATORS: Record<BlockName, () => string> = {
  'compat-table': compatTable,
  'function-reference': functionReference,
  'handler-permissions': handlerPermissions,
};

export function generateBlock(name: BlockName): string {
  return GENERATORS[name]();
}

/** `text` with each named block's content regenerated; throws when a block's markers are missing. */
export function applyBlocks(text: string, names: readonly BlockName[], file = 'the file'): string {
  let out = text;
  for (const name of names) {
    const begin = new RegExp(`<!-- BEGIN GENERATED ${name}\\b[^>]*-->\\n`);
    const end = `<!-- END GENERATED ${name} -->`;
    const b = begin.exec(out);
    const e = out.indexOf(end);
    if (!b || e < b.index) {
      throw new GeneratedBlockError(`${file} has no "<!-- BEGIN GENERATED ${name} … -->" … "${end}" pair`);
    }
    const start = b.index + b[0].length;
    out = `${out.slice(0, start)}${generateBlock(name)}\n${out.slice(e)}`;
  }
  return out;
}

/** Files whose generated blocks differ from what the code says now. */
export function staleFiles(root = repoRoot): string[] {
  return Object.entries(GENERATED_FILES)
    .filter(([file, names]) => {
      const text = readFileSync(join(root, file), 'utf8');
      return applyBlocks(text, names, file) !== text;
    })
    .map(([file]) => file);
}

function main(argv: readonly string[]): number {
  if (argv.includes('--check')) {
    const stale = staleFiles();
    for (const f of stale)
      console.error(`${f}: generated tables are out of date; run npx tsx scripts/gen-compat-table.ts`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const [file, names] of Object.entries(GENERATED_FILES)) {
    const path = join(repoRoot, file);
    const text = readFileSync(path, 'utf8');
    const next = applyBlocks(text, names, file);
    if (next !== text) writeFileSync(path, next);
    console.log(`${next === text ? 'up to date' : 'updated   '} ${file}`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
