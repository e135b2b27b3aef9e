#!/usr/bin/env bash
# Builds the Go template oracle into test/oracle/bin/oracle against Debian's Go packages (GOPATH mode: Debian ships
# sprig as source under /usr/share/gocode, without a module proxy). Use scripts/ensure-oracle.sh, which installs Go first.
set -euo pipefail

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$dir/bin"
cd "$dir"
# The build cache lives beside the binary so the build needs no writable HOME.
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$dir/bin/.gocache" GOFLAGS= \
  go build -o "$dir/bin/oracle.tmp" .
mv -f "$dir/bin/oracle.tmp" "$dir/bin/oracle"
