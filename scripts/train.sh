#!/usr/bin/env bash
# Train the model if data, domain or configuration changed (Rasa compares fingerprints itself).
# Usage: scripts/train.sh CONFIG MODEL_NAME
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=$1
NAME=$2
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONWARNINGS=ignore
if [ "$CONFIG" = config.offline.yml ]; then
  echo "train: trainiere mit der Offline-spaCy-Pipeline (config.offline.yml), Modell models/$NAME.tar.gz"
else
  echo "train: trainiere mit de_core_news_sm (config.yml), Modell models/$NAME.tar.gz"
fi
start=$(date +%s)
.venv/bin/rasa train --config "$CONFIG" --fixed-model-name "$NAME" --out models --quiet 2>&1 \
  | grep -v -E "^(20[0-9]{2}-[0-9]{2}-[0-9]{2} .*(tensorflow|cuda|TensorRT|oneDNN)|To enable the following)" || true
[ -f "models/$NAME.tar.gz" ] || { echo "FEHLER: Training fehlgeschlagen, kein Modell models/$NAME.tar.gz" >&2; exit 1; }
echo "train: fertig nach $(( $(date +%s) - start )) s"
