"""Messenger channels through Rasa's real webhook routes, with the platforms' APIs faked locally.

One local HTTP server (a thread) plays Telegram's Bot API, Facebook's Graph API, Twilio's Messages
API and Rocket.Chat's REST API and records what users would receive. One Rasa stack is started with
all channels configured from environment variables pointing at that fake.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import Server, start_stack, stop_stack
from twilio.request_validator import RequestValidator

pytestmark = pytest.mark.server

TG_TOKEN = "123456:TEST-token-for-the-fake"
TG_SECRET = "tg-secret-123"
TG_WEBHOOK = "https://lotse.example/webhooks/telegram_de/webhook"
FB_SECRET = "fb-app-secret"
FB_VERIFY = "fb-verify-me"
TW_SID = "AC" + "1" * 32
TW_TOKEN = "twilio-test-token"
TW_NUMBER = "whatsapp:+14155238886"
RC_TOKEN = "rc-outgoing-token"
KUENDIGUNG = "Mein Chef will mir kündigen, ich bin schwerbehindert. Darf er das ohne Weiteres?"


# ------------------------------------------------------------------------------- fake platform
@dataclass
class Call:
    path: str
    query: dict[str, list[str]]
    body: dict[str, Any]


@dataclass
class Fake:
    url: str = ""
    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)

    def find(self, predicate: Callable[[Call], bool], timeout: float = 10) -> list[Call]:
        """Calls matching `predicate` (waits briefly until at least one arrived)."""
        deadline = time.time() + timeout
        while True:
            with self.lock:
                found = [c for c in self.calls if predicate(c)]
            if found or time.time() > deadline:
                return found
            time.sleep(0.1)


def _reply(path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """What the real API would answer (only the fields the client libraries read)."""
    if path.startswith("/tg/"):
        method = path.rsplit("/", 1)[-1]
        if method == "sendMessage":
            chat = {"id": int(body.get("chat_id", 0)), "type": "private"}
            return 200, {"ok": True, "result": {"message_id": 1, "date": 0, "chat": chat,
                                                "text": body.get("text", "")}}
        if method == "getMe":
            return 200, {"ok": True, "result": {"id": 123456, "is_bot": True, "first_name": "Lotse",
                                                "username": "lotse_test_bot"}}
        return 200, {"ok": True, "result": True}
    if path.startswith("/fb/"):
        return 200, {"recipient_id": "1", "message_id": "m1"}
    if path.startswith("/twilio/"):
        return 201, {"sid": "SM" + "0" * 32, "account_sid": TW_SID, "status": "queued",
                     "body": body.get("Body", ""), "to": body.get("To"), "from": body.get("From")}
    if path.endswith("/api/v1/login"):
        return 200, {"status": "success", "data": {"userId": "bot-id", "authToken": "bot-token"}}
    return 200, {"success": True}


def start_fake() -> tuple[Fake, ThreadingHTTPServer]:
    fake = Fake()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server API)
            parsed = urllib.parse.urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if "json" in (self.headers.get("Content-Type") or ""):
                body = json.loads(raw or b"{}")
            else:
                body = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()}
            fake.record(Call(parsed.path, urllib.parse.parse_qs(parsed.query), body))
            status, answer = _reply(parsed.path, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST  # noqa: N815

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return fake, httpd


@dataclass
class Stack:
    server: Server
    fake: Fake


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    fake, httpd = start_fake()
    env = {
        "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
        "TELEGRAM_TOKEN": TG_TOKEN, "TELEGRAM_BOT_NAME": "lotse_test_bot",
        "TELEGRAM_WEBHOOK_URL": TG_WEBHOOK, "TELEGRAM_SECRET_TOKEN": TG_SECRET,
        "TELEGRAM_API_SERVER": fake.url + "/tg",
        "FACEBOOK_VERIFY": FB_VERIFY, "FACEBOOK_SECRET": FB_SECRET,
        "FACEBOOK_PAGE_ACCESS_TOKEN": "fb-page-token", "FACEBOOK_GRAPH_URL": fake.url + "/fb",
        "TWILIO_ACCOUNT_SID": TW_SID, "TWILIO_AUTH_TOKEN": TW_TOKEN,
        "TWILIO_WHATSAPP_NUMBER": TW_NUMBER, "TWILIO_API_BASE": fake.url + "/twilio",
        "ROCKETCHAT_USER": "lotse", "ROCKETCHAT_PASSWORD": "rc-password",
        "ROCKETCHAT_URL": fake.url + "/rc", "ROCKETCHAT_WEBHOOK_TOKEN": RC_TOKEN,
    }
    tmp: Path = tmp_path_factory.mktemp("messengers")
    try:
        srv, procs = start_stack(tmp, extra_env=env)
    except Exception:
        httpd.shutdown()
        raise
    yield Stack(srv, fake)
    stop_stack(procs)
    httpd.shutdown()


def post(srv: Server, path: str, body: bytes, content_type: str,
         headers: dict[str, str] | None = None) -> tuple[int, str]:
    req = urllib.request.Request(srv.url + path, data=body,
                                 headers={"Content-Type": content_type, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def uid() -> str:
    return uuid.uuid4().hex[:10]


# ------------------------------------------------------------------------------------ Telegram
TG_ROUTE = "/webhooks/telegram_de/webhook"


def tg_update(chat_id: int, text: str | None = None, callback: str | None = None) -> bytes:
    message = {"message_id": 7, "date": 1700000000, "chat": {"id": chat_id, "type": "private"},
               "from": {"id": chat_id, "is_bot": False, "first_name": "Anna"}}
    update: dict[str, Any] = {"update_id": int(time.time() * 1000) % 10**9}
    if callback is not None:
        update["callback_query"] = {"id": f"cb{chat_id}", "chat_instance": "1", "data": callback,
                                    "from": message["from"], "message": {**message, "text": "…"}}
    else:
        update["message"] = {**message, "text": text}
    return json.dumps(update).encode()


def tg_send(stack: Stack, body: bytes, secret: str | None = TG_SECRET) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
    return post(stack.server, TG_ROUTE, body, "application/json", headers)[0]


def tg_messages(stack: Stack, chat_id: int, wait: float = 10) -> list[dict[str, Any]]:
    return [c.body for c in stack.fake.find(
        lambda c: c.path.endswith("/sendMessage") and c.body.get("chat_id") == str(chat_id), wait)]


def test_telegram_webhook_is_registered_at_the_fake(stack: Stack) -> None:
    calls = stack.fake.find(lambda c: c.path == f"/tg/bot{TG_TOKEN}/setWebhook")
    assert calls and calls[0].body["url"] == TG_WEBHOOK and calls[0].body["secret_token"] == TG_SECRET


def test_telegram_answer_with_inline_keyboard(stack: Stack) -> None:
    chat = int(uid(), 16) % 10**9
    assert tg_send(stack, tg_update(chat, "Hallo")) == 200
    sent = tg_messages(stack, chat)
    assert any("Guten Tag" in m["text"] for m in sent)
    keyboards = [json.loads(m["reply_markup"])["inline_keyboard"] for m in sent if "reply_markup" in m]
    assert keyboards, sent
    buttons = [b for row in keyboards[-1] for b in row]
    assert "Ich bin Arbeitgeber" in [b["text"] for b in buttons]
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)


def test_telegram_button_press_is_understood(stack: Stack) -> None:
    chat = int(uid(), 16) % 10**9
    assert tg_send(stack, tg_update(chat, KUENDIGUNG)) == 200
    assert any("§ 168 SGB IX" in m["text"] for m in tg_messages(stack, chat))
    assert tg_send(stack, tg_update(chat, callback="/ask_conditions")) == 200
    assert stack.fake.find(lambda c: c.path.endswith("/answerCallbackQuery")
                           and c.body.get("callback_query_id") == f"cb{chat}")
    texts = stack.fake.find(lambda c: c.path.endswith("/sendMessage") and c.body.get("chat_id") == str(chat)
                            and c.body.get("text", "").startswith("Voraussetzungen"))
    assert texts and "•" in texts[-1].body["text"]


@pytest.mark.parametrize(("body", "secret", "status"), [
    (b"{not json", TG_SECRET, 400),
    (b'{"message": {"text": "Hallo"}}', TG_SECRET, 400),
    (b'["update"]', TG_SECRET, 400),
    (b'{"update_id": 1, "message": "kaputt"}', TG_SECRET, 400),
    (b'{"update_id": 2, "message": {"chat": "x", "text": "Hallo"}}', TG_SECRET, 400),
    (None, "wrong-secret", 403),
    (None, None, 403),
])
def test_telegram_rejects_bad_requests_and_keeps_working(stack: Stack, body: bytes | None,
                                                         secret: str | None, status: int) -> None:
    chat = int(uid(), 16) % 10**9
    assert tg_send(stack, body or tg_update(chat, "Hallo"), secret) == status
    if body is None:
        time.sleep(0.3)
        assert not tg_messages(stack, chat, wait=0)  # nothing answered to a forged update
    ok_chat = chat + 1
    assert tg_send(stack, tg_update(ok_chat, "Hallo")) == 200
    assert any("Guten Tag" in m["text"] for m in tg_messages(stack, ok_chat))


# ------------------------------------------------------------------------------------ Facebook
FB_ROUTE = "/webhooks/facebook/webhook"


def fb_event(psid: str, text: str) -> bytes:
    return json.dumps({"object": "page", "entry": [{"id": "page-1", "time": 1700000000000, "messaging": [
        {"sender": {"id": psid}, "recipient": {"id": "page-1"}, "timestamp": 1700000000000,
         "message": {"mid": f"m-{uid()}", "text": text}}]}]}).encode()


def fb_post(stack: Stack, body: bytes, secret: str = FB_SECRET, header: str = "X-Hub-Signature") -> int:
    algo = hashlib.sha256 if header.endswith("256") else hashlib.sha1
    prefix = "sha256=" if header.endswith("256") else "sha1="
    signature = prefix + hmac.new(secret.encode(), body, algo).hexdigest()
    return post(stack.server, FB_ROUTE, body, "application/json", {header: signature})[0]


def fb_messages(stack: Stack, psid: str, wait: float = 10) -> list[dict[str, Any]]:
    return [c.body["message"] for c in stack.fake.find(
        lambda c: c.path == "/fb/me/messages" and c.body.get("recipient", {}).get("id") == psid
        and "message" in c.body, wait)]


def test_facebook_verification_challenge(stack: Stack) -> None:
    query = urllib.parse.urlencode({"hub.mode": "subscribe", "hub.verify_token": FB_VERIFY,
                                    "hub.challenge": "1158201444"})
    with urllib.request.urlopen(f"{stack.server.url}{FB_ROUTE}?{query}", timeout=10) as resp:
        assert resp.read() == b"1158201444"


def test_facebook_answer_with_quick_replies(stack: Stack) -> None:
    psid = uid()
    assert fb_post(stack, fb_event(psid, "Hallo")) == 200
    sent = fb_messages(stack, psid)
    assert any("Guten Tag" in m.get("text", "") for m in sent)
    replies = [m["quick_replies"] for m in sent if m.get("quick_replies")]
    assert replies and all(len(q["title"]) <= 20 for q in replies[-1])
    assert any(q["payload"].startswith("/inform") for q in replies[-1])
    assert stack.fake.find(lambda c: c.path == "/fb/me/messages"
                           and c.body.get("sender_action") == "typing_on")


def test_facebook_sha256_signature_is_accepted(stack: Stack) -> None:
    psid = uid()
    assert fb_post(stack, fb_event(psid, KUENDIGUNG), header="X-Hub-Signature-256") == 200
    assert any("§ 168 SGB IX" in m.get("text", "") for m in fb_messages(stack, psid))


def test_facebook_wrong_signature_and_malformed_payload(stack: Stack) -> None:
    psid = uid()
    assert fb_post(stack, fb_event(psid, "Hallo"), secret="not-the-secret") == 403
    status, _ = post(stack.server, FB_ROUTE, fb_event(psid, "Hallo"), "application/json")
    assert status == 403  # no signature at all
    time.sleep(0.3)
    assert not fb_messages(stack, psid, wait=0)
    for body in (b"{kaputt", b'{"entry": "x"}', b'{"entry": [{"messaging": [{"message": {}}]}]}',
                 b'{"entry": [{"messaging": [{"sender": {"id": "1"}, "message": "text"}]}]}'):
        assert fb_post(stack, body) == 400, body
    assert fb_post(stack, fb_event(psid, "Hallo")) == 200
    assert any("Guten Tag" in m.get("text", "") for m in fb_messages(stack, psid))


# ------------------------------------------------------------------------------------ WhatsApp
WA_ROUTE = "/webhooks/twilio_whatsapp/webhook"


def wa_post(stack: Stack, form: dict[str, str], token: str = TW_TOKEN) -> int:
    url = stack.server.url + WA_ROUTE
    signature = RequestValidator(token).compute_signature(url, form)
    return post(stack.server, WA_ROUTE, urllib.parse.urlencode(form).encode(),
                "application/x-www-form-urlencoded", {"X-Twilio-Signature": signature})[0]


def wa_form(phone: str, body: str) -> dict[str, str]:
    return {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": TW_SID, "From": phone, "To": TW_NUMBER,
            "Body": body, "NumMedia": "0", "ProfileName": "Anna", "WaId": phone.split("+")[-1]}


def wa_bodies(stack: Stack, phone: str, wait: float = 10) -> list[str]:
    return [c.body["Body"] for c in stack.fake.find(
        lambda c: c.path == f"/twilio/2010-04-01/Accounts/{TW_SID}/Messages.json"
        and c.body.get("To") == phone, wait)]


def test_whatsapp_numbered_choices_and_number_reply(stack: Stack) -> None:
    phone = f"whatsapp:+49151{int(uid(), 16) % 10**8:08d}"
    assert wa_post(stack, wa_form(phone, KUENDIGUNG)) == 204
    bodies = wa_bodies(stack, phone)
    answer = next(b for b in bodies if "§ 168 SGB IX" in b)
    assert "1) Voraussetzungen" in answer and "2) Mehr dazu" in answer
    assert all(len(b) <= 1600 for b in bodies)
    sent = stack.fake.find(lambda c: c.body.get("To") == phone)
    assert all(c.body["From"] == TW_NUMBER for c in sent)
    assert wa_post(stack, wa_form(phone, "1")) == 204  # "1" = Voraussetzungen
    assert stack.fake.find(lambda c: c.body.get("To") == phone
                           and c.body.get("Body", "").startswith("Voraussetzungen ("))


def test_whatsapp_rejects_forged_and_malformed_requests(stack: Stack) -> None:
    phone = f"whatsapp:+49152{int(uid(), 16) % 10**8:08d}"
    assert wa_post(stack, wa_form(phone, "Hallo"), token="forged-token") == 403
    assert wa_post(stack, {"AccountSid": TW_SID, "From": phone}) == 400  # no Body
    status, _ = post(stack.server, WA_ROUTE, b"\x00\xff", "application/x-www-form-urlencoded")
    assert status == 403
    time.sleep(0.3)
    assert not wa_bodies(stack, phone, wait=0)
    assert wa_post(stack, wa_form(phone, "Hallo")) == 204
    assert any("Guten Tag" in b for b in wa_bodies(stack, phone))


# ---------------------------------------------------------------------------------- Rocket.Chat
RC_ROUTE = "/webhooks/rocketchat/webhook"


def rc_post(stack: Stack, room: str, text: str, user: str = "anna", token: str = RC_TOKEN) -> int:
    body = {"token": token, "bot": False, "channel_id": room, "message_id": uid(), "timestamp": "x",
            "user_id": "u1", "user_name": user, "text": text}
    return post(stack.server, RC_ROUTE, json.dumps(body).encode(), "application/json")[0]


def rc_messages(stack: Stack, room: str, wait: float = 10) -> list[dict[str, Any]]:
    return [c.body for c in stack.fake.find(
        lambda c: c.path == "/rc/api/v1/chat.postMessage" and c.body.get("roomId") == room, wait)]


def test_rocketchat_answer_with_buttons(stack: Stack) -> None:
    room = f"room-{uid()}"
    assert rc_post(stack, room, "Hallo") == 200
    sent = rc_messages(stack, room)
    assert any("Guten Tag" in (m.get("text") or "") for m in sent)
    actions = [a for m in sent for att in m.get("attachments") or [] for a in att.get("actions", [])]
    assert "Ich bin Arbeitgeber" in [a["text"] for a in actions]
    assert stack.fake.find(lambda c: c.path == "/rc/api/v1/login")


def test_rocketchat_rejects_bad_requests(stack: Stack) -> None:
    room = f"room-{uid()}"
    assert rc_post(stack, room, "Hallo", token="wrong") == 403
    assert rc_post(stack, room, "Hallo", user="lotse") == 200  # the bot's own echo: ignored
    for body in (b"{kaputt", b"[]", json.dumps({"token": RC_TOKEN, "visitor": {}}).encode(),
                 json.dumps({"token": RC_TOKEN, "text": "Hallo"}).encode()):
        assert post(stack.server, RC_ROUTE, body, "application/json")[0] == 400, body
    time.sleep(0.3)
    assert not rc_messages(stack, room, wait=0)
    assert rc_post(stack, room, "Hallo") == 200
    assert any("Guten Tag" in (m.get("text") or "") for m in rc_messages(stack, room))
