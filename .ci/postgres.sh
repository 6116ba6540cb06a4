#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the store tests, on loopback.
#   eval "$(bash .ci/postgres.sh start)"   prints the exports the tests read
#   bash .ci/postgres.sh stop              stops it and removes its files
# Installs Debian's postgresql package when missing (needs root, as CI is).
set -euo pipefail

start() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
      echo "postgres.sh: initdb not found and not root: apt-get install postgresql first" >&2
      exit 1
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  local dir
  dir="$(mktemp -d /tmp/agentperf-pg.XXXXXX)"
  local password
  password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s\n' "$password" >"$dir/pwfile"
  local port
  port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  local run=()
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root: the cluster belongs to the postgres user.
    chown -R postgres: "$dir"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$dir/data" -U agentperf --auth=scram-sha-256 --pwfile="$dir/pwfile" >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  echo "export AGENTPERF_TEST_POSTGRES_DIR=$dir"
  echo "export AGENTPERF_TEST_POSTGRES_URL=postgres://agentperf:$password@127.0.0.1:$port/postgres"
}

stop() {
  local dir="${AGENTPERF_TEST_POSTGRES_DIR:-}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  local run=()
  [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
