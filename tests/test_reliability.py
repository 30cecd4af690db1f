"""Faults and persistence with the embedded SQLite tracker store: Rasa restarted mid-conversation,
action server down or slow, database unreachable at start; plus privacy of what is stored/logged."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import all_text, free_port
from reliability_stack import (
    start_actions,
    start_rasa,
    stop,
    stored_events,
    user_texts,
    write_endpoints,
)

pytestmark = pytest.mark.server

FALLBACK_MARKS = ("Entschuldigung", "Integrationsamt", "bih.de")
ACTION_TIMEOUT = 6


def sender() -> str:
    return f"r-{uuid.uuid4().hex[:10]}"


class Stack:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.db = tmp / "tracker.db"
        self.db_url = sa.engine.URL.create("sqlite", database=str(self.db))
        self.aport = free_port()
        self.endpoints = write_endpoints(tmp / "endpoints.yml", self.aport,
                                         {"dialect": "sqlite", "db": str(self.db)})
        self.actions = start_actions(tmp, self.aport)
        self.start_rasa()

    def start_rasa(self) -> None:
        self.rasa, self.server, self.log = start_rasa(self.tmp, self.endpoints, LOTSE_ACTION_RETRY="1",
                                                      LOTSE_ACTION_TIMEOUT=str(ACTION_TIMEOUT))

    def restart_rasa(self) -> None:
        stop(self.rasa)
        self.start_rasa()

    def close(self) -> None:
        stop(self.rasa)
        stop(self.actions)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    s = Stack(tmp_path_factory.mktemp("reliability"))
    yield s
    s.close()


def test_restart_of_rasa_continues_the_conversation(stack: Stack) -> None:
    s = sender()
    stack.server.say(s, "Bitte antworte in Leichter Sprache")
    stack.restart_rasa()
    text = all_text(stack.server.say(s, "Wie viel Zusatzurlaub bekomme ich?"))
    assert "Das Gesetz dazu" in text  # the Leichte-Sprache slot survived the restart
    assert user_texts(stored_events(stack.db_url, s)) == [
        "Bitte antworte in Leichter Sprache", "Wie viel Zusatzurlaub bekomme ich?"]


def test_action_server_down_gives_a_way_to_a_person_and_recovers(stack: Stack) -> None:
    s = sender()
    assert "Guten Tag" in all_text(stack.server.say(s, "Hallo"))
    stop(stack.actions)
    reply = stack.server.say(s, "Wie viel Zusatzurlaub bekomme ich?")
    assert len(reply) == 1 and all(mark in reply[0]["text"] for mark in FALLBACK_MARKS), reply
    stack.actions = start_actions(stack.tmp, stack.aport, "actions2.log")
    text = all_text(stack.server.say(s, "Wie viel Zusatzurlaub bekomme ich?"))
    assert "SGB IX" in text and "bih.de" not in text
    assert user_texts(stored_events(stack.db_url, s)) == [
        "Hallo", "Wie viel Zusatzurlaub bekomme ich?", "Wie viel Zusatzurlaub bekomme ich?"]


class _Slow(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server API
        time.sleep(ACTION_TIMEOUT + 6)
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_slow_action_server_is_cut_off_politely(stack: Stack) -> None:
    stop(stack.actions)
    slow = ThreadingHTTPServer(("127.0.0.1", stack.aport), _Slow)
    slow.daemon_threads = True
    thread = threading.Thread(target=slow.serve_forever, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        reply = stack.server.say(sender(), "Wie viel Zusatzurlaub bekomme ich?")
        took = time.monotonic() - started
    finally:
        slow.shutdown()
        slow.server_close()
        stack.actions = start_actions(stack.tmp, stack.aport, "actions3.log")
    # one polite message, after one timeout (not one per custom action of the turn)
    assert len(reply) == 1 and all(mark in reply[0]["text"] for mark in FALLBACK_MARKS), reply
    assert ACTION_TIMEOUT - 1 < took < ACTION_TIMEOUT + 5


def test_personal_data_is_not_stored_and_texts_are_not_logged(stack: Stack) -> None:
    s = sender()
    marker = f"Zitronenfalter{uuid.uuid4().hex[:6]}"
    stack.server.say(s, f"Mein Name ist {marker}, meine E-Mail ist {marker.lower()}@example.org")
    text = all_text(stack.server.say(s, "Welches Integrationsamt ist für 44787 Bochum zuständig? "
                                        "Rückruf bitte unter 0171 2345678."))
    assert "Westfalen-Lippe" in text  # the current turn works on the original text
    stored = " ".join(str(e) for e in stored_events(stack.db_url, s))
    for placeholder in ("[Name]", "[E-Mail]", "[PLZ Ort]", "[Telefon]"):
        assert placeholder in stored
    assert marker not in stored and marker.lower() not in stored and "2345678" not in stored
    logs = "".join(p.read_text(errors="replace") for p in stack.tmp.glob("*.log"))
    assert " INFO " in logs  # default log level, and the logs were written
    assert marker not in logs and marker.lower() not in logs and "2345678" not in logs


def test_unreachable_database_stops_rasa_with_one_clear_error(tmp_path: Path) -> None:
    closed = free_port()
    endpoints = write_endpoints(tmp_path / "endpoints.yml", free_port(), {
        "dialect": "postgresql", "url": "127.0.0.1", "port": closed, "db": "lotse",
        "username": "lotse", "password": "geheim-123"})
    proc, _, log = start_rasa(tmp_path, endpoints, wait=False, LOTSE_DB_WAIT="2")
    try:
        proc.wait(timeout=240)
    finally:
        stop(proc)
    out = log.read_text(errors="replace")
    assert proc.returncode != 0
    errors = [line for line in out.splitlines() if "Tracker-Datenbank" in line]
    assert len(errors) == 1, out[-3000:]
    assert f"127.0.0.1:{closed}" in errors[0] and "LOTSE_DB_PORT" in errors[0]
    assert "geheim-123" not in out
