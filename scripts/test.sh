#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, then builds and runs them all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh --test
npm ci --no-audit --no-fund
npx tsc -p tsconfig.json
node scripts/build-web.mjs
mkdir -p artifacts
status=0
npx vitest run --reporter=default --reporter=json --outputFile=artifacts/test-results.json || status=$?
# One plain closing line, whatever the runner printed above it.
node -e "const r = require('./artifacts/test-results.json'); console.log(r.numPassedTests + ' passed, ' + r.numFailedTests + ' failed' + (r.numPendingTests ? ', ' + r.numPendingTests + ' skipped' : ''))" || true
exit "$status"
