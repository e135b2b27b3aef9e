// Prints the one summary line CI recognises, from vitest's JSON report: `N passed, N failed[, N skipped]`.
// A failed format/lint/typecheck step counts as one more failure, so the line never says 0 failed on a red run.
import { existsSync, readFileSync } from 'node:fs';

const [file, flag] = process.argv.slice(2);
const checksFailed = flag === '--checks-failed' ? 1 : 0;
if (!file || !existsSync(file)) {
  console.log(`0 passed, ${1 + checksFailed} failed`);
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const failedSuites = (r.testResults ?? []).filter((s) => s.status === 'failed' && s.assertionResults?.length === 0);
const failed = r.numFailedTests + failedSuites.length + checksFailed;
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || r.numTotalTests === 0 ? 1 : 0);
