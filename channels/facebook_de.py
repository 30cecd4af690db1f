"""Facebook Messenger channel (`facebook`), a thin subclass of Rasa's connector.

Differences: the Graph API base URL can be replaced (`graph_url`, env `FACEBOOK_GRAPH_URL`; only
tests use it — fbmessenger hard-codes graph.facebook.com in `MessengerClient.graph_url`, which is
overwritten per client here); `X-Hub-Signature-256` is accepted besides the old SHA-1 header and a
wrong signature gets 403 (Rasa answers 200 "not validated"); malformed payloads get 400; texts are
split below Messenger's 2000 characters and buttons become quick replies (Messenger's button
template allows only three buttons and 640 characters of text).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fbmessenger import MessengerClient
from fbmessenger.elements import Text as FBText
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.env import setting
from channels.formatting import FACEBOOK_LIMIT, split_message

logger = logging.getLogger(__name__)
QUICK_REPLY_TITLE = 20
QUICK_REPLY_MAX = 13


def client(page_access_token: str, graph_url: str | None) -> MessengerClient:
    messenger = MessengerClient(page_access_token)
    if graph_url:
        messenger.graph_url = graph_url.rstrip("/")
    return messenger


def quick_replies(buttons: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Messenger quick replies: at most 13, titles at most 20 characters."""
    out = []
    for button in buttons[:QUICK_REPLY_MAX]:
        title = str(button.get("title", ""))
        title = title if len(title) <= QUICK_REPLY_TITLE else title[:QUICK_REPLY_TITLE - 1] + "…"
        out.append({"content_type": "text", "title": title,
                    "payload": str(button.get("payload") or button.get("title"))})
    return out


class MessengerBotDe(MessengerBot):
    """Messenger output with length limits and quick replies."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for chunk in split_message(text, FACEBOOK_LIMIT):
            self.send(recipient_id, FBText(text=chunk))

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     **kwargs: Any) -> None:
        chunks = split_message(text, FACEBOOK_LIMIT) or ["Bitte wählen Sie:"]
        for chunk in chunks[:-1]:
            self.send(recipient_id, FBText(text=chunk))
        self.messenger_client.send({"text": chunks[-1], "quick_replies": quick_replies(buttons)},
                                   recipient_id, "RESPONSE")


class MessengerDe(Messenger):
    """Rasa's webhook parser, with the redirectable client and the German output."""

    def __init__(self, page_access_token: str, graph_url: str | None,
                 on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        super().__init__(page_access_token, on_new_message)
        self.client = client(page_access_token, graph_url)

    async def _handle_user_message(self, text: str, sender_id: str, metadata: dict | None) -> None:
        out = MessengerBotDe(self.client)
        await out.send_action(sender_id, sender_action="mark_seen")
        await out.send_action(sender_id, sender_action="typing_on")
        try:
            await self.on_new_message(UserMessage(text, out, sender_id, input_channel=self.name(),
                                                  metadata=metadata))
        except Exception:
            logger.exception("Facebook: Fehler beim Verarbeiten einer Nachricht.")
        finally:
            await out.send_action(sender_id, sender_action="typing_off")


def _well_formed(body: Any) -> bool:
    return (isinstance(body, dict) and isinstance(body.get("entry"), list)
            and all(isinstance(e, dict) and isinstance(e.get("messaging", []), list) for e in body["entry"])
            and all(isinstance(m, dict) and isinstance(m.get("sender"), dict)
                    for e in body["entry"] for m in e.get("messaging", [])))


class FacebookDeInput(FacebookInput):
    """Facebook Messenger input channel; off (503) until secret and page token are configured."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        creds = {key: setting(value) for key, value in (credentials or {}).items()}
        return cls(creds.get("verify"), creds.get("secret"), creds.get("page-access-token"),
                   graph_url=creds.get("graph_url"))

    def __init__(self, fb_verify: str | None, fb_secret: str | None, fb_access_token: str | None,
                 graph_url: str | None = None) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)  # type: ignore[arg-type]
        self.graph_url = graph_url
        if not (fb_secret and fb_access_token):
            logger.info("Facebook: FACEBOOK_SECRET/FACEBOOK_PAGE_ACCESS_TOKEN fehlen, Kanal bleibt aus.")

    @property
    def configured(self) -> bool:
        return bool(self.fb_secret and self.fb_access_token)

    def signature_ok(self, request: Request) -> bool:
        for header in ("X-Hub-Signature-256", "X-Hub-Signature"):
            value = request.headers.get(header)
            if value:
                return self.validate_hub_signature(self.fb_secret, request.body, value)
        return False

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("facebook_de_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.configured else "not configured"})

        @webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            if self.fb_verify and request.args.get("hub.verify_token") == self.fb_verify:
                return response.text(request.args.get("hub.challenge") or "")
            return response.text("failure, invalid token", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.configured:
                return response.text("facebook channel not configured", status=503)
            if not self.signature_ok(request):
                logger.warning("Facebook: Anfrage mit falscher Signatur abgewiesen.")
                return response.text("invalid signature", status=403)
            try:
                body = json.loads(request.body or b"")
            except ValueError:
                body = None
            if not _well_formed(body):
                return response.text("malformed payload", status=400)
            messenger = MessengerDe(self.fb_access_token, self.graph_url, on_new_message)
            try:
                await messenger.handle(body, self.get_metadata(request))
            except (AttributeError, IndexError, KeyError, TypeError):
                logger.warning("Facebook: unerwartete Nachrichtenstruktur abgewiesen.")
                return response.text("malformed payload", status=400)
            return response.text("success")

        return webhook

    def get_output_channel(self) -> MessengerBotDe:
        return MessengerBotDe(client(self.fb_access_token, self.graph_url))
