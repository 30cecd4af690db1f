#!/usr/bin/env bash
# Browser side of the web widget, vendored from npm into widget/vendor/ (from the committed
# package-lock.json).
#   scripts/setup_widget.sh --runtime   socket.io-client only: the chat page /widget/ needs it
#                                        (`make setup`, i.e. make run/train)
#   scripts/setup_widget.sh             also axe-core and Debian's chromium for the browser and
#                                        accessibility tests (`make setup-dev`, i.e. make test)
# Idempotent: every step is skipped when its result is already in place; one line per step that
# installs something; tool output goes to build/setup.log.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
LOG=build/setup.log
RUNTIME=0
[ "${1:-}" = --runtime ] && RUNTIME=1

if [ "$RUNTIME" = 0 ] && ! command -v chromium >/dev/null 2>&1; then
  echo "setup-dev: Debian-Paket chromium (für die Browser-Tests des Widgets, tests/test_widget.py); Protokoll: $LOG"
  SUDO=""
  [ "$(id -u)" != 0 ] && SUDO="sudo"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; } >>"$LOG" 2>&1 \
    || { echo "FEHLER: chromium ließ sich nicht installieren, siehe $LOG" >&2; exit 1; }
fi

want=$(sha256sum widget/package-lock.json | cut -d' ' -f1)
stamp=widget/vendor/.lock-sha256
have() { [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && for f in "$@"; do [ -f "widget/vendor/$f" ] || return 1; done; }
if [ "$RUNTIME" = 1 ]; then have socket.io.min.js && exit 0; else have socket.io.min.js axe.min.js && exit 0; fi

if ! command -v npm >/dev/null 2>&1; then
  if [ "$RUNTIME" = 1 ]; then  # REST, terminal and the messenger channels work without it
    echo "setup: npm fehlt, die Chat-Seite /widget/ bleibt ohne socket.io-client (REST und 'make shell' gehen; Debian: apt-get install npm)"
    exit 0
  fi
  echo "FEHLER: npm fehlt (Debian: apt-get install npm)" >&2
  exit 1
fi
echo "=== npm $(date -Is)" >>"$LOG"
mkdir -p widget/vendor
rm -f "$stamp"
if [ "$RUNTIME" = 1 ]; then
  echo "setup: socket.io-client aus npm (für die Chat-Seite /widget/)"
  (cd widget && npm ci --omit=dev --no-audit --no-fund --loglevel=error) >>"$LOG" 2>&1 \
    || { echo "FEHLER: npm ci in widget/ fehlgeschlagen, siehe $LOG" >&2; exit 1; }
  rm -f widget/vendor/axe.min.js
else
  echo "setup-dev: socket.io-client und axe-core aus npm (Widget und Barrierefreiheits-Tests)"
  (cd widget && npm ci --no-audit --no-fund --loglevel=error) >>"$LOG" 2>&1 \
    || { echo "FEHLER: npm ci in widget/ fehlgeschlagen, siehe $LOG" >&2; exit 1; }
  cp widget/node_modules/axe-core/axe.min.js widget/vendor/axe.min.js
fi
cp widget/node_modules/socket.io-client/dist/socket.io.min.js widget/vendor/socket.io.min.js
echo "$want" > "$stamp"
