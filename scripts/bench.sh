#!/usr/bin/env bash
# npm run bench: installs what the benchmarks need (npm packages, the Go oracle), then runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
bash scripts/setup.sh
exec tsx bench/run.ts "$@"
