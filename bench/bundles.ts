/**
 * Issue 6: each function bundled the way the stack bundles it (infra/bundling.ts: ESM, node22, minified, AWS SDK
 * included), its size, and the time a fresh Node 22 process takes to import it (the cold-start share Holdfast owns).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REQUIRE_SHIM } from '../infra/bundling.js';
import type { BenchRow } from './report.js';

export async function bundleBench(): Promise<BenchRow[]> {
  const out = mkdtempSync(join(tmpdir(), 'holdfast-bench-bundles-'));
  const entries = readdirSync('functions').filter((f) => f.endsWith('.ts'));
  const rows: BenchRow[] = [];
  for (const entry of entries) {
    const name = entry.replace(/\.ts$/, '');
    const file = join(out, `${name}.mjs`);
    await build({
      entryPoints: [join('functions', entry)],
      outfile: file,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      mainFields: ['module', 'main'],
      banner: { js: REQUIRE_SHIM },
      logLevel: 'error',
    });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
      times.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script]).toString().trim()));
    }
    rows.push({ name: `bundle: ${name} size`, value: statSync(file).size / 1024, unit: 'KiB' });
    rows.push({
      name: `bundle: ${name} import time (median of 3)`,
      value: times.sort((a, b) => a - b)[1] ?? 0,
      unit: 'ms',
    });
  }
  return rows;
}
