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

# The certificate that encrypts the key ring signing cookies and tokens: outside the database and the tracked files
# (.data/ is git-ignored), readable by this user only. Losing it signs everyone out; see docs/security.md on rotation.
key_ring_certificate=${EMOTECARE_KEY_RING_CERTIFICATE:-$PWD/.data/key-ring.pem}
if [[ ! -f $key_ring_certificate ]]; then
  mkdir -p "$(dirname "$key_ring_certificate")"
  (
    umask 077
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/CN=EmoteCare key ring" \
      -keyout "$scratch/key.pem" -out "$scratch/certificate.pem" 2>/dev/null
    cat "$scratch/certificate.pem" "$scratch/key.pem" >"$key_ring_certificate"
  )
  echo "Created the key ring certificate $key_ring_certificate (mode 600)"
fi
chmod 600 "$key_ring_certificate"
export DataProtection__KeyRingCertificate=$key_ring_certificate DataProtection__RequireKeyRingCertificate=true

dotnet run --project Api -c Release -- "$@"
