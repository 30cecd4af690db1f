#!/usr/bin/env bash
# Score question sets against ONE freshly started assistant (see ../shared/eval/FORMAT.md):
# the public dev set and, when present, eval/realstyle.yml and eval/multiturn.yml.
# Usage: scripts/eval.sh [questions.yml ...]
# Per set: full report (failures, per-topic figures, latency) in results/eval-<set>.txt, per-question
# results in results/eval-<set>.json; the console gets one figure per set.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=quiet.env
. scripts/quiet.env
SCORE=../shared/eval/score.py
if [ "$#" -gt 0 ]; then
  sets=("$@")
else
  sets=(../shared/eval/dev_questions.yml)
  for extra in eval/realstyle.yml eval/multiturn.yml; do [ -f "$extra" ] && sets+=("$extra"); done
fi
for q in "${sets[@]}"; do [ -f "$q" ] || { echo "FEHLER: Fragensatz $q nicht gefunden" >&2; exit 1; }; done
[ -f "$SCORE" ] || { echo "FEHLER: $SCORE nicht gefunden" >&2; exit 1; }

PORT=${PORT:-5095} ACTION_PORT=${ACTION_PORT:-5195}
mkdir -p build results
PORT=$PORT ACTION_PORT=$ACTION_PORT bash scripts/run.sh > build/eval-run.log 2>&1 &
RUN=$!
trap 'kill $RUN 2>/dev/null; wait $RUN 2>/dev/null || true' EXIT
echo "eval: starte den Assistenten auf Port $PORT (Protokoll: build/eval-run.log) …"
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:${PORT}/" >/dev/null && break
  kill -0 $RUN 2>/dev/null || { echo "FEHLER: Start fehlgeschlagen, siehe build/eval-run.log" >&2; exit 1; }
  sleep 1
done

figures=()
for q in "${sets[@]}"; do
  name=$(basename "$q" .yml)
  .venv/bin/python "$SCORE" --url "http://127.0.0.1:${PORT}" --questions "$q" \
    --json "results/eval-$name.json" --quiet > "results/eval-$name.txt" 2>&1 || true
  figure=$(grep -E '^passed ' "results/eval-$name.txt" | tail -n 1)
  latency=$(grep -E '^latency per turn' "results/eval-$name.txt" | tail -n 1 | sed 's/^latency per turn: //')
  echo "eval: $name: ${figure:-kein Ergebnis, siehe results/eval-$name.txt}${latency:+; $latency}"
  figures+=("$name ${figure#passed }")
done
[ -f results/eval-dev_questions.json ] && cp results/eval-dev_questions.json results/eval.json
echo "eval: zusammen: $(IFS=';'; echo "${figures[*]}" | sed 's/;/; /g') (Details: results/eval-*.txt)"
