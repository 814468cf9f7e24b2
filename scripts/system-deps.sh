#!/usr/bin/env bash
# Installs the Debian packages Reissue needs, only when they are missing:
#   unifont        the CJK-capable bitmap font receipts are rendered with (PNG)
#   postgresql-15  server binaries the PostgreSQL tests start a throwaway cluster with (tests only)
#   chromium       the real browser the back-office page tests drive through playwright-core (tests only)
set -euo pipefail
want=()
[ -f /usr/share/unifont/unifont.hex ] || want+=(unifont)
if [ "${1:-}" = "--test" ]; then
  [ -x /usr/lib/postgresql/15/bin/initdb ] || want+=(postgresql-15)
  [ -x /usr/bin/chromium ] || want+=(chromium)
fi
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${want[*]} — run: sudo apt-get install -y ${want[*]}" >&2
  exit 1
fi
echo "installing system packages: ${want[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
