#!/usr/bin/env bash
# Makes Debian's Redis server and client available for the Redis blueprint's end-to-end test (redis-server,
# redis-cli): installs the redis-server package when either is missing. Idempotent and quiet on success. The
# package's service is not started (nor needed): the test runs its own server.
set -euo pipefail
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/bin/$1" ]; }
if have redis-server && have redis-cli; then
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "ensure-redis: Redis is missing and apt-get is not available" >&2; exit 1; }
log=$(mktemp)
export DEBIAN_FRONTEND=noninteractive
# Another installer may hold dpkg's lock (setup runs several of these): wait for it rather than fail.
if ! { apt-get update && apt-get install -y -o DPkg::Lock::Timeout=300 redis-server; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "ensure-redis: could not install redis-server (log: $log)" >&2
  exit 1
fi
rm -f "$log"
