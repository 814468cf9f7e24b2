#!/usr/bin/env bash
# The main job on a fresh machine: install, build, then run the back-office server with an
# embedded SQLite journal (./data/reissue.db), a virtual receipt printer and demo data; it
# prints the URL and the demo logins. Ctrl-C stops it gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
[ -d node_modules/better-sqlite3 ] || npm ci --no-audit --no-fund
npx tsc -p tsconfig.json
node scripts/build-web.mjs
exec node dist/src/cli/bin.js demo "$@"
