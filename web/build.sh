#!/usr/bin/env bash
# Builds the web app into Api/wwwroot (git-ignored), which the Api serves. Installs the npm packages from package-lock.json
# first when node_modules is missing or older than the lock file; no install scripts run. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
npm run --silent build
