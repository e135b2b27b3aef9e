#!/usr/bin/env bash
# Makes DynamoDB Local (AWS's own emulator jar, 1.25.1) runnable for the store's tests: extracts it into
# .cache/dynamodb-local/ from the npm package that ships it (amplify-dynamodb-simulator@2.9.30, fetched with
# `npm pack`, never `npm install`: that would pull 347 MB of dependencies we do not use), and installs Java from
# Debian when `java`/`javac` are missing. DynamoDB Local has no option for its listen address and binds every
# interface, so the tests start it through a tiny launcher compiled here that binds it to 127.0.0.1.
# Idempotent and quiet on success; safe to run from several test workers at once (serialised by a lock file).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package='amplify-dynamodb-simulator@2.9.30'
dest="$repo/.cache/dynamodb-local"
jar="$dest/DynamoDBLocal.jar"
launcher_dir="$dest/loopback"

fail() {
  echo "ensure-dynamodb-local: $*" >&2
  exit 1
}

# The JDK, not only the JRE: the loopback launcher is compiled with javac.
ensure_java() {
  command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || fail "java/javac are missing and apt-get is not available (DynamoDB Local needs Java 11+)"
  local log="$repo/.cache/apt-java.log"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update && apt-get install -y default-jdk-headless; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    fail "could not install default-jdk-headless (full log: $log)"
  fi
  command -v javac >/dev/null 2>&1 || fail "default-jdk-headless installed but 'javac' is not on PATH"
}

extract_jar() {
  if ! (cd "$tmp" && npm pack "$package" --silent >pack.out 2>pack.err); then
    cat "$tmp/pack.err" >&2
    fail "npm pack $package failed"
  fi
  local tarball
  tarball="$tmp/$(tail -n 1 "$tmp/pack.out")"
  [ -f "$tarball" ] || fail "npm pack did not produce a tarball (got: $(cat "$tmp/pack.out"))"
  tar -xzf "$tarball" -C "$tmp" package/emulator
  [ -f "$tmp/package/emulator/DynamoDBLocal.jar" ] || fail "$package has no emulator/DynamoDBLocal.jar"
  # Move into place in one rename, so a crash never leaves a half-copied jar that looks installed.
  rm -rf "$dest"
  mv "$tmp/package/emulator" "$dest"
}

# DynamoDB Local's own start-up (ServerRunner), with its Jetty connector bound to the loopback address. It also exits
# when its stdin closes, so an emulator never outlives the test process that started it, even one killed outright.
compile_launcher() {
  mkdir -p "$tmp/src"
  cat >"$tmp/src/LoopbackDynamoDBLocal.java" <<'JAVA'
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

public final class LoopbackDynamoDBLocal {
  public static void main(String[] args) throws Exception {
    Thread parentWatch = new Thread(() -> {
      try {
        while (System.in.read() != -1) {}
      } catch (java.io.IOException e) {
        // stdin is gone: the parent too.
      }
      System.exit(0);
    });
    parentWatch.setDaemon(true);
    parentWatch.start();
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");
    proxy.start();
    proxy.join();
  }
}
JAVA
  if ! javac -nowarn -cp "$jar:$dest/DynamoDBLocal_lib/*" -d "$tmp/classes" "$tmp/src/LoopbackDynamoDBLocal.java" \
    >"$tmp/javac.log" 2>&1; then
    cat "$tmp/javac.log" >&2
    fail "compiling the loopback launcher failed"
  fi
  rm -rf "$launcher_dir"
  mv "$tmp/classes" "$launcher_dir"
}

mkdir -p "$repo/.cache"
exec 9>"$repo/.cache/.dynamodb-local.lock"
flock 9

ensure_java
# The launcher is rebuilt when this script (which holds its source) changed.
[ -f "$jar" ] && [ "$launcher_dir/LoopbackDynamoDBLocal.class" -nt "${BASH_SOURCE[0]}" ] && exit 0

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
[ -f "$jar" ] || extract_jar
compile_launcher
