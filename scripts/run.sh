#!/usr/bin/env bash
# Start the action server and the Rasa server; Ctrl-C stops both cleanly.
# SHELL_MODE=1 opens a terminal chat instead of the HTTP server.
# Both servers listen on loopback only (LOTSE_INTERFACE / LOTSE_ACTION_HOST to change, see
# docs/deployment.md). Rasa's HTTP API is off unless LOTSE_ENABLE_API=1, which needs
# LOTSE_AUTH_TOKEN. Storage (SQLite default, PostgreSQL/Redis) comes from LOTSE_* variables
# rendered by scripts/endpoints.py.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
PIPELINE=$(cat build/spacy_pipeline 2>/dev/null || echo offline)
MODEL=models/lotse-$([ "$PIPELINE" = official ] && echo de_core_news_sm || echo de_lotse_offline).tar.gz
# no telemetry, no third-party deprecation noise (RASA_TELEMETRY_ENABLED=false etc.)
# shellcheck source=quiet.env
. scripts/quiet.env
mkdir -p build
.venv/bin/python scripts/endpoints.py --action-port "$ACTION_PORT" --output build/endpoints.run.yml

api_args=()
if [ "${LOTSE_ENABLE_API:-0}" = 1 ]; then
  if [ "${#LOTSE_AUTH_TOKEN}" -lt 16 ]; then
    echo "FEHLER: LOTSE_ENABLE_API=1 braucht LOTSE_AUTH_TOKEN (mindestens 16 Zeichen)." >&2
    exit 1
  fi
  api_args=(--enable-api --auth-token "$LOTSE_AUTH_TOKEN")
fi

pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "run: gestoppt."
}
trap cleanup INT TERM EXIT

SANIC_HOST=${LOTSE_ACTION_HOST:-127.0.0.1} \
  .venv/bin/rasa run actions --actions actions --port "$ACTION_PORT" --quiet >build/actions.log 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:${ACTION_PORT}/health" >/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "FEHLER: Action-Server startet nicht, siehe build/actions.log" >&2; tail -5 build/actions.log >&2; exit 1; }
  sleep 1
done

if [ "${SHELL_MODE:-}" = 1 ]; then
  .venv/bin/rasa shell --model "$MODEL" --endpoints build/endpoints.run.yml --quiet
  exit 0
fi

# shellcheck disable=SC2086 # LOTSE_CORS_ORIGINS is a space-separated list
.venv/bin/rasa run --model "$MODEL" --port "$PORT" --interface "${LOTSE_INTERFACE:-127.0.0.1}" \
  --credentials credentials.yml --endpoints build/endpoints.run.yml "${api_args[@]}" \
  --cors ${LOTSE_CORS_ORIGINS:-http://localhost:$PORT http://127.0.0.1:$PORT} \
  --quiet >build/rasa.log 2>&1 &
pids+=($!)
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:${PORT}/" >/dev/null && break
  kill -0 "${pids[1]}" 2>/dev/null || { echo "FEHLER: Rasa-Server startet nicht, siehe build/rasa.log" >&2; tail -5 build/rasa.log >&2; exit 1; }
  sleep 1
done
cat <<MSG
Teilhabe-Lotse läuft.
  REST:    curl -s localhost:${PORT}/webhooks/rest/webhook -d '{"sender":"t","message":"Hallo"}'
  Widget:  http://localhost:${PORT}/widget/  (Demo-Seite)
  Logs:    build/rasa.log, build/actions.log
Beenden mit Strg-C.
MSG
wait -n "${pids[@]}"
