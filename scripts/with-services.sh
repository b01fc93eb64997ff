#!/usr/bin/env bash
# Runs a command with the services the test suite needs:
#
#   scripts/with-services.sh cargo test --workspace
#
# PostgreSQL: $PIYASA_TEST_PG when set; else the server at 127.0.0.1:5432
# when one answers; else a throwaway server of our own (initdb in a temporary
# folder, trust auth, a free port, no fsync), stopped and removed when the
# command ends. PostgreSQL's binaries are installed with apt when missing.
# The command sees PIYASA_TEST_PG either way.
set -euo pipefail

probe_port=${PIYASA_PG_PROBE_PORT:-5432}
pg_dir=""

cleanup() {
  if [ -n "$pg_dir" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT

# Runs a PostgreSQL tool as a user it accepts (initdb refuses root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

find_pg_bin() {
  local initdb
  initdb=$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1 || true)
  [ -n "$initdb" ] && dirname "$initdb"
}

start_throwaway_pg() {
  pg_bin=$(find_pg_bin || true)
  if [ -z "$pg_bin" ]; then
    echo "PostgreSQL is not installed; installing it for the tests (apt-get install postgresql)" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    pg_bin=$(find_pg_bin)
  fi
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/piyasa-pg.XXXXXX")
  chmod 755 "$pg_dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust --no-sync >"$pg_dir/initdb.log" 2>&1 || {
    cat "$pg_dir/initdb.log" >&2
    exit 1
  }
  local port
  for port in $(seq 54320 54399); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      break
    fi
  done
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -o \
    "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null || {
    cat "$pg_dir/server.log" >&2
    exit 1
  }
  export PIYASA_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres"
  echo "started a throwaway PostgreSQL for the tests at 127.0.0.1:$port" >&2
}

if [ -z "${PIYASA_TEST_PG:-}" ]; then
  if (exec 3<>"/dev/tcp/127.0.0.1/$probe_port") 2>/dev/null; then
    export PIYASA_TEST_PG="postgres://postgres@127.0.0.1:$probe_port/postgres"
  else
    start_throwaway_pg
  fi
fi

"$@"
