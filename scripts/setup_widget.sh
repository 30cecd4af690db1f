#!/usr/bin/env bash
# Browser side of the web widget: vendor socket.io-client and axe-core from npm into widget/vendor/
# (from the committed package-lock.json) and make sure Debian's chromium is there for the browser
# tests. Idempotent: every step is skipped when its result is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "setup_widget: chromium fehlt, installiere das Debian-Paket"
  if [ "$(id -u)" = 0 ]; then
    apt-get update && apt-get install -y chromium
  else
    sudo apt-get update && sudo apt-get install -y chromium
  fi
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "setup_widget: FEHLER: npm fehlt (Debian: apt-get install npm)" >&2
  exit 1
fi

stamp=widget/vendor/.lock-sha256
want=$(sha256sum widget/package-lock.json | cut -d' ' -f1)
if [ -f widget/vendor/socket.io.min.js ] && [ -f widget/vendor/axe.min.js ] \
   && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
echo "setup_widget: npm ci in widget/ (socket.io-client, axe-core)"
(cd widget && npm ci --no-audit --no-fund --loglevel=error)
mkdir -p widget/vendor
cp widget/node_modules/socket.io-client/dist/socket.io.min.js widget/vendor/socket.io.min.js
cp widget/node_modules/axe-core/axe.min.js widget/vendor/axe.min.js
echo "$want" > "$stamp"
