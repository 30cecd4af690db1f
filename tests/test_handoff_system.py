"""Handoff to hotline staff against the real servers: the agent API over HTTP and one end-to-end
run in headless Chromium with two browser contexts (user widget + agent page), including a
restart of the Rasa server while a conversation waits (the queue lives in the SQLite tracker
store). Own stack: LOTSE_AGENT_TOKEN set, hotline always open, redacting SQLite tracker store.
"""

from __future__ import annotations

import json
import subprocess
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Server, _wait, all_text, stack_env, start_stack, stop_stack

pytestmark = pytest.mark.server

TOKEN = "test-hotline-" + uuid.uuid4().hex[:8]
ENV = {"LOTSE_AGENT_TOKEN": TOKEN, "LOTSE_HOTLINE_HOURS": "immer", "LOTSE_AGENT_TIMEOUT": "20"}
DOCS_IMG = ROOT / "docs" / "img"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HANDOFF_TEXT = "Ich möchte mit einem Menschen sprechen"
QUESTION = "Mein Chef will mir kündigen, ich bin schwerbehindert. Darf er das ohne Weiteres?"


class Stack:
    def __init__(self, server: Server, procs: list[subprocess.Popen], tmp: Path) -> None:
        self.server, self.procs, self.tmp = server, procs, tmp
        self.restarts = 0

    def restart_rasa(self) -> None:
        """Stop only the Rasa server and start it again with the same arguments and port."""
        old = self.procs[0]
        old.terminate()
        old.wait(timeout=30)
        self.restarts += 1
        log = self.tmp / f"rasa-restart-{self.restarts}.log"
        new = subprocess.Popen(old.args, cwd=ROOT, env=stack_env(ENV), stdout=log.open("w"),
                               stderr=subprocess.STDOUT)
        self.procs[0] = new
        _wait(self.server.url + "/", new, 240, log)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("handoff")
    store = (f"tracker_store:\n  type: lotse_server.tracker_store.LotseTrackerStore\n"
             f"  dialect: sqlite\n  db: {tmp / 'tracker.db'}\n")
    server, procs = start_stack(tmp, ENV, store)
    yield Stack(server, procs, tmp)
    stop_stack(procs)


def api(server: Server, method: str, path: str, body: dict | None = None,
        token: str | None = TOKEN) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(server.url + "/webhooks/agent" + path, method=method, headers=headers,
                                 data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


ROUTES = [("POST", "/heartbeat"), ("POST", "/signout"), ("GET", "/queue"),
          ("GET", "/conversations/x"), ("POST", "/conversations/x/take"),
          ("POST", "/conversations/x/send"), ("POST", "/conversations/x/release")]


def test_every_agent_route_needs_the_token(stack: Stack):
    for method, path in ROUTES:
        body = {} if method == "POST" else None
        assert api(stack.server, method, path, body, token=None)[0] == 401, path
        assert api(stack.server, method, path, body, token="falsch")[0] == 401, path


def test_without_a_signed_in_agent_the_user_gets_the_office(stack: Stack):
    text = all_text(stack.server.say(f"t-{uuid.uuid4().hex[:8]}", HANDOFF_TEXT))
    assert "niemand frei" in text and "Integrationsamt" in text


def test_queue_take_send_and_hand_back_over_http(stack: Stack):
    srv, sender = stack.server, f"t-{uuid.uuid4().hex[:8]}"
    assert api(srv, "POST", "/heartbeat", {"agent_id": "api-test"})[1]["available"]
    srv.say(sender, "Ich bin Arbeitgeber")
    srv.say(sender, "Mein Mitarbeiter ist schwerbehindert, darf ich ihm kündigen? Tel 0221 1234567")
    waiting = all_text(srv.say(sender, HANDOFF_TEXT))
    assert "ein Mensch" in waiting
    assert srv.say(sender, "Es ist dringend") == []  # paused: the assistant stays silent

    status, data = api(srv, "GET", "/queue")
    card = next(c for c in data["queue"] if c["id"] == sender)
    assert card["status"] == "waiting"
    summary = card["summary"]
    assert summary["rolle"] == "Arbeitgeber"
    assert "kündigen" in summary["frage"] and "1234567" not in summary["frage"]  # redacted
    assert summary["nachtraege"] == ["Es ist dringend"]

    assert api(srv, "POST", f"/conversations/{sender}/send", {"text": "zu früh"})[0] == 409
    status, taken = api(srv, "POST", f"/conversations/{sender}/take", {"name": "Frau Berg"})
    assert status == 200 and taken["status"] == "active" and "Frau Berg" in taken["agent"]
    assert api(srv, "POST", f"/conversations/{sender}/take", {"name": "Herr Kurz"})[0] == 409
    assert api(srv, "POST", f"/conversations/{sender}/send", {"text": ""})[0] == 400
    assert api(srv, "POST", f"/conversations/{sender}/send", {"text": "Guten Tag!"})[0] == 200
    status, conv = api(srv, "GET", f"/conversations/{sender}")
    assert conv["history"][-1] == {**conv["history"][-1], "from": "agent", "text": "Guten Tag!"}

    assert api(srv, "POST", f"/conversations/{sender}/release")[0] == 200
    assert all(c["id"] != sender for c in api(srv, "GET", "/queue")[1]["queue"])
    assert srv.say(sender, "Hallo") != []  # the assistant answers again
    api(srv, "POST", "/signout", {"agent_id": "api-test"})


def test_end_to_end_in_chromium_with_restart(stack: Stack):
    from playwright.sync_api import expect, sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("chromium fehlt: zuerst 'bash scripts/setup_widget.sh' ausführen")
    ARTIFACTS.mkdir(exist_ok=True)
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    url = stack.server.url
    expect.set_options(timeout=30_000)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
                                     chromium_sandbox=False)
        agent_ctx = browser.new_context(locale="de-DE", viewport={"width": 1100, "height": 1000})
        user_ctx = browser.new_context(locale="de-DE", viewport={"width": 1000, "height": 800})
        agent, user = agent_ctx.new_page(), user_ctx.new_page()

        # an agent signs in (a wrong key is refused)
        agent.goto(url + "/widget/agent.html")
        agent.fill("#agent-token", "falsch")
        agent.click("#signin-button")
        expect(agent.locator("#signin-status")).to_contain_text("nicht gültig")
        agent.fill("#agent-token", TOKEN)
        agent.fill("#agent-name", "Frau Berg")
        agent.click("#signin-button")
        expect(agent.locator("#queue-section")).to_be_visible()

        # the user asks, then presses the explicit button
        user.goto(url + "/widget/")
        user.click(".lotse-launcher")
        expect(user.locator(".lotse-intro")).to_contain_text("nicht mit einem Menschen")
        user.fill("#lotse-input", QUESTION)
        user.keyboard.press("Enter")
        expect(user.locator(".lotse-log .lotse-bot").first).to_be_visible()
        user.click(".lotse-human")
        expect(user.locator(".lotse-handoff")).to_contain_text("Sie warten auf die Hotline")
        card = agent.locator("#queue li", has_text="Darf er das ohne Weiteres")
        expect(card).to_contain_text("Wartet")

        # the Rasa server restarts while the conversation waits: the queue is still there
        stack.restart_rasa()
        user.wait_for_function("window.LotseWidget.socket && window.LotseWidget.socket.connected")
        agent.reload()  # the agent's sign-in survives a reload of the page (same tab)
        card = agent.locator("#queue li", has_text="Darf er das ohne Weiteres")
        expect(card).to_be_visible()
        card.get_by_role("button").click()
        expect(agent.locator("#chat-history")).to_contain_text("Darf er das ohne Weiteres")
        agent.click("#take-button")
        expect(user.locator(".lotse-handoff")).to_contain_text("Frau Berg vom Integrationsamt")
        expect(user.locator(".lotse-log .lotse-bot", has_text="hat das Gespräch übernommen")).to_be_visible()

        agent.fill("#reply", "Guten Tag, hier ist Frau Berg. Wie viele schwerbehinderte Menschen "
                             "beschäftigen Sie?")
        agent.click("#reply-button")
        person = user.locator(".lotse-log .lotse-agent")
        expect(person).to_contain_text("Frau Berg vom Integrationsamt (ein Mensch):")
        expect(person).to_contain_text("Wie viele schwerbehinderte")
        user.fill("#lotse-input", "Drei, alle in Vollzeit.")
        user.keyboard.press("Enter")
        expect(agent.locator("#chat-history")).to_contain_text("Drei, alle in Vollzeit.")
        agent.screenshot(path=str(DOCS_IMG / "hotline-agent.png"), full_page=True)
        user.screenshot(path=str(DOCS_IMG / "hotline-widget.png"))

        # hand back: the widget says so and the assistant answers again
        agent.click("#release-button")
        expect(user.locator(".lotse-log .lotse-bot", has_text="wieder mit dem digitalen")).to_be_visible()
        expect(user.locator(".lotse-handoff")).to_be_hidden()
        before = user.locator(".lotse-log .lotse-bot").count()
        user.fill("#lotse-input", "Hallo")
        user.keyboard.press("Enter")
        expect(user.locator(".lotse-log .lotse-bot", has_text="Guten Tag")).to_be_visible()
        assert user.locator(".lotse-log .lotse-bot").count() > before
        browser.close()
