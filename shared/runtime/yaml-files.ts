/**
 * YAML files from local directories (CLI local mode, tests): every *.yaml / *.yml below the given directories.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { YamlFiles } from './config-sources.js';

export function directoryYamlFiles(dirs: readonly string[]): YamlFiles {
  return {
    async readAll() {
      const out = new Map<string, string>();
      for (const dir of dirs) {
        const names = (await readdir(dir, { recursive: true })).filter((f) => /\.ya?ml$/.test(f)).sort();
        for (const name of names) out.set(join(dir, name), await readFile(join(dir, name), 'utf8'));
      }
      return out;
    },
  };
}
