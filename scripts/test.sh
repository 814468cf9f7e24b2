#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, then builds and runs them all.
# The build (tsc + web pages) is vitest's global setup (test/support/build-once.ts): it runs
# before any test, so every test — in process or in a child process — sees this code.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh --test
npm ci --no-audit --no-fund
mkdir -p artifacts
rm -f artifacts/test-results.json
status=0
npx vitest run --reporter=default --reporter=json --outputFile=artifacts/test-results.json || status=$?
# One plain closing line, whatever the runner printed above it: tests and test files, so a
# file whose beforeAll failed (its tests all "skipped") is counted as failed.
summary=0
node scripts/test-summary.mjs artifacts/test-results.json || summary=$?
if [ "$status" -eq 0 ]; then status=$summary; fi
exit "$status"
