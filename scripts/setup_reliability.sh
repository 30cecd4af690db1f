#!/usr/bin/env bash
# System packages for the reliability tests and the production setup: PostgreSQL (tracker store)
# and Redis (lock store). Idempotent: apt-get runs only when a binary is missing.
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

missing=()
if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then missing+=(postgresql); fi
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup_reliability: PostgreSQL und Redis sind vorhanden."
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup_reliability: bitte installieren: ${missing[*]} (kein apt-get gefunden)" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "setup_reliability: installiere ${missing[*]} ..."
$SUDO apt-get update -qq
# The packages' own services are not needed: tests start private instances on free ports.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the packaged services where systemd/invoke-rc.d allows it; stop them again,
# they would only occupy the default ports.
for svc in redis-server postgresql; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    $SUDO systemctl stop "$svc" || true
  fi
done
echo "setup_reliability: fertig."
