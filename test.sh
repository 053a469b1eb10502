#!/usr/bin/env bash
# Installs what is missing, starts a throwaway PostgreSQL and runs every test.
set -euo pipefail
cd "$(dirname "$0")"

eng/install-deps.sh
web/build.sh
[[ -d bench/load/node_modules/@microsoft/signalr ]] || npm ci --prefix bench/load --no-audit --no-fund --loglevel=error

pgdata=$(mktemp -d /tmp/emotecare-test-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() { eng/postgres.sh stop "$pgdata" || true; rm -rf "$pgdata"; }
trap cleanup EXIT
export EMOTECARE_TEST_POSTGRES
EMOTECARE_TEST_POSTGRES=$(eng/postgres.sh start "$pgdata" "$port")
# Tests that prove no frame reaches disk scan this folder too.
export EMOTECARE_TEST_PGDATA=$pgdata

dotnet build EmoteCare.sln -c Release -nologo -v quiet
dotnet test EmoteCare.sln -c Release --no-build -nologo --logger "console;verbosity=minimal" "$@"
