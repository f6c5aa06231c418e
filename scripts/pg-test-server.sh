#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and CI, on a loopback port, owned by a non-root user.
#
#   scripts/pg-test-server.sh start [DIR]   initdb in DIR (default: a new temp dir), start it, and print
#                                           two lines to stdout (usable with `eval` / `export`):
#                                           MCPFED_TEST_PG_URL=postgres://mcpfed@127.0.0.1:PORT/postgres
#                                           MCPFED_TEST_PG_DIR=DIR
#   scripts/pg-test-server.sh stop DIR      stop the cluster and delete DIR
#
# Trust authentication on 127.0.0.1 only and fsync off: the data is disposable, never use this
# cluster for anything else. Binaries: $PG_BIN, else the newest /usr/lib/postgresql/*/bin, else PATH.
# As root the cluster runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

find_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo "pg-test-server: no PostgreSQL binaries (install Debian's postgresql package)" >&2
  exit 2
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "pg-test-server: running as root needs a 'postgres' user" >&2; exit 2; }
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  local bin dir port
  bin=$(find_bin)
  dir=${1:-$(mktemp -d /tmp/mcpfed-pg.XXXXXX)}
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U mcpfed --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  for _ in 1 2 3; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-k $dir -p $port -h 127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null 2>&1; then
      echo "MCPFED_TEST_PG_URL=postgres://mcpfed@127.0.0.1:$port/postgres"
      echo "MCPFED_TEST_PG_DIR=$dir"
      return 0
    fi
  done
  tail -20 "$dir/server.log" >&2 || true
  exit 1
}

stop() {
  local bin dir=${1:?usage: pg-test-server.sh stop DIR}
  bin=$(find_bin)
  [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start [DIR] | stop DIR" >&2; exit 64 ;;
esac
