"""Input limits of the REST and socket.io channels (lotse_server/channels.py) on the real server."""

from __future__ import annotations

import json
import threading
import time
import uuid

import pytest
from conftest import all_text

from lotse_server.channels import check_body

pytestmark = pytest.mark.server
URL = "/webhooks/rest/webhook"


def sender() -> str:
    return f"g-{uuid.uuid4().hex[:10]}"


@pytest.mark.parametrize("body, code, words", [
    (json.dumps({"sender": "x", "message": "a" * 5001}), "too_long", "zu lang"),
    (b"{not json", "invalid_json", "kein gültiges JSON"),
    (b"", "invalid_json", "kein gültiges JSON"),
    (b"[1, 2]", "invalid_json", "kein gültiges JSON"),
    (b'{"sender": "x"}', "wrong_type", "„message“"),
    (b'{"sender": 5, "message": "Hallo"}', "wrong_type", "„sender“"),
    (b'{"sender": "x", "message": ["a"]}', "wrong_type", "„message“"),
    (b'{"sender": "x", "message": "Hallo", "metadata": "x"}', "wrong_type", "„metadata“"),
    (b"\x00\x01\x02\xff\xfe", "binary", "Binärdaten"),
    (json.dumps({"sender": "x", "message": "Hal\x00lo"}), "binary", "Binärdaten"),
    (b'{"sender": "x", "message": "' + b"a" * 70000 + b'"}', "too_large", "zu groß"),
])
def test_rest_rejects_bad_input_clearly(server, body, code, words) -> None:
    status, reply = server.post(URL, body)
    assert status == 400
    assert reply["code"] == code and words in reply["error"]
    assert "Guten Tag" in all_text(server.say(sender(), "Hallo"))  # still serving


def test_longest_allowed_message_is_accepted(server) -> None:
    status, reply = server.post(URL, {"sender": sender(), "message": "Ausgleichsabgabe " * 294})  # 4998
    assert status == 200 and isinstance(reply, list)


def test_check_body_accepts_the_readme_example() -> None:
    assert check_body(b'{"sender":"t","message":"Hallo"}') == ("t", "Hallo", {})


def _socketio_exchange(url: str, payloads: list[object]) -> list[dict]:
    """Talk to the socket.io channel with python-socketio's client (HTTP long-polling: the
    asyncio/websocket client needs a newer aiohttp than Rasa 3.6 pins)."""
    import socketio

    answers: list[dict] = []
    got, confirmed = threading.Event(), threading.Event()
    session: dict[str, str] = {}
    client = socketio.Client(reconnection=False)

    @client.on("bot_uttered")
    def on_bot(data: dict) -> None:
        answers.append(data)
        got.set()

    @client.on("session_confirm")
    def on_session(sid: str) -> None:
        session["id"] = sid
        confirmed.set()

    client.connect(url, transports=["polling"], wait_timeout=20)
    try:
        client.emit("session_request", {"session_id": None})
        assert confirmed.wait(20), "no session_confirm"
        for payload in payloads:
            got.clear()
            if isinstance(payload, dict):
                payload = {"session_id": session["id"], **payload}
            client.emit("user_uttered", payload)
            assert got.wait(30), f"no answer to {payload!r:.60}"
            time.sleep(0.5)  # collect every message of the answer
    finally:
        client.disconnect()
    return answers


def test_socketio_rejects_bad_input_and_keeps_talking(server) -> None:
    answers = _socketio_exchange(server.url, [
        {"message": "x" * 6000}, b"\x00\xff binary", {"message": 42}, {"message": "Hallo"}])
    codes = [a.get("error") for a in answers if a.get("error")]
    assert codes == ["too_long", "binary", "wrong_type"]
    assert "zu lang" in answers[0]["text"]
    assert any("Guten Tag" in (a.get("text") or "") for a in answers)
