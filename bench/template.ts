/**
 * Template render throughput: Holdfast's engine against Go's text/template + sprig (the oracle) on the same
 * templates and params, in the same run. Go is measured inside the Go process, rendering as Kanister does (a fresh
 * function map and a parse per render); ours as the interpreter does (parse cached) and also without the cache.
 */
import { templateParamsFromJSON } from '../shared/blueprint/template/params.js';
import { parseTemplate, renderTemplate } from '../shared/blueprint/template/render.js';
import { kanisterFuncs } from '../shared/engine/kanister-funcs.js';
import { measureGoRenders } from '../test/oracle/oracle.js';
import type { BenchRow } from './report.js';
import { benchParamsJson, benchTemplates } from './workload.js';

export async function templateBench(rounds: number): Promise<BenchRow[]> {
  const funcs = kanisterFuncs();
  const params = templateParamsFromJSON(benchParamsJson);
  for (const t of benchTemplates) renderTemplate(t, params, funcs); // warm up and fail early on any template

  const cached = time(rounds, () => {
    for (const t of benchTemplates) renderTemplate(t, params, funcs);
  });
  const uncached = time(Math.max(1, Math.floor(rounds / 4)), (i) => {
    // A template text the cache has not seen: the same template with a distinct comment, parsed every time.
    for (const t of benchTemplates) renderTemplate(`{{/* ${i} */}}${t}`, params, funcs);
    void parseTemplate;
  });
  const pairs = benchTemplates.map((template) => ({ template, paramsJson: benchParamsJson }));
  const go = await measureGoRenders(pairs, rounds);
  const goReused = await measureGoRenders(pairs, rounds, { reuseFuncMap: true });
  const n = benchTemplates.length;
  const perSec = (renders: number, ns: number) => renders / (ns / 1e9);
  const ours = perSec(cached.iterations * n, cached.ns);
  const goKanister = perSec(go.renders, go.elapsedNs);
  return [
    { name: 'render: Holdfast (parse cached, as runs do)', value: ours, unit: 'renders/s' },
    {
      name: 'render: Holdfast (parse every time)',
      value: perSec(uncached.iterations * n, uncached.ns),
      unit: 'renders/s',
    },
    {
      name: 'render: Go text/template + sprig, as Kanister (fresh funcmap + parse)',
      value: goKanister,
      unit: 'renders/s',
    },
    { name: 'render: Go, funcmap reused', value: perSec(goReused.renders, goReused.elapsedNs), unit: 'renders/s' },
    { name: 'render ratio Holdfast / Go-as-Kanister', value: ours / goKanister, unit: 'x' },
  ];
}

function time(iterations: number, fn: (i: number) => void): { iterations: number; ns: number } {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  return { iterations, ns: Number(process.hrtime.bigint() - start) };
}
