#!/usr/bin/env bash
# Score the public dev question set against a freshly started assistant; prints per-topic figures.
# Usage: scripts/eval.sh [questions.yml]   (default ../shared/eval/dev_questions.yml)
set -euo pipefail
cd "$(dirname "$0")/.."
QUESTIONS=${1:-../shared/eval/dev_questions.yml}
[ -f "$QUESTIONS" ] || { echo "FEHLER: Fragensatz $QUESTIONS nicht gefunden" >&2; exit 1; }
PORT=${PORT:-5095} ACTION_PORT=${ACTION_PORT:-5195}
PORT=$PORT ACTION_PORT=$ACTION_PORT bash scripts/run.sh > build/eval-run.log 2>&1 &
RUN=$!
trap 'kill $RUN 2>/dev/null; wait $RUN 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:${PORT}/" >/dev/null && break
  kill -0 $RUN 2>/dev/null || { echo "FEHLER: Start fehlgeschlagen, siehe build/eval-run.log" >&2; exit 1; }
  sleep 1
done
mkdir -p results
.venv/bin/python ../shared/eval/score.py --url "http://127.0.0.1:${PORT}" --questions "$QUESTIONS" \
  --json results/eval.json --quiet
