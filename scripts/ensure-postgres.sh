#!/usr/bin/env bash
# Makes PostgreSQL server binaries available for the local RDS API's tests (initdb, pg_ctl, pg_basebackup, psql):
# installs Debian's postgresql package when they are missing. Idempotent and quiet on success.
set -euo pipefail
have() { [ -x "/usr/lib/postgresql/15/bin/$1" ] || [ -x "/usr/local/bin/$1" ]; }
if have initdb && have pg_ctl && have pg_basebackup && { have psql || command -v psql >/dev/null; }; then
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "ensure-postgres: PostgreSQL 15 is missing and apt-get is not available" >&2; exit 1; }
log=$(mktemp)
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update && apt-get install -y postgresql; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "ensure-postgres: could not install postgresql (log: $log)" >&2
  exit 1
fi
