/**
 * The checks behind test/docs/examples.test.ts: which Markdown files are docs, which of their blocks must be tested,
 * and how each tagged block is checked — a `holdfast` command run in-process through the CLI, a Policy or Blueprint
 * validated as `holdfast` would, a console request or bus event parsed with its schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main } from '../../cli/main.js';
import { holdfastEventSchema } from '../../events/holdfast.js';
import { type Diagnostic, formatDiagnostic } from '../../shared/blueprint/diagnostics.js';
import { loadKanisterDocuments } from '../../shared/blueprint/load.js';
import { validateBlueprint } from '../../shared/blueprint/validate.js';
import { validationPorts } from '../../shared/engine/validation-ports.js';
import { loadPolicies } from '../../shared/policy/load.js';
import { invokeRequestSchema } from '../../shared/runtime/invoke.js';
import { repoRoot } from '../support/cli.js';
import { type FencedBlock, fencedBlocks } from './markdown.js';

/** README.md and every page under docs/, relative to the repository root. */
export function docFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) return walk(path);
      return e.name.endsWith('.md') ? [path] : [];
    });
  return ['README.md', ...walk('docs')].sort();
}

export function blocksOf(file: string): FencedBlock[] {
  return fencedBlocks(readFileSync(join(repoRoot, file), 'utf8'), file);
}

/**
 * Pages (and README sections) written by other hands, whose untagged code blocks this test leaves alone. Their tagged
 * blocks are still run.
 */
const UNGUARDED_FILES = new Set(['docs/deploy.md', 'docs/security/cdk-nag.md']);
const UNGUARDED_README_SECTIONS = new Set(['The `holdfast` command']);
const GUARDED_LANGS = new Set(['sh', 'bash', 'shell', 'console', 'yaml', 'yml', 'json', 'ts', 'typescript']);

/** A code block a reader could copy that no check covers: it must carry a `holdfast-*` tag. */
export function isUncheckedCode(block: FencedBlock): boolean {
  if (UNGUARDED_FILES.has(block.file)) return false;
  if (block.file === 'README.md' && UNGUARDED_README_SECTIONS.has(block.section)) return false;
  return GUARDED_LANGS.has(block.lang) && !block.tags.some((t) => t.startsWith('holdfast-'));
}

export const where = (b: FencedBlock) => `${b.file}:${b.line}`;

export interface CliResult {
  readonly code: number;
  /** stdout and stderr in the order the command wrote them, as a terminal shows them. */
  readonly output: string;
}

/** Runs `holdfast <args>` in-process, from the repository root (doc paths are relative to it). */
export async function runHoldfast(args: readonly string[]): Promise<CliResult> {
  let output = '';
  const write = (t: string) => {
    output += t;
  };
  const cwd = process.cwd();
  // vitest runs from the repository root; changing directory is only needed (and, in worker threads, only allowed)
  // when it does not.
  if (cwd !== repoRoot) process.chdir(repoRoot);
  try {
    const code = await main(args, { stdout: write, stderr: write });
    return { code, output };
  } finally {
    if (process.cwd() !== cwd) process.chdir(cwd);
  }
}

/** `npx holdfast a b` / `holdfast a b` → `[a, b]`. */
export function holdfastArgs(words: readonly string[], at: string): string[] {
  const start = words[0] === 'npx' ? 1 : 0;
  if (words[start] !== 'holdfast') {
    throw new Error(`${at}: a holdfast-example runs holdfast commands only, not "${words.join(' ')}"`);
  }
  return words.slice(start + 1);
}

const errorsOnly = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error').map(formatDiagnostic);

/** Problems of a Policy document block, as `holdfast` reports them. */
export function policyProblems(text: string, label: string): string[] {
  const loaded = loadPolicies(text, label);
  if (loaded.policies.length === 0 && loaded.diagnostics.length === 0) return [`${label}: holds no Policy`];
  return errorsOnly(loaded.diagnostics);
}

/** A policy every `holdfast-policy-spec` fragment is laid over: its top-level keys replace the spec's. */
const BASE_POLICY = {
  apiVersion: 'holdfast.io/v1alpha1',
  kind: 'Policy',
  metadata: { name: 'docs-fragment' },
  spec: {
    subjects: { clusters: [{ name: 'demo-eks', region: 'us-west-2' }], namespaces: { names: ['shop'] } },
    capture: { manifests: {} },
    retention: { daily: 7 },
  },
};

export function policySpecProblems(text: string, label: string): string[] {
  const fragment = parse(text) as Record<string, unknown> | null;
  if (fragment === null || typeof fragment !== 'object') return [`${label}: a spec fragment must be a YAML mapping`];
  const policy = { ...BASE_POLICY, spec: { ...BASE_POLICY.spec, ...fragment } };
  return policyProblems(JSON.stringify(policy), label);
}

/** Problems of a Blueprint (or ActionSet) block, as `holdfast validate` reports them. */
export function kanisterProblems(text: string, label: string): string[] {
  const loaded = loadKanisterDocuments(text, label);
  if (loaded.blueprints.length + loaded.actionSets.length === 0 && loaded.diagnostics.length === 0) {
    return [`${label}: holds no Blueprint or ActionSet`];
  }
  const ports = validationPorts();
  return errorsOnly([...loaded.diagnostics, ...loaded.blueprints.flatMap((bp) => validateBlueprint(bp, ports))]);
}

export function schemaProblems(kind: 'invoke' | 'event', text: string, label: string): string[] {
  const schema = kind === 'invoke' ? invokeRequestSchema : holdfastEventSchema;
  const result = schema.safeParse(JSON.parse(text));
  return result.success ? [] : result.error.issues.map((i) => `${label}: ${i.path.join('.')}: ${i.message}`);
}

/** The text of `file=` blocks must be that file's content, so the docs show what the commands read. */
export function fileMismatch(block: FencedBlock): string | undefined {
  const file = block.attrs.file;
  if (!file) return undefined;
  const content = readFileSync(join(repoRoot, file), 'utf8');
  return content === block.text ? undefined : `${where(block)} differs from ${file}`;
}
