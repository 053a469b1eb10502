#!/usr/bin/env bash
# One command for the support-chat load test (docs/benchmarks.md, "Support chat turns under load"):
#
#   bench/load/chat.sh [PATIENTS=200] [SECONDS=60]
#
# Builds the Api (Release), starts a throwaway PostgreSQL, creates an admin with the Api's create-admin command, starts
# the Api and the silo it co-hosts on free ports, runs chat.mjs with PATIENTS patients chatting through /hubs/chat for
# SECONDS measured seconds (after CHAT_WARMUP, default 10 s), and stops everything. The last line on standard output is
# chat.mjs's JSON summary; the rest of the report goes to standard error.
#
# Environment: CHAT_INTERVAL (seconds between one patient's turns, default 1), CHAT_TEXT_MODEL (the text emotion model;
# default models/emotion-text.onnx, else the Text tests' stand-in, which has the product model's shape of input but not
# its size), CHAT_KEEP=1 keeps the work folder (server log). Other Api settings pass through as usual.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

patients=${1:-200}
seconds=${2:-60}

say() { echo "[chat.sh] $*" >&2; }

work=$(mktemp -d /tmp/emotecare-chat.XXXXXX)
pgdata=$(mktemp -d /tmp/emotecare-chat-pg.XXXXXX)
api_pid=
cleanup() {
  if [[ -n $api_pid ]] && kill -0 "$api_pid" 2>/dev/null; then
    kill "$api_pid" 2>/dev/null || true
    wait "$api_pid" 2>/dev/null || true
  fi
  eng/postgres.sh stop "$pgdata" >/dev/null 2>&1 || true
  rm -rf "$pgdata"
  if [[ ${CHAT_KEEP:-0} == 1 ]]; then say "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

say "building (Release)"
dotnet build Api/Api.csproj -c Release -nologo -v quiet -clp:NoSummary >&2
if [[ ! -d bench/load/node_modules/@microsoft/signalr ]]; then
  npm ci --prefix bench/load --no-audit --no-fund >&2
fi

text_model=${CHAT_TEXT_MODEL:-}
if [[ -z $text_model ]]; then
  if [[ -f models/emotion-text.onnx ]]; then
    text_model=$root/models/emotion-text.onnx
  else
    say "models/emotion-text.onnx does not exist: using the Text tests' stand-in model"
    text_model=$root/tests/Text.Tests/TestData/text-test.onnx
  fi
fi
text_model=$(realpath "$text_model")
say "text model: $text_model"

say "starting PostgreSQL"
export ConnectionStrings__Postgres
ConnectionStrings__Postgres=$(eng/postgres.sh start "$pgdata" "$(free_port)")

api_dll=$root/Api/bin/Release/net10.0/EmoteCare.Api.dll
admin_email=chat-admin@load.example
admin_line=$(cd Api && ASPNETCORE_ENVIRONMENT=Production Orleans__SiloPort=$(free_port) Orleans__GatewayPort=$(free_port) dotnet "$api_dll" create-admin "$admin_email" "Chat Admin" | grep 'password (shown only now)')
admin_password=${admin_line##*: }

api_port=$(free_port)
say "starting the Api on port $api_port"
(
  cd Api
  export ASPNETCORE_ENVIRONMENT=Production
  export ASPNETCORE_URLS=http://127.0.0.1:$api_port
  export Orleans__SiloPort=$(free_port) Orleans__GatewayPort=$(free_port)
  export TextEmotion__ModelPath=$text_model
  # One sign-in per patient from one address, and a turn a second per patient; the defaults protect real deployments.
  export RateLimits__SignIn__PermitLimit=${RateLimits__SignIn__PermitLimit:-100000}
  export Chat__MessagesPerMinute=${Chat__MessagesPerMinute:-100000}
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

status=0
EMOTECARE_ADMIN_PASSWORD=$admin_password node bench/load/chat.mjs \
  --url "http://127.0.0.1:$api_port" --admin-email "$admin_email" \
  --patients "$patients" --seconds "$seconds" --pid "$api_pid" --pg-data "$pgdata" || status=$?

warnings=$(grep -c -E '^(warn|fail|crit)' "$work/api.log" || true)
say "Api log: $warnings warning/error entries"
grep -E -A2 '^(warn|fail|crit)' "$work/api.log" | head -n 30 >&2 || true
exit "$status"
