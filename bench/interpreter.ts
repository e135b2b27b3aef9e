/**
 * The interpreter's overhead per phase: a 50-phase action of a no-op function run through `runAction` (render,
 * decode, step, progress, redaction) against the same templates rendered directly, in the same run.
 */

import { silentLogger } from '../cli/logger.js';
import { InProcessRunContext } from '../shared/blueprint/in-process-context.js';
import { type ParamsObject, runAction } from '../shared/blueprint/interpreter.js';
import { blueprintSchema } from '../shared/blueprint/schema.js';
import { templateParams } from '../shared/blueprint/template/params.js';
import { renderTemplate } from '../shared/blueprint/template/render.js';
import { kanisterFuncs } from '../shared/engine/kanister-funcs.js';
import { createRenderer } from '../shared/engine/renderer.js';
import type { BenchRow } from './report.js';

const PHASES = 50;
const args = { a: '{{ .Options.mode }}', b: '{{ index .Object.metadata "name" }}-{{ .Time }}' };

export async function interpreterBench(runs: number): Promise<BenchRow[]> {
  const blueprint = blueprintSchema.parse({
    apiVersion: 'cr.kanister.io/v1alpha1',
    kind: 'Blueprint',
    metadata: { name: 'bench' },
    actions: { backup: { phases: Array.from({ length: PHASES }, (_, i) => ({ func: 'Noop', name: `p${i}`, args })) } },
  });
  const params: ParamsObject = { Object: { metadata: { name: 'app' } }, Options: { mode: 'full' }, Time: 'now' };
  const noop = { name: 'Noop', outputs: [], parseArgs: (r: Record<string, unknown>) => r, exec: async () => ({}) };
  const runOnce = () =>
    runAction({
      blueprint,
      action: 'backup',
      params,
      functions: { get: () => noop },
      renderer: createRenderer(),
      resolver: { secret: () => Promise.reject(new Error('none')), configMap: () => Promise.reject(new Error('none')) },
      run: new InProcessRunContext({ log: silentLogger }),
    });
  await runOnce();
  let start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await runOnce();
  const interpreted = Number(process.hrtime.bigint() - start) / (runs * PHASES);

  const funcs = kanisterFuncs();
  start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) {
    for (let p = 0; p < PHASES; p++) {
      const value = templateParams(params);
      for (const t of Object.values(args)) renderTemplate(t, value, funcs);
      await noop.exec();
    }
  }
  const direct = Number(process.hrtime.bigint() - start) / (runs * PHASES);
  return [
    { name: 'interpreter: per phase (runAction)', value: interpreted / 1000, unit: 'µs' },
    { name: 'interpreter: per phase, same renders called directly', value: direct / 1000, unit: 'µs' },
    { name: 'interpreter: overhead per phase', value: (interpreted - direct) / 1000, unit: 'µs' },
    { name: 'interpreter ratio runAction / direct', value: interpreted / direct, unit: 'x' },
  ];
}
