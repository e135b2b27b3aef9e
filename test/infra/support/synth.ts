/**
 * Synthesizes the Holdfast app the way `cdk synth` does, without the CLI: the example config (or a variant of it),
 * the repository's policies, cdk-nag on. Handlers whose file does not exist yet are stood in for by a stub, so the
 * security properties can be checked before every handler lands (handlers.test.ts reports the missing ones).
 * Bundling is skipped unless asked for: the templates do not depend on it, and it is slow.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { config as exampleConfig } from '../../../holdfast.config.example.js';
import { type HoldfastConfig, type HoldfastConfigInput, holdfastConfigSchema } from '../../../infra/config.js';
import { type HandlerName, handlers } from '../../../infra/handlers.js';
import { buildHoldfastApp, type HoldfastStacks } from '../../../infra/holdfast-app.js';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const STUB_HANDLER = join(projectRoot, 'test/infra/support/stub-handler.ts');

export interface SynthOptions {
  /** Changes to the example config (a deep copy is passed in). */
  readonly configure?: (config: HoldfastConfigInput) => void;
  readonly bundle?: boolean;
  readonly nag?: boolean;
}

export interface Synthesized {
  readonly config: HoldfastConfig;
  readonly stacks: HoldfastStacks;
  readonly assembly: CloudAssembly;
  readonly outdir: string;
  template(stackName: string): Template;
  /** The policy validation report (cdk-nag), when nag ran. */
  readonly report?: ValidationReport;
  cleanup(): void;
}

export interface ValidationReport {
  readonly pluginReports: {
    readonly pluginName: string;
    readonly conclusion: string;
    readonly violations: { readonly ruleName: string }[];
    readonly suppressedViolations?: { readonly ruleName: string; readonly reason: string }[];
  }[];
}

export function exampleConfigInput(): HoldfastConfigInput {
  return structuredClone(exampleConfig);
}

/** Handlers without an entry file yet, mapped to the stub. */
export function stubEntries(): Partial<Record<HandlerName, string>> {
  return Object.fromEntries(
    handlers.filter((h) => !existsSync(join(projectRoot, h.entry))).map((h) => [h.name, STUB_HANDLER]),
  );
}

export function synthHoldfast(opts: SynthOptions = {}): Synthesized {
  const input = exampleConfigInput();
  opts.configure?.(input);
  const config = holdfastConfigSchema.parse(input);
  const outdir = mkdtempSync(join(tmpdir(), 'holdfast-synth-'));
  // Asset metadata (as the CLI sets it) lets tests find each function's bundle directory.
  const context = opts.bundle ? { 'aws:cdk:enable-asset-metadata': true } : { 'aws:cdk:bundling-stacks': [] };
  const app = new App({ outdir, context });
  const stacks = buildHoldfastApp({ app, config, projectRoot, entries: stubEntries(), nag: opts.nag ?? true });
  const assembly = app.synth();
  const reportFile = join(outdir, 'validation-report.json');
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as ValidationReport)
    : undefined;
  const templates = new Map<string, Template>();
  return {
    config,
    stacks,
    assembly,
    outdir,
    ...(report ? { report } : {}),
    template(stackName: string): Template {
      let t = templates.get(stackName);
      if (!t) {
        t = Template.fromJSON(assembly.getStackByName(stackName).template as Record<string, unknown>);
        templates.set(stackName, t);
      }
      return t;
    },
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
