"""WhatsApp through Twilio (`twilio_whatsapp`): numbered choices instead of buttons.

WhatsApp (via Twilio's Messages API) has no free-form buttons, so buttons are sent as numbered
lines ("1) Voraussetzungen", "2) Mehr dazu") and a reply "1"/"2" (or the exact title) is mapped back
to the payload of the bot's latest buttons, read from the tracker (survives restarts, no extra
state). Texts are split below WhatsApp's 1600 characters at sentence boundaries. Requests must
carry a valid `X-Twilio-Signature`; the Twilio API base URL can be replaced (`api_base`, env
`TWILIO_API_BASE`; only tests use it) through the documented `http_client` hook of twilio's Client.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.http.http_client import TwilioHttpClient

from channels import twilio_auth
from channels.choices import last_buttons
from channels.env import setting
from channels.formatting import WHATSAPP_LIMIT, numbered_choices, resolve_choice, split_message

logger = logging.getLogger(__name__)
TWILIO_API = "https://api.twilio.com"
CHOICE_HINT = "Bitte antworten Sie mit der Nummer."


class RedirectingHttpClient(TwilioHttpClient):
    """Sends requests for api.twilio.com to another base URL (a local fake in the tests)."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if url.startswith(TWILIO_API):
            url = self.base + url[len(TWILIO_API):]
        return super().request(method, url, *args, **kwargs)


def with_choices(text: str, buttons: list[dict[str, Any]]) -> str:
    """Message text followed by numbered choices and a hint how to answer."""
    return f"{text.strip()}\n\n{numbered_choices(buttons)}\n\n{CHOICE_HINT}".strip()


class WhatsAppOutput(TwilioOutput):
    """Twilio Messages output for WhatsApp numbers."""

    @classmethod
    def name(cls) -> str:
        return "twilio_whatsapp"

    def __init__(self, account_sid: str, auth_token: str, twilio_number: str,
                 api_base: str | None = None) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        if api_base:
            self.http_client = RedirectingHttpClient(api_base)

    async def _send_chunks(self, recipient_id: str, text: str) -> None:
        for chunk in split_message(text, WHATSAPP_LIMIT):
            await self._send_message({"to": recipient_id, "from_": self.twilio_number, "body": chunk})

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send_chunks(recipient_id, text)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     **kwargs: Any) -> None:
        await self._send_chunks(recipient_id, with_choices(text, buttons))


class WhatsAppInput(TwilioInput):
    """Twilio webhook for incoming WhatsApp messages; off (503) until SID, token and number are set."""

    @classmethod
    def name(cls) -> str:
        return "twilio_whatsapp"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        creds = {key: setting(value) for key, value in (credentials or {}).items()}
        return cls(creds.get("account_sid"), creds.get("auth_token"), creds.get("twilio_number"),
                   api_base=creds.get("api_base"), webhook_url=creds.get("webhook_url"))

    def __init__(self, account_sid: str | None, auth_token: str | None, twilio_number: str | None,
                 api_base: str | None = None, webhook_url: str | None = None) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.api_base = api_base
        self.webhook_url = webhook_url
        if twilio_number and not twilio_number.startswith("whatsapp:"):
            self.twilio_number = f"whatsapp:{twilio_number}"

    @property
    def configured(self) -> bool:
        return bool(self.account_sid and self.auth_token and self.twilio_number)

    def get_output_channel(self) -> WhatsAppOutput:
        return WhatsAppOutput(self.account_sid, self.auth_token, self.twilio_number, self.api_base)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("twilio_whatsapp_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.configured else "not configured"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.configured:
                return response.text("whatsapp channel not configured", status=503)
            if not twilio_auth.is_valid(request, self.auth_token, self.webhook_url):
                return response.text("invalid signature", status=403)
            form = request.form or {}
            sender, text = form.get("From"), (form.get("Body") or "").strip()
            if not sender or not text:
                return response.text("missing From or Body", status=400)
            store = request.app.ctx.agent.tracker_store
            text = resolve_choice(text, await last_buttons(store, sender)) or text
            try:
                await on_new_message(UserMessage(text, self.get_output_channel(), sender,
                                                 input_channel=self.name(),
                                                 metadata=self.get_metadata(request)))
            except Exception:
                logger.exception("WhatsApp: Fehler beim Verarbeiten einer Nachricht.")
            return response.text("", status=204)

        return webhook
