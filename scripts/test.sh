#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, then builds and runs them all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh --test
npm ci --no-audit --no-fund
npm test
