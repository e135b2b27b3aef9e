/**
 * The docs' examples cannot rot: every tagged code block in README.md and docs/ is checked against the code.
 *
 *   ```sh holdfast-example [exit=N]   each `holdfast …` command runs in-process through the CLI; exit code N (0)
 *   ```text holdfast-output           right after an example: what it prints (`...` stands for any lines)
 *   ```yaml holdfast-policy           validates as a Policy;  holdfast-policy-spec: a spec fragment over a base policy
 *   ```yaml holdfast-blueprint        validates as Kanister Blueprints / ActionSets, as `holdfast validate` does
 *   ```json holdfast-invoke           parses as an `invoke` request; holdfast-event: as an event on the Holdfast bus
 *   ```ts holdfast-webhook-verifier   the documented receiver code accepts Holdfast's signature and refuses forgeries
 *   ```… holdfast-untested            shown for reference only (AWS CLI, CDK): the one way to opt out
 *   file=PATH                         on any block: its text is exactly that file's content
 *
 * Also: no unchecked code block in pages this test guards, and every relative link points at a file that exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../shared/notify/webhook.js';
import { repoRoot } from '../support/cli.js';
import {
  blocksOf,
  docFiles,
  fileMismatch,
  holdfastArgs,
  isUncheckedCode,
  kanisterProblems,
  policyProblems,
  policySpecProblems,
  runHoldfast,
  schemaProblems,
  where,
} from './doc-checks.js';
import { type FencedBlock, headingAnchors, outputMatches, relativeLinks, shellCommands } from './markdown.js';

const files = docFiles();
const blocks = files.flatMap(blocksOf);
const tagged = (tag: string) => blocks.filter((b) => b.tags.includes(tag));
const cases = (tag: string) => tagged(tag).map((b) => [where(b), b] as const);

/** The output block documented right after an example, if any. */
function documentedOutput(example: FencedBlock): FencedBlock | undefined {
  const next = blocks[blocks.indexOf(example) + 1];
  return next && next.file === example.file && next.tags.includes('holdfast-output') ? next : undefined;
}

describe('holdfast commands in the docs', () => {
  it('the docs have runnable examples', () => {
    expect(tagged('holdfast-example').length).toBeGreaterThanOrEqual(5);
  });

  it.each(cases('holdfast-example'))('%s runs as documented', async (at, block) => {
    const commands = shellCommands(block.text).map((words) => holdfastArgs(words, at));
    const expected = block.attrs.exit === undefined ? 0 : Number(block.attrs.exit);
    const output = documentedOutput(block);
    if (output) expect(commands, `${at}: an example with documented output holds one command`).toHaveLength(1);
    for (const args of commands) {
      const result = await runHoldfast(args);
      expect(result.code, `${at}: holdfast ${args.join(' ')}\n${result.output}`).toBe(expected);
      if (output) {
        expect(outputMatches(output.text, result.output), `${where(output)}: documented output\n${result.output}`).toBe(
          true,
        );
      }
    }
  });

  it('every holdfast-output block follows an example', () => {
    for (const out of tagged('holdfast-output')) {
      const before = blocks[blocks.indexOf(out) - 1];
      expect(before?.tags.includes('holdfast-example') && before.file === out.file, where(out)).toBe(true);
    }
  });
});

describe('YAML and JSON in the docs', () => {
  it.each(cases('holdfast-policy'))('%s is a valid Policy', (at, block) => {
    expect(policyProblems(block.text, at)).toEqual([]);
  });

  it.each(cases('holdfast-policy-spec'))('%s is a valid policy spec fragment', (at, block) => {
    expect(policySpecProblems(block.text, at)).toEqual([]);
  });

  it.each(cases('holdfast-blueprint'))('%s validates as holdfast validate would', (at, block) => {
    expect(kanisterProblems(block.text, at)).toEqual([]);
  });

  it.each(cases('holdfast-invoke'))('%s is a valid invoke request', (at, block) => {
    expect(schemaProblems('invoke', block.text, at)).toEqual([]);
  });

  it.each(cases('holdfast-event'))('%s is a valid Holdfast bus event', (at, block) => {
    expect(schemaProblems('event', block.text, at)).toEqual([]);
  });

  it('blocks that show a file show it exactly', () => {
    const shown = blocks.filter((b) => b.attrs.file !== undefined);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.map(fileMismatch).filter((m) => m !== undefined)).toEqual([]);
  });
});

describe('the documented webhook verifier', () => {
  const verifiers = tagged('holdfast-webhook-verifier');

  /** Compiles the documented TypeScript and returns its `verify`. */
  async function load(block: FencedBlock) {
    const js = await transform(`${block.text}\nmodule.exports = { verify };\n`, { loader: 'ts', format: 'cjs' });
    const module = { exports: {} as { verify?: (b: Buffer, ts: string, sig: string, key: string) => boolean } };
    new Function('require', 'module', 'exports', js.code)(createRequire(import.meta.url), module, module.exports);
    if (!module.exports.verify) throw new Error(`${where(block)} defines no verify function`);
    return module.exports.verify;
  }

  it('is in the docs', () => {
    expect(verifiers.length).toBeGreaterThan(0);
  });

  it.each(verifiers.map((b) => [where(b), b] as const))('%s accepts what notify signs', async (_at, block) => {
    const verify = await load(block);
    const body = Buffer.from(JSON.stringify({ version: 1, id: 'e-1', type: 'Run Succeeded' }));
    const now = Date.now() / 1000;
    const headers = signWebhook(body, 'k3y', now);
    const ts = headers['X-Holdfast-Timestamp'] as string;
    const sig = headers['X-Holdfast-Signature'] as string;
    expect(verify(body, ts, sig, 'k3y')).toBe(true);
    expect(verify(Buffer.from(`${body.toString()} `), ts, sig, 'k3y')).toBe(false);
    expect(verify(body, ts, sig, 'other-key')).toBe(false);
    const old = signWebhook(body, 'k3y', now - 600);
    expect(verify(body, old['X-Holdfast-Timestamp'] as string, old['X-Holdfast-Signature'] as string, 'k3y')).toBe(
      false,
    );
  });
});

describe('the docs hold no unchecked code and no broken links', () => {
  it('every code block a reader could copy is checked (or marked holdfast-untested)', () => {
    expect(blocks.filter(isUncheckedCode).map(where)).toEqual([]);
  });

  it.each(files)('%s links only to files and headings that exist', (file) => {
    const broken = relativeLinks(readFileSync(join(repoRoot, file), 'utf8'))
      .filter((l) => {
        const path = l.target === '' ? join(repoRoot, file) : join(repoRoot, dirname(file), l.target);
        if (!existsSync(path)) return true;
        return l.anchor !== '' && path.endsWith('.md') && !headingAnchors(readFileSync(path, 'utf8')).has(l.anchor);
      })
      .map((l) => `${file}:${l.line} → ${l.target}${l.anchor ? `#${l.anchor}` : ''}`);
    expect(broken).toEqual([]);
  });
});
