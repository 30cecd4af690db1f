#!/usr/bin/env bash
# Set up the project: Python 3.10 virtualenv, pinned dependencies, German spaCy pipeline.
# Idempotent and quiet when nothing changed. Prints one clear line on each problem.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STATE=build
mkdir -p "$STATE"

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
  say "setup: erstelle virtuelle Umgebung $VENV mit $PY"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade "pip==24.0" "setuptools<71" wheel 2>&1 \
    | grep -v -E "^WARNING: Location .* is ignored" || true
fi

# --- 2. pinned dependencies (re-installed only when requirements.lock changes) -----------------
lock_hash=$(sha256sum requirements.lock | cut -c1-16)
if [ "$(cat "$STATE/.deps" 2>/dev/null)" != "$lock_hash" ]; then
  say "setup: installiere Abhängigkeiten aus requirements.lock (einige Minuten beim ersten Mal) …"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock 2>&1 \
    | grep -v -E "^WARNING: Location .* is ignored" || true
  "$VENV/bin/python" -c "import rasa, spacy" 2>/dev/null \
    || die "Die Installation der Abhängigkeiten ist fehlgeschlagen; Ausgabe oben prüfen (Netzzugang zu PyPI?)."
  echo "$lock_hash" > "$STATE/.deps"
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
    TF_CPP_MIN_LOG_LEVEL=3 "$VENV/bin/python" scripts/build_offline_spacy.py >/dev/null
  fi
  echo offline > "$STATE/spacy_pipeline"
fi
