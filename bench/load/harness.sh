# Sourced by run.sh and chat.sh: a throwaway PostgreSQL, an admin made with the Api's create-admin command, and the Api
# with the silo it co-hosts on free ports, all stopped on exit. Set `name` (messages and temporary folders) and
# `keep` (1 keeps the work folder with the server log) before sourcing; run from the repository root.
# shellcheck shell=bash

say() { echo "[$name] $*" >&2; }

work=$(mktemp -d "/tmp/emotecare-$name.XXXXXX")
# Its own folder: as root, PostgreSQL runs as the postgres user, which cannot enter $work (mode 700).
pgdata=$(mktemp -d "/tmp/emotecare-$name-pg.XXXXXX")
api_pid=
api_dll=$PWD/Api/bin/Release/net10.0/EmoteCare.Api.dll

cleanup() {
  if [[ -n $api_pid ]] && kill -0 "$api_pid" 2>/dev/null; then
    kill "$api_pid" 2>/dev/null || true
    wait "$api_pid" 2>/dev/null || true
  fi
  eng/postgres.sh stop "$pgdata" >/dev/null 2>&1 || true
  rm -rf "$pgdata"
  if [[ ${keep:-0} == 1 ]]; then say "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The Api (Release) and the Node SignalR client.
build_api() {
  say "building (Release)"
  dotnet build Api/Api.csproj -c Release -nologo -v quiet -clp:NoSummary >&2
  if [[ ! -d bench/load/node_modules/@microsoft/signalr ]]; then
    npm ci --prefix bench/load --no-audit --no-fund >&2
  fi
}

start_postgres() {
  say "starting PostgreSQL"
  export ConnectionStrings__Postgres
  ConnectionStrings__Postgres=$(eng/postgres.sh start "$pgdata" "$(free_port)")
}

# create_admin EMAIL NAME: sets admin_email and admin_password.
create_admin() {
  say "creating the admin"
  admin_email=$1
  # Both the command and the Api co-host an Orleans silo: free ports, never the defaults (11111, 30000) another node may hold.
  local line
  line=$(cd Api && ASPNETCORE_ENVIRONMENT=Production Orleans__SiloPort=$(free_port) Orleans__GatewayPort=$(free_port) dotnet "$api_dll" create-admin "$1" "$2" | grep 'password (shown only now)')
  admin_password=${line##*: }
}

# Starts the Api with the environment exported so far and waits until it is healthy; sets api_port and api_pid.
start_api() {
  api_port=$(free_port)
  say "starting the Api on port $api_port"
  (
    cd Api
    export ASPNETCORE_ENVIRONMENT=Production
    export ASPNETCORE_URLS=http://127.0.0.1:$api_port
    export Orleans__SiloPort=$(free_port) Orleans__GatewayPort=$(free_port)
    # Many sign-ins from one address; the default (10 a minute) protects real deployments.
    export RateLimits__SignIn__PermitLimit=${RateLimits__SignIn__PermitLimit:-100000}
    exec dotnet "$api_dll"
  ) >"$work/api.log" 2>&1 &
  api_pid=$!
  for _ in $(seq 1 300); do
    if curl -fsS "http://127.0.0.1:$api_port/healthz" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$api_pid" 2>/dev/null; then cat "$work/api.log" >&2; say "the Api exited"; exit 1; fi
    sleep 0.2
  done
  curl -fsS "http://127.0.0.1:$api_port/healthz" >/dev/null
  say "machine: $(nproc) cores; other processes using CPU now:"
  ps -eo pid,pcpu,etime,args --sort=-pcpu | head -n 6 | cut -c1-150 >&2
}

# The Api log's warnings and errors, after a run.
report_api_log() {
  local warnings
  warnings=$(grep -c -E '^(warn|fail|crit)' "$work/api.log" || true)
  say "Api log: $warnings warning/error entries"
  grep -E -A2 '^(warn|fail|crit)' "$work/api.log" | head -n 30 >&2 || true
}
