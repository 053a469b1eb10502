#!/usr/bin/env bash
# A project-local PostgreSQL cluster, from Debian's postgresql package.
#   eng/postgres.sh start DATADIR PORT   initialise (once) and start; creates database "emotecare"
#   eng/postgres.sh stop DATADIR
# PostgreSQL refuses to run as root, so as root the cluster belongs to the "postgres" user the package creates.
# It listens on 127.0.0.1 only and trusts local connections: a development and test server, not a production one.
set -euo pipefail

command=${1:?usage: eng/postgres.sh start DATADIR PORT | stop DATADIR}
datadir=${2:?data directory required}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x $bin/pg_ctl ]] || { echo "PostgreSQL binaries not found under /usr/lib/postgresql: run eng/install-deps.sh" >&2; exit 1; }

as_owner() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case $command in
  start)
    port=${3:?port required}
    mkdir -p "$datadir"
    ((EUID == 0)) && chown postgres:postgres "$datadir" && chmod 700 "$datadir"
    if [[ ! -f $datadir/PG_VERSION ]]; then
      as_owner "$bin/initdb" -D "$datadir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_owner "$bin/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$datadir" -w -t 60 -l "$datadir/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $datadir -c fsync=on" start >/dev/null
    fi
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'emotecare'" | grep -q 1; then
      as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE emotecare" >/dev/null
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=emotecare"
    ;;
  stop)
    if [[ -f $datadir/PG_VERSION ]] && as_owner "$bin/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$datadir" -m fast -w stop >/dev/null
    fi
    ;;
  *)
    echo "unknown command $command" >&2
    exit 2
    ;;
esac
