#!/usr/bin/env bash
# Makes Debian's MariaDB server and client available for the MariaDB blueprint's end-to-end test (mariadbd,
# mariadb-install-db, mariadb, mariadb-dump): installs the mariadb-server package when any of them is missing.
# Idempotent and quiet on success. The package's service is not started (nor needed): the test runs its own server.
set -euo pipefail
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }
if have mariadbd && have mariadb-install-db && have mariadb && have mariadb-dump; then
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "ensure-mariadb: MariaDB is missing and apt-get is not available" >&2; exit 1; }
log=$(mktemp)
export DEBIAN_FRONTEND=noninteractive
# Another installer may hold dpkg's lock (setup runs several of these): wait for it rather than fail.
if ! { apt-get update && apt-get install -y -o DPkg::Lock::Timeout=300 mariadb-server; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "ensure-mariadb: could not install mariadb-server (log: $log)" >&2
  exit 1
fi
rm -f "$log"
