/**
 * Reading the files a user names: one clear error when a file is missing or unreadable, and directories expanded
 * to the YAML files in them (sorted, so output is stable).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from './errors.js';

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(code ?? err);
    throw new CliError(`${path}: cannot read (${why})`);
  }
}

/** Files and directories to YAML files; a directory contributes its *.yaml / *.yml files, recursively. */
export async function expandYamlPaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(p);
    } catch {
      throw new CliError(`${p}: no such file or directory`);
    }
    if (info.isDirectory()) {
      const entries = (await readdir(p, { recursive: true })).filter((f) => /\.ya?ml$/.test(f)).sort();
      out.push(...entries.map((e) => join(p, e)));
    } else {
      out.push(p);
    }
  }
  return out;
}
