# Teilhabe-Lotse — `make help` lists every command.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
# RASA_TELEMETRY_ENABLED=false, TF_CPP_MIN_LOG_LEVEL, SQLALCHEMY_SILENCE_UBER_WARNING, PYTHONWARNINGS
# for every recipe (and so for every rasa, pytest and server started from here): scripts/quiet.env
include scripts/quiet.env
RASA := RASA_TELEMETRY_ENABLED=false $(VENV)/bin/rasa
PIPELINE = $(shell cat build/spacy_pipeline 2>/dev/null || echo offline)
CONFIG = $(if $(filter official,$(PIPELINE)),config.yml,config.offline.yml)
MODEL_NAME = lotse-$(if $(filter official,$(PIPELINE)),de_core_news_sm,de_lotse_offline)
PORT ?= 5005
ACTION_PORT ?= 5055

.PHONY: help setup setup-dev kb data train run shell test unit lint validate pytest test-stories \
	nlu-report eval tune-fallback loadtest audit retention clean lock

help: ## Diese Hilfe
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(firstword $(MAKEFILE_LIST)) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

setup: ## Nur was der Betrieb braucht: Python-3.10-Umgebung, Laufzeit-Pakete, spaCy-Pipeline, socket.io fürs Widget
	@bash scripts/setup.sh
	@bash scripts/setup_widget.sh --runtime

setup-dev: setup ## Dazu Test-/Produktionswerkzeuge: pytest, ruff, playwright, axe-core, chromium, PostgreSQL, Redis
	@bash scripts/setup.sh --dev
	@bash scripts/setup_widget.sh
	@bash scripts/setup_reliability.sh

kb: setup ## Wissensbasis prüfen und nach build/kb.sqlite bauen
	@$(PY) scripts/build_places.py
	@$(PY) -m lotse.kb.build

data: setup ## Aus der Wissensbasis abgeleitete Trainingsdateien neu erzeugen
	@$(PY) scripts/generate_data.py

train: setup kb ## Modell trainieren, falls Daten oder Konfiguration sich geändert haben
	@bash scripts/train.sh "$(CONFIG)" "$(MODEL_NAME)"

run: train ## Assistent starten (Action-Server + Rasa + Widget); Strg-C beendet alles
	@PORT=$(PORT) ACTION_PORT=$(ACTION_PORT) bash scripts/run.sh

shell: train ## Im Terminal mit dem Assistenten chatten
	@PORT=$(PORT) ACTION_PORT=$(ACTION_PORT) SHELL_MODE=1 bash scripts/run.sh

test: setup-dev train lint validate pytest test-stories ## Alles testen (Installation, Training, Lint, Daten, pytest, Dialoge)
	@echo "make test: alle Prüfungen bestanden"

# Test files that need a model, servers, PostgreSQL/Redis, chromium or a set-up run are marked
# `system` in ONE place: SYSTEM_TEST_FILES in tests/conftest.py. Everything else runs here.
unit: ## Schnelle Tests ohne Modell, Training und Server (pytest -m "not system", < 1 min)
	@bash scripts/setup.sh --dev
	@start=$$(date +%s); $(PY) -m pytest -q -m "not system" -p no:cacheprovider; \
	  rc=$$?; echo "make unit: $$(( $$(date +%s) - start )) s"; exit $$rc

lint: setup-dev ## ruff über den Python-Code
	@$(VENV)/bin/ruff check lotse actions scripts tests channels lotse_server privacy

validate: setup ## rasa data validate (Warnungen = Fehler) und Abgleich Wissensbasis/Trainingsdaten
	@$(PY) scripts/generate_data.py --check
	@mkdir -p build; $(RASA) data validate --fail-on-warnings --config $(CONFIG) > build/validate.log 2>&1; \
	  rc=$$?; grep -E "WARNING|ERROR|UserWarning|conflict" build/validate.log | grep -v -i deprecat | head -n 30; \
	  if [ $$rc -ne 0 ]; then echo "validate: FEHLER (Details: build/validate.log)"; exit $$rc; fi; \
	  echo "validate: Domain, Daten und Geschichten sind konsistent"

pytest: setup-dev train ## pytest (Einheiten, Aktionen, echter Server über REST)
	@LOTSE_MODEL=models/$(MODEL_NAME).tar.gz $(PY) -m pytest -q

test-stories: train ## Rasa-Testgeschichten (tests/test_conversations.yml)
	@$(RASA) test core --model models/$(MODEL_NAME).tar.gz --stories tests/test_conversations.yml --fail-on-prediction-errors --out results/stories --quiet

nlu-report: train ## NLU-Kreuzvalidierung -> docs/nlu-report.md
	@$(PY) scripts/nlu_report.py --model models/$(MODEL_NAME).tar.gz

eval: train ## Dev-Fragensatz (+ eval/realstyle.yml, eval/multiturn.yml) gegen einen gestarteten Assistenten messen
	@bash scripts/eval.sh

tune-fallback: train ## FallbackClassifier-Schwelle auf dem Held-out-Satz prüfen
	@$(PY) scripts/tune_fallback.py

loadtest: train ## Lasttest über REST (1, 10, 50 parallele Gespräche; nur Loopback) -> docs/measurements.md
	@LOTSE_MODEL=models/$(MODEL_NAME).tar.gz $(PY) scripts/loadtest.py --concurrency 1 10 50 --rounds 2

audit: setup ## Abhängigkeiten auf bekannte Schwachstellen prüfen (Internet nötig, nicht in CI)
	@test -x build/audit-venv/bin/pip-audit || { $(PY) -m venv build/audit-venv && build/audit-venv/bin/pip install -q pip-audit==2.10.1; }
	@build/audit-venv/bin/pip-audit -r requirements.lock --no-deps --disable-pip --progress-spinner off

retention: setup ## Gespräche älter als DAYS Tage löschen (Standard 90)
	@$(PY) -m privacy.retention --days $(or $(DAYS),90)

lock: ## requirements.lock aus der aktuellen Umgebung neu schreiben
	@$(VENV)/bin/pip freeze --exclude-editable > requirements.lock

clean: ## Build-Artefakte und trainierte Modelle löschen (nicht .venv)
	rm -rf build results models/*.tar.gz .pytest_cache
