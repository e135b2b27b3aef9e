#!/usr/bin/env bash
# The README's main job. Installs what it needs (npm packages, idempotently), then runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
bash scripts/setup.sh --npm-only
exec tsx scripts/demo.ts "$@"
