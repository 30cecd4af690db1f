#!/usr/bin/env bash
# Set up what RUNNING the assistant needs: Python 3.10 virtualenv, the runtime part of the pinned
# dependencies, German spaCy pipeline.  `scripts/setup.sh --dev` adds the Python test tools
# (DEV_PACKAGES below, same pins from requirements.lock).
# Idempotent and quiet when nothing changed; one line per step that installs something, saying
# what and why. Tool output goes to build/setup.log. Prints one clear line on each problem.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STATE=build
LOG=$STATE/setup.log
# only for tests and linting: kept out of the runtime install, pinned in requirements.lock
DEV_PACKAGES="pytest ruff playwright"
mkdir -p "$STATE"
DEV=0
[ "${1:-}" = --dev ] && DEV=1
if [ -f scripts/quiet.env ]; then
  # shellcheck source=quiet.env
  . scripts/quiet.env
fi
if [ -f scripts/progress.sh ]; then
  # shellcheck source=progress.sh
  . scripts/progress.sh
else  # minimal copies of the project (tests/test_setup.py)
  with_progress() { local log=$1; shift 2; "$@" >>"$log" 2>&1; }
fi

say() { printf '%s\n' "$*"; }
die() { printf 'FEHLER: %s\n' "$*" >&2; exit 1; }

# --- 1. find a Python 3.10 interpreter -------------------------------------------------------
is_310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }
find_python() {
  local candidate
  if [ -n "${PYTHON310:-}" ] && is_310 "$PYTHON310"; then echo "$PYTHON310"; return; fi
  if command -v python3.10 >/dev/null 2>&1 && is_310 python3.10; then command -v python3.10; return; fi
  local root="${PYENV_ROOT:-$HOME/.pyenv}"
  if command -v pyenv >/dev/null 2>&1; then root="$(pyenv root)"; fi
  for candidate in "$root"/versions/3.10*/bin/python3.10; do
    if [ -x "$candidate" ] && is_310 "$candidate"; then echo "$candidate"; return; fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ] || ! is_310 "$VENV/bin/python"; then
  PY=$(find_python) || die "Kein Python 3.10 gefunden (Rasa 3.6 läuft nur mit Python 3.8–3.10): installieren Sie es, z. B. mit 'pyenv install 3.10', oder setzen Sie PYTHON310=/pfad/zu/python3.10."
  say "setup: virtuelle Umgebung $VENV mit $PY (Rasa 3.6 braucht Python 3.10); Protokoll: $LOG"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade "pip==24.0" "setuptools<71" wheel >>"$LOG" 2>&1 \
    || die "pip in $VENV lässt sich nicht einrichten, siehe $LOG"
  rm -f "$STATE/.deps" "$STATE/.deps-dev"
fi

# --- 2. pinned dependencies (re-installed only when requirements.lock changes) -----------------
# requirements.lock pins everything; the runtime install leaves out DEV_PACKAGES.
dev_pattern="^($(echo "$DEV_PACKAGES" | tr ' ' '|'))=="
pip_status() {  # progress line for with_progress: packages resolved so far / pinned in the lock
  local total done start part
  total=$(grep -c -E '^[A-Za-z0-9]' "$2")
  start=$(grep -n "^=== $3 " "$1" | tail -n 1 | cut -d: -f1)
  part=$(tail -n +"${start:-1}" "$1")
  done=$(grep -c -E '^(Collecting|Requirement already satisfied)' <<<"$part" || true)
  [ "$done" -gt "$total" ] && done=$total
  if grep -q -E '^Installing collected packages' <<<"$part"; then
    echo "setup: $3: installiere $total Pakete …"
  elif [ "$PROGRESS_TTY" = 1 ]; then
    echo "setup: $3: $done/$total Pakete geladen"
  else
    echo "setup: $3: $(( done * 4 / (total + 1) * 25 )) % geladen"
  fi
}
pip_install() {  # pip_install LABEL REQUIREMENTS_FILE [pip args]
  local label=$1 req=$2
  shift 2
  echo "=== $label $(date -Is)" >>"$LOG"
  with_progress "$LOG" "pip_status_$label" "$VENV/bin/python" -m pip install --progress-bar off \
    --disable-pip-version-check -r "$req" "$@"
}
pip_status_runtime() { pip_status "$1" "$STATE/requirements.runtime.txt" runtime; }
pip_status_dev() { :; }  # three packages: no progress line needed

lock_hash=$(sha256sum requirements.lock | cut -c1-16)
if [ "$(cat "$STATE/.deps" 2>/dev/null)" != "$lock_hash" ]; then
  say "setup: Laufzeit-Abhängigkeiten aus requirements.lock (Rasa, TensorFlow, spaCy; einige Minuten beim ersten Mal); Protokoll: $LOG"
  grep -v -i -E "$dev_pattern" requirements.lock > "$STATE/requirements.runtime.txt"
  pip_install runtime "$STATE/requirements.runtime.txt" \
    || die "Die Installation der Abhängigkeiten ist fehlgeschlagen, siehe $LOG (Netzzugang zu PyPI?)."
  "$VENV/bin/python" -c "import rasa, spacy" 2>/dev/null \
    || die "Die Installation der Abhängigkeiten ist fehlgeschlagen, siehe $LOG (Netzzugang zu PyPI?)."
  echo "$lock_hash" > "$STATE/.deps"
fi
if [ "$DEV" = 1 ] && [ "$(cat "$STATE/.deps-dev" 2>/dev/null)" != "$lock_hash" ]; then
  say "setup: Testwerkzeuge $DEV_PACKAGES aus requirements.lock (für make unit / make test)"
  grep -i -E "$dev_pattern" requirements.lock > "$STATE/requirements.dev.txt"
  pip_install dev "$STATE/requirements.dev.txt" -c requirements.lock \
    || die "Die Installation der Testwerkzeuge ist fehlgeschlagen, siehe $LOG."
  echo "$lock_hash" > "$STATE/.deps-dev"
fi

# --- 3. German spaCy pipeline ---------------------------------------------------------------
# Official: de_core_news_sm 3.4.0 (matches spaCy 3.4), published only as a GitHub release wheel.
MODEL_URL="https://github.com/explosion/spacy-models/releases/download/de_core_news_sm-3.4.0/de_core_news_sm-3.4.0-py3-none-any.whl"
if "$VENV/bin/python" -c "import de_core_news_sm" >/dev/null 2>&1; then
  echo official > "$STATE/spacy_pipeline"
elif [ "${LOTSE_OFFLINE:-}" != "1" ] && "$VENV/bin/python" -m pip install --quiet --no-deps \
      --timeout 15 --retries 0 "$MODEL_URL" >/dev/null 2>&1; then
  say "setup: offizielles spaCy-Modell de_core_news_sm 3.4.0 installiert."
  echo official > "$STATE/spacy_pipeline"
else
  if [ "$(cat "$STATE/spacy_pipeline" 2>/dev/null)" != offline ] || [ ! -f models/spacy/de_lotse_offline/meta.json ]; then
    say "setup: Das offizielle spaCy-Modell de_core_news_sm ist nicht erreichbar (kein Zugang zu GitHub); ich baue die Offline-Pipeline models/spacy/de_lotse_offline und trainiere mit config.offline.yml (siehe README, 'Offline-Modell')."
    echo "=== spacy $(date -Is)" >>"$LOG"
    TF_CPP_MIN_LOG_LEVEL=3 "$VENV/bin/python" scripts/build_offline_spacy.py >>"$LOG" 2>&1 \
      || die "Die Offline-spaCy-Pipeline ließ sich nicht bauen, siehe $LOG."
  fi
  echo offline > "$STATE/spacy_pipeline"
fi
