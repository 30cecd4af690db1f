"""Shared fixtures: a real knowledge database, tracker/dispatcher helpers, and a live server.

Following rasa-demo: actions are tested with real rasa-sdk Trackers and CollectingDispatchers;
the knowledge store is a real SQLite database built from the repository's YAML.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions import common  # noqa: E402
from lotse.kb import KnowledgeStore, build_database  # noqa: E402

# No usage telemetry from any Rasa process a test starts (they inherit this environment);
# the Makefile sets the same through scripts/quiet.env. tests/test_telemetry.py checks it.
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


# --------------------------------------------------------------------------- test selection
# ONE place that names the test files needing more than the .venv: a trained model, running
# servers, PostgreSQL/Redis, chromium, or a run of the set-up scripts. They are marked `system`;
# `make unit` runs everything else (pytest -m "not system"), `make test` runs all of them.
# A test marked `server` or using the `server` fixture counts as a system test wherever it is.
SYSTEM_TEST_FILES = frozenset({
    "test_input_guard.py", "test_loadtest_smoke.py", "test_messengers.py", "test_multi_instance.py",
    "test_nlu_quality.py", "test_reliability.py", "test_run_script.py", "test_server.py",
    "test_voice.py", "test_widget.py",
    "test_handoff_system.py",  # own stack with agent token, restarts Rasa, chromium
    "test_setup.py",  # runs scripts/setup.sh and builds a spaCy pipeline
})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if (item.path.name in SYSTEM_TEST_FILES or item.get_closest_marker("server")
                or "server" in getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.system)


@pytest.fixture(scope="session")
def kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(tmp_path_factory.mktemp("kb") / "kb.sqlite")


@pytest.fixture(scope="session")
def kb(kb_path: Path) -> KnowledgeStore:
    return KnowledgeStore(kb_path)


@pytest.fixture(autouse=True)
def _actions_use_test_db(request: pytest.FixtureRequest) -> Iterator[None]:
    """Point the actions at the session's test database (only for tests that use actions)."""
    if "kb" in request.fixturenames or "run_action" in request.fixturenames:
        common.set_store(request.getfixturevalue("kb"))
        yield
        common.set_store(None)
    else:
        yield


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(
    text: str = "",
    intent: str = "",
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    intent_ranking: list[dict[str, Any]] | None = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
        "intent_ranking": intent_ranking or [{"name": intent, "confidence": 1.0}],
    }
    return Tracker(
        sender_id="test",
        slots={"leichte_sprache": False, **(slots or {})},
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


@pytest.fixture
def tracker() -> Callable[..., Tracker]:
    return make_tracker


@pytest.fixture
def run_action(kb: KnowledgeStore) -> Callable[..., tuple[list[dict], list[dict]]]:
    """Run an action; returns (messages sent, events returned)."""

    def run(action: Any, tracker: Tracker, domain: dict | None = None) -> tuple[list, list]:
        out = CollectingDispatcher()
        events = asyncio.run(action.run(out, tracker, domain or {}))
        return out.messages, events

    return run


def all_text(messages: list[dict]) -> str:
    """Everything a user reads, the way the evaluation joins it (texts and button titles)."""
    parts = []
    for m in messages:
        if m.get("text"):
            parts.append(m["text"])
        parts += [b["title"] for b in m.get("buttons") or []]
    return "\n".join(parts)


# --------------------------------------------------------------------------- live server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def model_path() -> Path:
    explicit = os.environ.get("LOTSE_MODEL")
    if explicit:
        return ROOT / explicit
    found = sorted((ROOT / "models").glob("lotse-*.tar.gz"))
    if not found:
        pytest.fail("Kein trainiertes Modell in models/: zuerst 'make train' (oder 'make test').")
    return found[-1]


def _wait(url: str, proc: subprocess.Popen, seconds: float, log: Path) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited; log:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} not up after {seconds}s; log:\n{log.read_text()[-3000:]}")


class Server:
    def __init__(self, url: str, action_url: str):
        self.url = url
        self.action_url = action_url

    def post(self, path: str, body: bytes | str | dict, content_type: str = "application/json",
             timeout: float = 30) -> tuple[int, Any]:
        data = json.dumps(body).encode() if isinstance(body, dict) else (
            body.encode() if isinstance(body, str) else body)
        req = urllib.request.Request(self.url + path, data=data,
                                     headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
                return resp.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as err:
            raw = err.read()
            try:
                return err.code, json.loads(raw)
            except ValueError:
                return err.code, raw.decode(errors="replace")

    def say(self, sender: str, message: str) -> list[dict]:
        status, reply = self.post("/webhooks/rest/webhook", {"sender": sender, "message": message})
        assert status == 200, reply
        return reply


def stack_env(extra_env: dict[str, str] | None = None) -> dict[str, str]:
    """Environment of the servers start_stack starts: quiet, no telemetry, loopback only."""
    return {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "RASA_TELEMETRY_ENABLED": "false",
            "SANIC_HOST": "127.0.0.1",  # the action server listens on loopback only
            **(extra_env or {})}


def start_stack(tmp: Path, extra_env: dict[str, str] | None = None,
                endpoints_extra: str = "") -> tuple[Server, list[subprocess.Popen]]:
    """Start the action server and Rasa on free loopback ports with the trained model."""
    env = stack_env(extra_env)
    rasa = str(ROOT / ".venv" / "bin" / "rasa")
    aport, port = free_port(), free_port()
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{aport}/webhook"\n{endpoints_extra}')
    alog, rlog = tmp / "actions.log", tmp / "rasa.log"
    actions = subprocess.Popen(
        [rasa, "run", "actions", "--actions", "actions", "--port", str(aport)],
        cwd=ROOT, env=env, stdout=alog.open("w"), stderr=subprocess.STDOUT)
    _wait(f"http://127.0.0.1:{aport}/health", actions, 90, alog)
    server = subprocess.Popen(
        [rasa, "run", "--model", str(model_path()), "--port", str(port), "--interface",
         "127.0.0.1", "--credentials", str(ROOT / "credentials.yml"),
         "--endpoints", str(endpoints)],
        cwd=ROOT, env=env, stdout=rlog.open("w"), stderr=subprocess.STDOUT)
    _wait(f"http://127.0.0.1:{port}/", server, 240, rlog)
    return Server(f"http://127.0.0.1:{port}", f"http://127.0.0.1:{aport}"), [server, actions]


def stop_stack(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One real action server + Rasa server for all REST tests of the session."""
    srv, procs = start_stack(tmp_path_factory.mktemp("server"))
    yield srv
    stop_stack(procs)
