#!/usr/bin/env bash
# The README's main job. Installs what it needs (npm packages, PostgreSQL, DynamoDB Local; idempotently), then runs
# the demo: back up an app spanning Kubernetes and RDS in the local sandbox, delete its data, restore, verify.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
bash scripts/setup.sh --demo
exec tsx scripts/demo.ts "$@"
