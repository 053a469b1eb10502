#!/usr/bin/env bash
# Installs what is missing, starts the project-local PostgreSQL and serves the app on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")"

eng/install-deps.sh
web/build.sh

pgdata=${EMOTECARE_PGDATA:-$PWD/.data/postgres}
if ((EUID == 0)) && ! runuser -u postgres -- test -x "$(dirname "$pgdata")" 2>/dev/null; then
  # PostgreSQL runs as the postgres user, which may not reach a checkout under /root.
  pgdata=/var/tmp/emotecare-$(echo "$PWD" | sha1sum | cut -c1-12)/postgres
fi
mkdir -p "$(dirname "$pgdata")"
export ConnectionStrings__Postgres
ConnectionStrings__Postgres=$(eng/postgres.sh start "$pgdata" "${EMOTECARE_PGPORT:-5433}")
echo "PostgreSQL data in $pgdata"

dotnet run --project Api -c Release -- "$@"
