#!/usr/bin/env node
// Launcher for the `holdfast` command: runs the TypeScript CLI through tsx on Node 22 (the project's pinned Node,
// re-executed from node_modules when the caller's node is older).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  const node22 = join(root, 'node_modules', '.bin', 'node');
  if (!existsSync(node22)) {
    process.stderr.write('holdfast: needs Node 22 or later; run `npm install` in the Holdfast checkout first\n');
    process.exit(3);
  }
  const r = spawnSync(node22, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const { register } = await import('tsx/esm/api');
register();
await import(pathToFileURL(join(root, 'cli', 'run.ts')).href);
