/**
 * `npm run bench`: every benchmark, each comparing against a reference measured in the same run (machines are
 * noisy; ratios travel, absolute numbers do not). Prints a table and JSON; writes bench-results/bench.json.
 */
import { bundleBench } from './bundles.js';
import { fanoutBench } from './fanout.js';
import { interpreterBench } from './interpreter.js';
import { quiesceBench } from './quiesce.js';
import { report } from './report.js';
import { streamBench } from './stream.js';
import { templateBench } from './template.js';

const quick = process.argv.includes('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const want = (name: string) => !only || only.includes(name);
const sections: Record<string, Awaited<ReturnType<typeof templateBench>>> = {};
if (want('template')) sections.template = await templateBench(quick ? 200 : 2000);
if (want('interpreter')) sections.interpreter = await interpreterBench(quick ? 5 : 40);
if (want('stream')) sections.stream = await streamBench(quick ? 64 : 1024);
if (want('quiesce')) sections.quiesce = await quiesceBench(quick ? 3 : 7);
if (want('fanout')) sections.fanout = await fanoutBench(1000);
if (want('bundles')) sections.bundles = await bundleBench();
report(sections, 'bench-results/bench.json');
