#!/usr/bin/env bash
# Makes the Go template oracle (test/oracle) runnable: installs Go 1.19 and sprig 3.2.3 from Debian when missing,
# then rebuilds test/oracle/bin/oracle when a Go source is newer than the binary. Idempotent and quiet on success;
# safe to run from several test workers at once (serialised by a lock file).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
oracle_dir="$repo/test/oracle"
bin_dir="$oracle_dir/bin"
binary="$bin_dir/oracle"
sprig_src=/usr/share/gocode/src/github.com/Masterminds/sprig

fail() {
  echo "ensure-oracle: $*" >&2
  exit 1
}

mkdir -p "$bin_dir"
exec 9>"$bin_dir/.lock"
flock 9

if ! command -v go >/dev/null 2>&1 || [ ! -d "$sprig_src" ]; then
  command -v apt-get >/dev/null 2>&1 || fail "Go or sprig is missing and apt-get is not available"
  log="$bin_dir/apt.log"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update && apt-get install -y golang-go golang-github-masterminds-sprig-dev; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    fail "could not install golang-go and golang-github-masterminds-sprig-dev (full log: $log)"
  fi
  command -v go >/dev/null 2>&1 || fail "golang-go installed but 'go' is not on PATH"
  [ -d "$sprig_src" ] || fail "sprig sources not found in $sprig_src after install"
fi

# Rebuild when any Go source (main.go and the param/ type packages) or build.sh is newer than the binary.
if [ ! -x "$binary" ] || [ -n "$(find "$oracle_dir" -path "$bin_dir" -prune -o \( -name '*.go' -o -name build.sh \) -newer "$binary" -print -quit)" ]; then
  bash "$oracle_dir/build.sh" || fail "building the oracle failed"
fi
