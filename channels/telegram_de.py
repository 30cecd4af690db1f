"""Telegram channel (`telegram_de`): German messages, keyboards, length limits, testable API server.

Differences to Rasa's `telegram` connector:
- the Bot API server can be replaced (`api_server`, env `TELEGRAM_API_SERVER`; only tests use it);
- the webhook is registered when the server starts, with an optional `secret_token` that Telegram
  echoes in `X-Telegram-Bot-Api-Secret-Token` (checked here; Rasa instead calls getMe per message);
- texts are split at sentence boundaries below Telegram's 4096 characters, buttons become an inline
  keyboard (one button per row when there are more than two or long titles);
- malformed updates get 400, and the channel stays off (503) while no token is configured.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.env import setting
from channels.formatting import TELEGRAM_LIMIT, split_message

logger = logging.getLogger(__name__)
CALLBACK_DATA_LIMIT = 64  # bytes, Telegram Bot API
START_TEXT = "Hallo"


def callback_data(button: dict[str, Any]) -> str:
    """The payload if Telegram accepts its length, otherwise the title (the NLU understands it)."""
    payload = str(button.get("payload") or button.get("title") or "")
    if len(payload.encode()) <= CALLBACK_DATA_LIMIT:
        return payload
    return str(button.get("title", "")).encode()[:CALLBACK_DATA_LIMIT].decode(errors="ignore")


def keyboard(buttons: list[dict[str, Any]], button_type: str | None = None) -> Any:
    """Inline keyboard (default) or one-time reply keyboard for `button_type="reply"`."""
    titles = [str(b.get("title", "")) for b in buttons]
    if button_type == "reply":
        markup = ReplyKeyboardMarkup(resize_keyboard=True, one_time_keyboard=True)
        for title in titles:
            markup.add(KeyboardButton(title))
        return markup
    markup = InlineKeyboardMarkup()
    inline = [InlineKeyboardButton(t, callback_data=callback_data(b))
              for t, b in zip(titles, buttons, strict=True)]
    if len(inline) <= 2 and all(len(t) <= 20 for t in titles):
        markup.row(*inline)
    else:
        for item in inline:
            markup.row(item)
    return markup


class TelegramDeOutput(TelegramOutput):
    """Telegram output with length limits and keyboards."""

    @classmethod
    def name(cls) -> str:
        return "telegram_de"

    def __init__(self, access_token: str, server: TelegramAPIServer = TELEGRAM_PRODUCTION) -> None:
        Bot.__init__(self, access_token, server=server)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for chunk in split_message(text, TELEGRAM_LIMIT):
            await self.send_message(recipient_id, chunk)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     button_type: str | None = None, **kwargs: Any) -> None:
        chunks = split_message(text, TELEGRAM_LIMIT) or ["Bitte wählen Sie:"]
        for chunk in chunks[:-1]:
            await self.send_message(recipient_id, chunk)
        await self.send_message(recipient_id, chunks[-1], reply_markup=keyboard(buttons, button_type))


class TelegramDeInput(TelegramInput):
    """Telegram webhook input channel."""

    @classmethod
    def name(cls) -> str:
        return "telegram_de"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        creds = {key: setting(value) for key, value in (credentials or {}).items()}
        return cls(creds.get("access_token"), creds.get("verify"), creds.get("webhook_url"),
                   secret_token=creds.get("secret_token"), api_server=creds.get("api_server"))

    def __init__(self, access_token: str | None, verify: str | None, webhook_url: str | None,
                 secret_token: str | None = None, api_server: str | None = None) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode=False)
        self.secret_token = secret_token
        self.server = TelegramAPIServer.from_base(api_server) if api_server else TELEGRAM_PRODUCTION
        self.out: TelegramDeOutput | None = None
        if access_token:
            try:
                self.out = TelegramDeOutput(access_token, self.server)
            except Exception as error:  # aiogram validates the token format
                logger.error("Telegram: ungültiges Token, Kanal bleibt aus (%s).", error)
        else:
            logger.info("Telegram: TELEGRAM_TOKEN fehlt, Kanal bleibt aus.")

    def get_output_channel(self) -> TelegramDeOutput | None:  # type: ignore[override]
        return self.out

    async def register_webhook(self) -> bool:
        """setWebhook at the configured API server (with the secret token, if any)."""
        if not self.out or not self.webhook_url:
            return False
        data: dict[str, Any] = {"url": self.webhook_url}
        if self.secret_token:
            data["secret_token"] = self.secret_token
        try:
            return bool(await self.out.request("setWebhook", data))
        except Exception as error:
            logger.error("Telegram: setWebhook fehlgeschlagen (%s).", error)
            return False

    @staticmethod
    def _parse(request: Request) -> Update | None:
        try:
            body = json.loads(request.body or b"")
            if isinstance(body, str):
                body = json.loads(body)
            if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
                return None
            for key in ("message", "edited_message", "callback_query"):
                if key in body and not isinstance(body[key], dict):
                    return None
            query = body.get("callback_query") or {}
            if "message" in query and not isinstance(query["message"], dict):
                return None
            return Update(**body)
        except Exception:
            return None

    @staticmethod
    def _extract(update: Update) -> tuple[str | None, str | None]:
        """(chat id, text) of a message, an edited message or a button press."""
        if update.callback_query and update.callback_query.message:
            msg, text = update.callback_query.message, update.callback_query.data
        else:
            msg = update.message or update.edited_message
            text = msg.text if msg else None
            if msg and not text and msg.location:
                text = f'{{"lng":{msg.location.longitude}, "lat":{msg.location.latitude}}}'
        if not msg or not msg.chat or not isinstance(text, str):
            return None, None
        chat_id = msg.chat.id
        if not isinstance(chat_id, int | str):
            raise ValueError("chat id")
        text = START_TEXT if text.strip().split("@")[0] == "/start" else text
        return str(chat_id), text

    async def _answer_button(self, update: Update) -> None:
        try:
            await self.out.answer_callback_query(update.callback_query.id)  # type: ignore[union-attr]
        except Exception as error:  # the spinner on the button is cosmetic
            logger.debug("Telegram: answerCallbackQuery fehlgeschlagen (%s).", error)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("telegram_de_webhook", __name__)

        @webhook.listener("before_server_start")
        async def set_webhook_at_start(*_: Any) -> None:
            if await self.register_webhook():
                logger.info("Telegram: Webhook registriert.")

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.out else "not configured"})

        @webhook.route("/set_webhook", methods=["POST"])
        async def set_webhook(_: Request) -> HTTPResponse:
            ok = await self.register_webhook()
            return response.json({"ok": ok}, status=200 if ok else 502)

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not self.out:
                return response.text("telegram channel not configured", status=503)
            if self.secret_token and (
                    request.headers.get("X-Telegram-Bot-Api-Secret-Token") != self.secret_token):
                return response.text("invalid secret token", status=403)
            update = self._parse(request)
            if update is None:
                return response.text("malformed update", status=400)
            try:
                chat_id, text = self._extract(update)
            except (AttributeError, TypeError, ValueError):
                return response.text("malformed update", status=400)
            if not chat_id or not text:
                return response.text("ignored")
            if update.callback_query:
                await self._answer_button(update)
            try:
                await on_new_message(UserMessage(text, self.out, chat_id, input_channel=self.name(),
                                                 metadata=self.get_metadata(request)))
            except Exception:
                logger.exception("Telegram: Fehler beim Verarbeiten einer Nachricht.")
            return response.text("success")

        return webhook
