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

name=chat.sh
keep=${CHAT_KEEP:-0}
source bench/load/harness.sh

build_api

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

start_postgres
create_admin chat-admin@load.example "Chat Admin"
export TextEmotion__ModelPath=$text_model
# A turn a second per patient; the default protects real deployments.
export Chat__MessagesPerMinute=${Chat__MessagesPerMinute:-100000}
start_api

status=0
EMOTECARE_ADMIN_PASSWORD=$admin_password node bench/load/chat.mjs \
  --url "http://127.0.0.1:$api_port" --admin-email "$admin_email" \
  --patients "$patients" --seconds "$seconds" --pid "$api_pid" --pg-data "$pgdata" || status=$?

report_api_log
exit "$status"
