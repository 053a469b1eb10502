#!/usr/bin/env bash
# One command for the live-session load test (docs/benchmarks.md, "Live sessions under load"):
#
#   bench/load/run.sh [PAIRS=150] [SECONDS=60]
#
# Builds the Api and the benchmarks (Release), starts a throwaway PostgreSQL, creates an admin with the Api's
# create-admin command, starts the Api and the silo it co-hosts on free ports, writes the synthetic webcam frames,
# runs load.mjs with PAIRS patient/therapist pairs for SECONDS measured seconds (after LOAD_WARMUP, default 10 s),
# and stops everything.
# The last line on standard output is load.mjs's JSON summary; the rest of the report goes to standard error.
#
# Environment: LOAD_MODEL (default models/emotion-fer.onnx, else the architecture stand-in that
# bench/python/make_architecture_standin.py writes), LOAD_FRAME_COUNT (600), LOAD_WARMUP, LOAD_FPS, LOAD_KEEP=1 keeps
# the work folder (server log, frames). Any other Api setting passes through as usual (e.g. Inference__MaxBatchSize).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

pairs=${1:-150}
seconds=${2:-60}

say() { echo "[run.sh] $*" >&2; }

work=$(mktemp -d /tmp/emotecare-load.XXXXXX)
# Its own folder: as root, PostgreSQL runs as the postgres user, which cannot enter $work (mode 700).
pgdata=$(mktemp -d /tmp/emotecare-load-pg.XXXXXX)
api_pid=
cleanup() {
  if [[ -n $api_pid ]] && kill -0 "$api_pid" 2>/dev/null; then
    kill "$api_pid" 2>/dev/null || true
    wait "$api_pid" 2>/dev/null || true
  fi
  eng/postgres.sh stop "$pgdata" >/dev/null 2>&1 || true
  rm -rf "$pgdata"
  if [[ ${LOAD_KEEP:-0} == 1 ]]; then
    say "work folder kept: $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

say "building (Release)"
dotnet build Api/Api.csproj -c Release -nologo -v quiet -clp:NoSummary >&2
dotnet build bench/Bench/Bench.csproj -c Release -nologo -v quiet -clp:NoSummary >&2
if [[ ! -d bench/load/node_modules/@microsoft/signalr ]]; then
  npm ci --prefix bench/load --no-audit --no-fund >&2
fi

model=${LOAD_MODEL:-}
if [[ -z $model ]]; then
  if [[ -f models/emotion-fer.onnx ]]; then
    model=$root/models/emotion-fer.onnx
  else
    say "models/emotion-fer.onnx does not exist: exporting the architecture stand-in (random weights)"
    /usr/bin/python3 bench/python/make_architecture_standin.py "$work/standin" >&2
    model=$work/standin/emotionnet-random.onnx
  fi
fi
model=$(realpath "$model")
say "model: $model"

say "writing frames"
dotnet bench/Bench/bin/Release/net10.0/EmoteCare.Bench.dll write-frames "$work/frames" "${LOAD_FRAME_COUNT:-600}" >&2

say "starting PostgreSQL"
pg_port=$(free_port)
export ConnectionStrings__Postgres
ConnectionStrings__Postgres=$(eng/postgres.sh start "$pgdata" "$pg_port")

api_dll=$root/Api/bin/Release/net10.0/EmoteCare.Api.dll
admin_email=load-admin@load.example
say "creating the admin"
# Both the command and the Api co-host an Orleans silo: free ports, never the defaults (11111, 30000) another node may hold.
admin_line=$(cd Api && ASPNETCORE_ENVIRONMENT=Production Orleans__SiloPort=$(free_port) Orleans__GatewayPort=$(free_port) dotnet "$api_dll" create-admin "$admin_email" "Load Admin" | grep 'password (shown only now)')
admin_password=${admin_line##*: }

api_port=$(free_port)
silo_port=$(free_port)
gateway_port=$(free_port)
say "starting the Api on port $api_port (silo port $silo_port, gateway port $gateway_port)"
(
  cd Api
  export ASPNETCORE_ENVIRONMENT=Production
  export ASPNETCORE_URLS=http://127.0.0.1:$api_port
  export Orleans__SiloPort=$silo_port Orleans__GatewayPort=$gateway_port
  export Inference__ModelPath=$model
  # 2 sign-ins per pair from one address; the default (10 a minute) protects real deployments.
  export RateLimits__SignIn__PermitLimit=${RateLimits__SignIn__PermitLimit:-100000}
  exec dotnet "$api_dll"
) >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 300); do
  if curl -fsS "http://127.0.0.1:$api_port/healthz" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$api_pid" 2>/dev/null; then
    cat "$work/api.log" >&2
    say "the Api exited"
    exit 1
  fi
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$api_port/healthz" >/dev/null

say "machine: $(nproc) cores; other processes using CPU now:"
ps -eo pid,pcpu,etime,args --sort=-pcpu | head -n 6 | cut -c1-150 >&2

status=0
EMOTECARE_ADMIN_PASSWORD=$admin_password node bench/load/load.mjs \
  --url "http://127.0.0.1:$api_port" --admin-email "$admin_email" \
  --frames "$work/frames" --pairs "$pairs" --seconds "$seconds" --pid "$api_pid" || status=$?

warnings=$(grep -c -E '^(warn|fail|crit)' "$work/api.log" || true)
say "Api log: $warnings warning/error entries"
grep -E -A2 '^(warn|fail|crit)' "$work/api.log" | head -n 30 >&2 || true
exit "$status"
