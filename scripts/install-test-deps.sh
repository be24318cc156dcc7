#!/usr/bin/env bash
# Installs, when missing, what the integration tests start on their own: PostgreSQL 15 (Debian),
# Chromium (Debian; the pages' browser tests drive /usr/bin/chromium through Playwright) and
# Azurite (npm, version pinned in tools/azurite/package.json). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installing PostgreSQL from Debian..."
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "installing Chromium from Debian..."
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi

if [ -f tools/azurite/package.json ] && [ ! -d tools/azurite/node_modules/azurite ]; then
  echo "installing Azurite from npm..."
  (cd tools/azurite && npm ci --no-audit --no-fund --loglevel=error)
fi
