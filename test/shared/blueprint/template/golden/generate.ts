/**
 * Regenerates the golden files from the Go oracle (test/oracle, Go 1.19.8 text/template with Kanister's sprig map):
 * `tsx test/shared/blueprint/template/golden/generate.ts`. Each corpus line is a JSON string: one template.
 * Renders whose Go output contains a machine address (nested pointers print as 0xc000…) are left out.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const oracle = join(dir, '..', '..', '..', '..', 'oracle', 'bin', 'oracle');
const params = JSON.parse(readFileSync(join(dir, 'params.json'), 'utf8'));

for (const name of ['exec', 'printf']) {
  const lines = readFileSync(join(dir, `corpus-${name}.txt`), 'utf8').split('\n');
  const templates = lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as string);
  const input = `${templates.map((template) => JSON.stringify({ template, params })).join('\n')}\n`;
  const res = spawnSync(oracle, [], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (res.status !== 0) throw new Error(`oracle failed: ${res.stderr}`);
  const results = res.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const golden = templates
    .map((template, i) => {
      const r = results[i];
      return r.phase === undefined
        ? { template, output: r.output as string }
        : { template, phase: r.phase as string, error: (r.goError ?? r.error) as string };
    })
    .filter((g) => !/0xc0[0-9a-f]{6}/.test(('output' in g ? g.output : g.error) ?? ''));
  writeFileSync(join(dir, `golden-${name}.json`), `${JSON.stringify(golden, null, 1)}\n`);
  console.log(`${name}: ${golden.length} of ${templates.length}`);
}

// Params decoding: [params JSON text, template] pairs, each rendered against its own params.
const pairs = JSON.parse(readFileSync(join(dir, 'corpus-params.json'), 'utf8')) as [string, string][];
const input = `${pairs.map(([p, template]) => `{"template": ${JSON.stringify(template)}, "params": ${p}}`).join('\n')}\n`;
const res = spawnSync(oracle, [], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
const results = res.stdout
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const golden = pairs.map(([params, template], i) => {
  const r = results[i];
  return r.phase === undefined
    ? { params, template, output: r.output as string }
    : { params, template, phase: r.phase as string, error: (r.goError ?? r.error) as string };
});
writeFileSync(join(dir, 'golden-params.json'), `${JSON.stringify(golden, null, 1)}\n`);
console.log(`params: ${golden.length}`);
