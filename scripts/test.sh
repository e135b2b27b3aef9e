#!/usr/bin/env bash
# The whole test suite, as CI runs it: install what is missing, format check + lint, typecheck, every test.
# Ends with one line `N passed, N failed` (CI reads it).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

status=0
echo "== format + lint (biome)"
biome ci --error-on-warnings . || status=1
echo "== typecheck (tsc)"
tsc -p tsconfig.json || status=1
echo "== tests (vitest)"
rm -f .vitest-report.json
vitest run --reporter=default --reporter=json --outputFile.json=.vitest-report.json "$@" || status=1
node scripts/test-summary.mjs .vitest-report.json $([ "$status" -ne 0 ] && echo --checks-failed) || status=1
exit "$status"
