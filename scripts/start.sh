#!/usr/bin/env bash
# The main job on a fresh machine: install, build, open the journal (with demo data on the
# first run) and show how to use it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
[ -d node_modules/better-sqlite3 ] || npm ci --no-audit --no-fund
npm run build --silent
exec node dist/src/cli/bin.js demo "$@"
