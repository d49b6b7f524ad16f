#!/usr/bin/env bash
# PostgreSQL and Redis from Debian's packages, for the Celery scale-out test and bench
# (Airflow's metadata database and Celery broker). Private instances on loopback, in a folder
# of their own: nothing of the system's clusters is touched.
#
#   bash scripts/services.sh install      apt-get install postgresql redis-server (when missing)
#   bash scripts/services.sh start DIR    start both; prints DROPWIRE_TEST_POSTGRES_URL=... and
#                                         DROPWIRE_TEST_REDIS_URL=... lines (eval them)
#   bash scripts/services.sh stop DIR     stop what `start DIR` started
#   bash scripts/services.sh check        say in one line what is missing, exit 1 if anything is
set -euo pipefail

pg_bin() {
  # Debian keeps initdb and pg_ctl out of PATH, one folder per major version.
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

missing() {
  local what=()
  pg_bin >/dev/null || what+=("postgresql")
  command -v redis-server >/dev/null || what+=("redis-server")
  echo "${what[*]:-}"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

command=${1:-}
case "$command" in
  install)
    wanted=$(missing)
    [ -z "$wanted" ] && exit 0
    packages=$(echo "$wanted" | sed 's/postgresql/postgresql postgresql-client/')
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null
    else
      echo "install Debian's $wanted: sudo apt-get install $packages" >&2
      exit 1
    fi
    ;;
  check)
    wanted=$(missing)
    if [ -n "$wanted" ]; then
      echo "needs Debian's $wanted (bash scripts/services.sh install)"
      exit 1
    fi
    ;;
  start)
    dir=${2:?usage: bash scripts/services.sh start DIR}
    wanted=$(missing)
    if [ -n "$wanted" ]; then
      echo "needs Debian's $wanted (bash scripts/services.sh install)" >&2
      exit 1
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    bin=$(pg_bin)
    # The cluster lives where its owner can reach it: a root-only temp folder would not do.
    if [ "$(id -u)" = 0 ]; then
      pgdata=$(mktemp -d /tmp/dropwire-pg.XXXXXX)
      chown postgres: "$pgdata"
    else
      pgdata="$dir/pg"
      mkdir -p "$pgdata"
    fi
    echo "$pgdata" >"$dir/pgdata"
    pg_port=$(free_port)
    as_owner "$bin/initdb" -D "$pgdata/data" -U airflow --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # A throw-away cluster: durability off, connections for every Airflow component.
    as_owner "$bin/pg_ctl" -D "$pgdata/data" -l "$pgdata/postgres.log" -w -t 60 start -o \
      "-h 127.0.0.1 -p $pg_port -k $pgdata -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      >/dev/null || { cat "$pgdata/postgres.log" >&2; exit 1; }
    "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U airflow airflow
    redis_port=$(free_port)
    redis-server --bind 127.0.0.1 --port "$redis_port" --daemonize yes --dir "$dir" \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save "" --appendonly no
    for _ in $(seq 1 50); do
      redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
      sleep 0.1
    done
    redis-cli -p "$redis_port" ping >/dev/null || { cat "$dir/redis.log" >&2; exit 1; }
    echo "$redis_port" >"$dir/redis.port"
    echo "DROPWIRE_TEST_POSTGRES_URL=postgresql://airflow@127.0.0.1:$pg_port/airflow"
    echo "DROPWIRE_TEST_REDIS_URL=redis://127.0.0.1:$redis_port"
    ;;
  stop)
    dir=${2:?usage: bash scripts/services.sh stop DIR}
    if [ -f "$dir/pgdata" ]; then
      pgdata=$(cat "$dir/pgdata")
      if [ -d "$pgdata/data" ]; then
        as_owner "$(pg_bin)/pg_ctl" -D "$pgdata/data" -m immediate -w stop >/dev/null 2>&1 || true
      fi
      rm -rf "$pgdata"
    fi
    if [ -f "$dir/redis.port" ]; then
      redis-cli -p "$(cat "$dir/redis.port")" shutdown nosave >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: bash scripts/services.sh install|check|start DIR|stop DIR" >&2
    exit 2
    ;;
esac
