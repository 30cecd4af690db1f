"""Rocket.Chat channel (`rocketchat`), a thin subclass of Rasa's connector.

Differences: off (503) until user, password and server URL are configured; checks the outgoing
webhook's `token` when `webhook_token` is set (Rasa accepts anyone); malformed payloads get 400
instead of a server error; one login per process instead of one per message; texts are split
below 5000 characters (Rocket.Chat's default message limit).
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rocketchat import RocketChatBot, RocketChatInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.env import setting
from channels.formatting import ROCKETCHAT_LIMIT, split_message

logger = logging.getLogger(__name__)


class RocketChatDeBot(RocketChatBot):
    """Rocket.Chat output with length limits."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for chunk in split_message(text, ROCKETCHAT_LIMIT):
            self.rocket.chat_post_message(chunk, room_id=recipient_id)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     **kwargs: Any) -> None:
        chunks = split_message(text, ROCKETCHAT_LIMIT) or ["Bitte wählen Sie:"]
        for chunk in chunks[:-1]:
            self.rocket.chat_post_message(chunk, room_id=recipient_id)
        self.rocket.chat_post_message(chunks[-1], room_id=recipient_id,
                                      attachments=[{"actions": self._convert_to_rocket_buttons(buttons)}])


def _parse(body: Any) -> tuple[str, str, str] | None:
    """(text, sender name, room id) from an outgoing-webhook or Livechat payload."""
    if not isinstance(body, dict):
        return None
    if "visitor" in body:
        messages = body.get("messages")
        if not (isinstance(messages, list) and messages and isinstance(messages[0], dict)):
            return None
        text, sender, room = messages[0].get("msg"), messages[0].get("username"), body.get("_id")
    else:
        text, sender, room = body.get("text"), body.get("user_name"), body.get("channel_id")
    if not all(isinstance(v, str) and v for v in (text, sender, room)):
        return None
    return text, sender, room


class RocketChatDeInput(RocketChatInput):
    """Rocket.Chat outgoing-webhook input channel."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        creds = {key: setting(value) for key, value in (credentials or {}).items()}
        return cls(creds.get("user"), creds.get("password"), creds.get("server_url"),
                   webhook_token=creds.get("webhook_token"))

    def __init__(self, user: str | None, password: str | None, server_url: str | None,
                 webhook_token: str | None = None) -> None:
        super().__init__(user, password, server_url)  # type: ignore[arg-type]
        self.webhook_token = webhook_token
        self._out: RocketChatDeBot | None = None

    @property
    def configured(self) -> bool:
        return bool(self.user and self.password and self.server_url)

    def get_output_channel(self) -> RocketChatDeBot:
        if self._out is None:
            self._out = RocketChatDeBot(self.user, self.password, self.server_url)
        return self._out

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("rocketchat_de_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.configured else "not configured"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.configured:
                return response.text("rocketchat channel not configured", status=503)
            try:
                body = json.loads(request.body or b"")
            except ValueError:
                body = None
            if not isinstance(body, dict):
                return response.text("malformed payload", status=400)
            if self.webhook_token and not hmac.compare_digest(str(body.get("token", "")),
                                                              self.webhook_token):
                return response.text("invalid token", status=403)
            parsed = _parse(body)
            if parsed is None:
                return response.text("malformed payload", status=400)
            text, sender, room = parsed
            if sender == self.user:  # the bot's own messages come back through the webhook
                return response.text("")
            try:
                out = self.get_output_channel()
            except Exception:
                logger.exception("Rocket.Chat: Anmeldung fehlgeschlagen.")
                self._out = None
                return response.text("rocket.chat login failed", status=502)
            try:
                await on_new_message(UserMessage(text, out, room, input_channel=self.name(),
                                                 metadata=self.get_metadata(request)))
            except Exception:
                logger.exception("Rocket.Chat: Fehler beim Verarbeiten einer Nachricht.")
            return response.text("")

        return webhook
