/**
 * Finds and validates the deployment config. Which file: `cdk synth -c config=<path>`, else `$HOLDFAST_CONFIG`, else
 * `holdfast.config.ts` at the repository root, else the example `holdfast.config.example.ts` (so a fresh clone
 * synthesizes). A `.ts`/`.js` file exports `config`; `.json`/`.yaml` files hold the object itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { formatPath } from '../shared/blueprint/diagnostics.js';
import { type HoldfastConfig, holdfastConfigSchema } from './config.js';
import { ConfigError, type InfraProblem } from './errors.js';

export const CONFIG_FILE = 'holdfast.config.ts';
export const EXAMPLE_CONFIG_FILE = 'holdfast.config.example.ts';

export interface LoadedConfig {
  readonly config: HoldfastConfig;
  /** Absolute path of the file read. */
  readonly file: string;
  readonly isExample: boolean;
}

/** The config file to read: an explicit path wins, then the user's file, then the example. */
export function resolveConfigPath(root: string, explicit?: string): string {
  if (explicit) return isAbsolute(explicit) ? explicit : resolve(root, explicit);
  const own = resolve(root, CONFIG_FILE);
  return existsSync(own) ? own : resolve(root, EXAMPLE_CONFIG_FILE);
}

export async function loadConfig(root: string, explicit?: string): Promise<LoadedConfig> {
  const file = resolveConfigPath(root, explicit);
  const shown = relative(root, file) || file;
  if (!existsSync(file)) {
    throw new ConfigError([
      { file: shown, path: '', message: 'file not found', hint: `copy ${EXAMPLE_CONFIG_FILE} to ${CONFIG_FILE}` },
    ]);
  }
  const raw = await readRaw(file, shown);
  return { config: parseConfig(raw, shown), file, isExample: file.endsWith(EXAMPLE_CONFIG_FILE) };
}

/** Validates an already-read config object; `file` only labels the messages. */
export function parseConfig(raw: unknown, file: string): HoldfastConfig {
  const result = holdfastConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => toProblem(issue, file)));
}

async function readRaw(file: string, shown: string): Promise<unknown> {
  const ext = extname(file);
  try {
    if (ext === '.json') return JSON.parse(readFileSync(file, 'utf8'));
    if (ext === '.yaml' || ext === '.yml') return parseYaml(readFileSync(file, 'utf8'));
    const mod = (await import(pathToFileURL(file).href)) as { config?: unknown };
    if (mod.config === undefined) {
      throw new ConfigError([
        {
          file: shown,
          path: '',
          message: 'exports no `config`',
          hint: 'write export const config = defineConfig({…})',
        },
      ]);
    }
    return mod.config;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([{ file: shown, path: '', message: `cannot be read: ${(error as Error).message}` }], {
      cause: error,
    });
  }
}

function toProblem(issue: z.core.$ZodIssue, file: string): InfraProblem {
  const path = formatPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol'));
  if (issue.code === 'unrecognized_keys') {
    return {
      file,
      path,
      message: `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
      hint: 'remove or rename it',
    };
  }
  const hint = issue.code === 'custom' ? (issue.params as { hint?: string } | undefined)?.hint : undefined;
  const message =
    issue.code === 'invalid_type' && issue.input === undefined
      ? `required field is missing (${issue.expected})`
      : issue.message.replace(/^Invalid input: /, '');
  return hint ? { file, path, message, hint } : { file, path, message };
}
