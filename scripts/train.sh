#!/usr/bin/env bash
# Train the model if data, domain or configuration changed (Rasa compares fingerprints itself).
# Usage: scripts/train.sh CONFIG MODEL_NAME
# Rasa's output goes to build/train.log; the console shows one progress line (component, epoch)
# and a summary with the time per component (also in build/train-times.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=$1
NAME=$2
# shellcheck source=quiet.env
. scripts/quiet.env
# shellcheck source=progress.sh
. scripts/progress.sh
mkdir -p build
LOG=build/train.log
: >"$LOG"
if [ "$CONFIG" = config.offline.yml ]; then
  echo "train: Offline-spaCy-Pipeline (config.offline.yml) -> models/$NAME.tar.gz; Protokoll: $LOG"
else
  echo "train: de_core_news_sm (config.yml) -> models/$NAME.tar.gz; Protokoll: $LOG"
fi

# Progress from Rasa's log: the component being trained and, for DIET/TED, the epoch.
train_status() {
  local start comp epoch
  start=$(grep -n "Starting to train component" "$1" | tail -n 1 | cut -d: -f1)
  if [ -z "$start" ]; then echo "train: lese Daten, Domain und Konfiguration …"; return; fi
  comp=$(sed -n "${start}p" "$1" | grep -oE "component '[A-Za-z0-9_]+'" | cut -d"'" -f2)
  epoch=$(tail -n +"$start" "$1" | tr '\r' '\n' | grep -oE '\| *[0-9]+/[0-9]+ \[' | tail -n 1 \
          | grep -oE '[0-9]+/[0-9]+' || true)
  if [ "$PROGRESS_TTY" = 1 ]; then
    echo "train: $comp${epoch:+ Epoche $epoch}"
  elif [ -n "$epoch" ]; then
    echo "train: $comp (${epoch#*/} Epochen) …"
  fi
}

# Seconds per trained component, from the timestamps of Rasa's "Starting/Finished" log lines.
component_times() {
  grep -E "(Starting to train|Finished training) component" "$1" \
    | sed -E "s/^([0-9-]+ [0-9:]+)[^ ]* .*(Starting|Finished)[a-z ]+component '([A-Za-z0-9_]+)'.*/\1|\2|\3/" \
    | while IFS='|' read -r ts what comp; do echo "$(date -d "$ts" +%s) $what $comp"; done \
    | awk '$2 == "Starting" { t[$3] = $1 } $2 == "Finished" && ($3 in t) { s = $1 - t[$3]; if (s >= 2) printf "%s %d\n", $3, s }'
}

start=$(date +%s)
rc=0
with_progress "$LOG" train_status .venv/bin/rasa train --config "$CONFIG" --fixed-model-name "$NAME" \
  --out models || rc=$?
took=$(( $(date +%s) - start ))
if [ "$rc" -ne 0 ] || [ ! -f "models/$NAME.tar.gz" ]; then
  echo "FEHLER: Training fehlgeschlagen, kein Modell models/$NAME.tar.gz; letzte Zeilen aus $LOG:" >&2
  tr '\r' '\n' <"$LOG" | grep -v -E "Warning|^\s*$|^  " | tail -n 15 >&2
  exit 1
fi
if grep -q "Nothing changed" "$LOG"; then
  echo "train: Modell ist aktuell (Daten und Konfiguration unverändert)"
  exit 0
fi
component_times "$LOG" >build/train-times.txt || true
summary=$(sort -k2 -n -r build/train-times.txt | head -n 4 | awk '{printf "%s%s %d s", sep, $1, $2; sep=", "}')
echo "train: fertig nach $took s${summary:+ ($summary)}"
