/**
 * Where local commands find policies and blueprints: the `--config` paths (files or directories, repeatable), else
 * `policies/` and `blueprints/` in the working directory; a file named with `--policy`/`--blueprint` is added. Read
 * with the same validating ConfigSource the Lambda functions use.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Logger } from '../shared/blueprint/run-context.js';
import { validationPorts } from '../shared/engine/validation-ports.js';
import { ConfigSource, type YamlFiles } from '../shared/runtime/config-sources.js';
import { expandYamlPaths } from './files.js';

export const DEFAULT_CONFIG_DIRS = ['policies', 'blueprints'];

/** Absolute config paths: the given ones, else the default directories that exist. */
export function configPaths(given: readonly string[], extra: readonly (string | undefined)[] = []): string[] {
  const base = given.length > 0 ? given : DEFAULT_CONFIG_DIRS.filter((d) => existsSync(d));
  const files = extra.filter((f): f is string => f !== undefined && /\.ya?ml$/.test(f) && existsSync(f));
  return [...new Set([...base, ...files].map((p) => resolve(p)))];
}

export function pathYamlFiles(paths: readonly string[]): YamlFiles {
  return {
    async readAll() {
      const out = new Map<string, string>();
      for (const file of await expandYamlPaths(paths)) out.set(file, await readFile(file, 'utf8'));
      return out;
    },
  };
}

export function configSource(paths: readonly string[], log: Logger): ConfigSource {
  return new ConfigSource(pathYamlFiles(paths), validationPorts(), log);
}
