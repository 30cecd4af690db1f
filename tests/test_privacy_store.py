"""The redacting tracker store and the retention command against a real SQLite tracker store."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from lotse_server.tracker_store import LotseTrackerStore
from privacy.retention import main as retention_main

ROOT = Path(__file__).resolve().parent.parent
SECRET = ("Ich heiße Erika Mustermann, erika.m@example.org, Tel. 0171 2345678. "
          "Mir wurde am 01.02.2026 gekündigt.")


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def _store(domain: Domain, db: Path) -> LotseTrackerStore:
    return LotseTrackerStore(domain=domain, dialect="sqlite", db=str(db))


def _conversation(domain: Domain, sender: str, when: float | None = None) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, domain.slots)
    for event in (
        ActionExecuted("action_listen"),
        UserUttered(SECRET, {"name": "dismissal_deadline", "confidence": 1.0}, parse_data={
            "text": SECRET, "intent": {"name": "dismissal_deadline", "confidence": 1.0},
            "entities": [{"entity": "datum", "value": "01.02.2026", "start": 0, "end": 1}]}),
        SlotSet("leichte_sprache", True),
        BotUttered("Frist für Frau Mustermann (0171 2345678): bis 15.02.2026"),
        ActionExecuted("action_listen"),
    ):
        if when is not None:
            event.timestamp = when
        tracker.update(event)
    return tracker


def test_stored_events_are_redacted_but_the_live_tracker_is_not(domain, tmp_path):
    store = _store(domain, tmp_path / "tracker.db")
    tracker = _conversation(domain, "p1")
    asyncio.run(store.save(tracker))
    rows = sqlite3.connect(tmp_path / "tracker.db").execute("SELECT data FROM events")
    raw = " ".join(row[0] for row in rows)
    for secret in ("Erika", "Mustermann", "erika.m@example.org", "2345678"):
        assert secret not in raw
    assert "01.02.2026" in raw and "[Name]" in raw and "[E-Mail]" in raw and "[Telefon]" in raw
    assert tracker.latest_message.text == SECRET  # the current turn keeps working on the original

    again = asyncio.run(store.retrieve("p1"))
    assert again is not None
    assert [e.type_name for e in again.events] == [e.type_name for e in tracker.events]
    assert "Mustermann" not in again.latest_message.text
    assert again.latest_message.parse_data["entities"][0]["value"] == "01.02.2026"
    assert again.get_slot("leichte_sprache") is True


def test_saving_twice_adds_only_new_events(domain, tmp_path):
    store = _store(domain, tmp_path / "tracker.db")
    tracker = _conversation(domain, "p2")
    asyncio.run(store.save(tracker))
    tracker.update(UserUttered("Danke", {"name": "thanks", "confidence": 1.0}))
    asyncio.run(store.save(tracker))
    rows = sqlite3.connect(tmp_path / "tracker.db").execute(
        "SELECT type_name FROM events WHERE sender_id='p2' ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [e.type_name for e in tracker.events]


def test_retention_deletes_old_and_single_conversations(domain, tmp_path):
    db = tmp_path / "tracker.db"
    store = _store(domain, db)
    old = time.time() - 40 * 86400
    for sender, when in (("alt-1", old), ("alt-2", old), ("neu-1", None), ("neu-2", None)):
        asyncio.run(store.save(_conversation(domain, sender, when)))
    url = f"sqlite:///{db}"
    assert retention_main(["--days", "30", "--dry-run", "--db-url", url]) == 0
    assert asyncio.run(store.keys()) and len(set(asyncio.run(store.keys()))) == 4

    assert retention_main(["--days", "30", "--db-url", url]) == 0
    assert sorted(asyncio.run(store.keys())) == ["neu-1", "neu-2"]

    assert retention_main(["--delete", "neu-1", "--db-url", url]) == 0
    assert asyncio.run(store.retrieve("neu-1")) is None
    assert asyncio.run(store.retrieve("neu-2")) is not None
    assert retention_main(["--delete", "gibt-es-nicht", "--db-url", url]) == 1
    assert b"neu-1" not in db.read_bytes()  # secure_delete: not left in free pages either


def test_retention_command_line(domain, tmp_path):
    db = tmp_path / "tracker.db"
    asyncio.run(_store(domain, db).save(_conversation(domain, "cli-1")))
    env = {"LOTSE_TRACKER": "sqlite", "LOTSE_SQLITE_DB": str(db), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "privacy.retention", "--delete", "cli-1"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "gelöscht (5 Ereignisse)" in done.stdout
    bad = subprocess.run([sys.executable, "-m", "privacy.retention", "--days", "0"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--days" in bad.stderr
