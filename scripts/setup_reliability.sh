#!/usr/bin/env bash
# System packages for the reliability tests (`make setup-dev`, i.e. make test): PostgreSQL (tracker
# store) and Redis (lock store), as in the production setup (docs/deployment.md). Not needed to run
# the assistant with its default SQLite tracker store. Idempotent: apt-get runs only when a binary
# is missing; silent when nothing is missing; apt output goes to build/setup.log.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
LOG=build/setup.log

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

missing=()
if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then missing+=(postgresql); fi
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-dev: bitte installieren: ${missing[*]} (kein apt-get gefunden)" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "setup-dev: Debian-Pakete ${missing[*]} (Zuverlässigkeitstests mit PostgreSQL-Tracker- und Redis-Lock-Store); Protokoll: $LOG"
# The packages' own services are not needed: tests start private instances on free ports.
{ $SUDO apt-get update -qq \
  && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >>"$LOG" 2>&1 \
  || { echo "FEHLER: ${missing[*]} ließ sich nicht installieren, siehe $LOG" >&2; exit 1; }
# Debian starts the packaged services where systemd/invoke-rc.d allows it; stop them again,
# they would only occupy the default ports.
for svc in redis-server postgresql; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    $SUDO systemctl stop "$svc" >>"$LOG" 2>&1 || true
  fi
done
