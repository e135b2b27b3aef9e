/**
 * `npm run bench`: every benchmark, each comparing against a reference measured in the same run (machines are
 * noisy; ratios travel, absolute numbers do not). Prints a table and JSON; writes bench-results/bench.json.
 */
import { interpreterBench } from './interpreter.js';
import { report } from './report.js';
import { templateBench } from './template.js';

const quick = process.argv.includes('--quick');
const sections = {
  template: await templateBench(quick ? 200 : 2000),
  interpreter: await interpreterBench(quick ? 5 : 40),
};
report(sections, 'bench-results/bench.json');
