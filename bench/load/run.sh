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

name=run.sh
keep=${LOAD_KEEP:-0}
source bench/load/harness.sh

build_api
dotnet build bench/Bench/Bench.csproj -c Release -nologo -v quiet -clp:NoSummary >&2

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

start_postgres
create_admin load-admin@load.example "Load Admin"
export Inference__ModelPath=$model
start_api

status=0
EMOTECARE_ADMIN_PASSWORD=$admin_password node bench/load/load.mjs \
  --url "http://127.0.0.1:$api_port" --admin-email "$admin_email" \
  --frames "$work/frames" --pairs "$pairs" --seconds "$seconds" --pid "$api_pid" || status=$?

report_api_log
exit "$status"
