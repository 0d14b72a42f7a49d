#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs a command with a PostgreSQL server of its own: a fresh cluster in a temporary folder,
# reachable only through a Unix socket in that folder (no TCP port, so parallel runs never
# collide), stopped and removed afterwards. The command finds it in EXRAY_TEST_POSTGRES.
# Debian's postgresql package provides the server (scripts/setup installs it).
set -eu
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with_postgres: no PostgreSQL server installed (run scripts/setup)" >&2
  exit 2
fi
dir=$(mktemp -d /tmp/exray-pg.XXXXXX)
as=""
# initdb refuses to run as root: the server runs as Debian's postgres user then.
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$dir"
  as="runuser -u postgres --"
fi
stop() {
  $as "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT INT TERM
$as "$bin/initdb" -D "$dir/data" -U exray -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 2; }
$as "$bin/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
  -o "-k $dir -c listen_addresses= -p 5432 -c fsync=off -c max_connections=50" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 2; }
export EXRAY_TEST_POSTGRES="postgresql:///postgres?host=$dir&port=5432&user=exray"
"$@"
