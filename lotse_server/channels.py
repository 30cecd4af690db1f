"""Input channels that reject what the assistant cannot use, with a clear German message.

`GuardedRestInput` keeps Rasa's REST route (/webhooks/rest/webhook, channel name "rest") and checks
every request before it reaches the dialogue: size, JSON, types, binary data, message length. It
also never logs message texts (Rasa's RestInput logs the text when processing fails).
`GuardedSocketIOInput` applies the same checks to socket.io messages and answers a rejected message
with a `bot_uttered` event instead of dropping it silently.
"""

from __future__ import annotations

import json
import logging
import os
import re
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from lotse_server import action_fallback, hotline
from lotse_server.texts import service_text

logger = logging.getLogger(__name__)
action_fallback.install()
HOTLINE_KEY = "lotse_hotline"  # metadata key: can a person take over now (read by action_handoff)
_SOCKET: dict[str, Any] = {}  # the socket.io server of GuardedSocketIOInput, for agent messages


def with_hotline(metadata: Any) -> dict:
    """The message metadata plus the hotline availability (a client's own value is replaced)."""
    base = dict(metadata) if isinstance(metadata, dict) else {}
    try:
        base[HOTLINE_KEY] = hotline.availability()
    except ValueError as err:  # a broken LOTSE_HOTLINE_HOURS: no handoff, office contact instead
        logger.error("%s", err)
        base[HOTLINE_KEY] = {"available": False, "reason": "closed", "hours": ""}
    return base


async def emit_to_session(session_id: str, message: str | None = None, agent: str | None = None,
                          handoff: dict | None = None, ts: float | None = None) -> bool:
    """Push a message (optionally marked as written by a person) and/or the handoff state to the
    widget of `session_id`. False when no socket.io channel runs (REST users see it in history)."""
    sio = _SOCKET.get("sio")
    if sio is None:
        return False
    namespace = _SOCKET.get("namespace")
    if message:
        payload: dict[str, Any] = {"text": message}
        if agent:
            payload["lotse_agent"] = agent
        if ts is not None:
            payload["lotse_ts"] = ts  # lets the widget skip what it already has (see _handoff_state_of)
        await sio.emit(_SOCKET["bot_evt"], payload, room=session_id, namespace=namespace)
    if handoff is not None:
        await sio.emit("lotse_handoff", handoff, room=session_id, namespace=namespace)
    return True


async def _handoff_state_of(session_id: str) -> dict | None:
    """The handoff state of a conversation from the tracker store (None if unknown)."""
    app = _SOCKET.get("app")
    agent = getattr(getattr(app, "ctx", None), "agent", None) if app is not None else None
    if agent is None or agent.tracker_store is None:
        return None
    tracker = await agent.tracker_store.retrieve(session_id)
    if tracker is None:
        return None
    events = [e.as_dict() for e in tracker.events]
    return {**hotline.handoff_state(events), "messages": hotline.since_handoff(events)}

MAX_BODY_BYTES = 64 * 1024
MAX_SENDER_CHARS = 128
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_EXAMPLE = '{"sender": "...", "message": "..."}'


def max_message_chars() -> int:
    try:
        return max(1, int(os.environ.get("LOTSE_MAX_MESSAGE_CHARS", "5000")))
    except ValueError:
        return 5000


class InputRejected(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check_fields(payload: Any, sender_key: str = "sender") -> tuple[str, str, dict]:
    """(sender, message, metadata) from a decoded payload, or InputRejected with the reason."""
    if not isinstance(payload, dict):
        raise InputRejected("invalid_json", service_text("input_invalid_json", example=_EXAMPLE))
    sender, message = payload.get(sender_key), payload.get("message")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise InputRejected("wrong_type", service_text(
            "input_wrong_type", field=sender_key, expected=f"Text mit 1 bis {MAX_SENDER_CHARS} Zeichen"))
    if not isinstance(message, str):
        raise InputRejected("wrong_type", service_text("input_wrong_type", field="message", expected="Text"))
    if _CONTROL.search(message) or _CONTROL.search(sender):
        raise InputRejected("binary", service_text("input_binary"))
    limit = max_message_chars()
    if len(message) > limit:
        raise InputRejected("too_long", service_text("input_too_long", limit=limit))
    metadata = payload.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise InputRejected("wrong_type",
                            service_text("input_wrong_type", field="metadata", expected="ein Objekt"))
    return sender, message, metadata


def check_body(body: bytes) -> tuple[str, str, dict]:
    """Validate a raw REST request body."""
    if len(body) > MAX_BODY_BYTES:
        raise InputRejected("too_large", service_text("input_too_large", limit=MAX_BODY_BYTES))
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputRejected("binary", service_text("input_binary")) from None
    try:
        payload = json.loads(decoded)
    except ValueError:
        raise InputRejected("invalid_json", service_text("input_invalid_json", example=_EXAMPLE)) from None
    return check_fields(payload)


def _rejection(err: InputRejected) -> HTTPResponse:
    logger.info("REST-Eingabe abgelehnt: %s", err.code)  # the reason only, never the content
    return response.json({"error": err.message, "code": err.code}, status=400)


class GuardedRestInput(RestInput):
    """Rasa's REST channel with input checks; same name and route."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text, metadata = check_body(request.body or b"")
            except InputRejected as err:
                return _rejection(err)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                 metadata=with_hotline(metadata)))
            except CancelledError:
                logger.error("REST-Nachricht: Zeitüberschreitung (Unterhaltung %s)", sender)
            except Exception:  # noqa: BLE001 - the client always gets an answer
                logger.exception("REST-Nachricht konnte nicht verarbeitet werden (Unterhaltung %s)", sender)
            return response.json(collector.messages)

        return webhook


def _patch_socketio_rooms() -> None:
    """Apply the room fix of channels/socketio_compat.py (Rasa 3.6 + python-socketio >= 5.10:
    `enter_room` is not awaited, so answers never reach the session) when that module exists."""
    try:
        from channels.socketio_compat import patch_socketio_channel
    except ImportError:
        return
    patch_socketio_channel()


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel with the same checks as the REST channel."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        _patch_socketio_rooms()
        bp = super().blueprint(on_new_message)
        sio = self.sio
        original = sio.handlers[self.namespace or "/"][self.user_message_evt]
        _SOCKET.update(sio=sio, namespace=self.namespace, bot_evt=self.bot_message_evt)

        @bp.listener("after_server_start")
        async def remember_app(app: Any, _loop: Any) -> None:
            _SOCKET["app"] = app

        async def guarded(sid: str, data: Any = None) -> None:
            try:
                if isinstance(data, bytes | bytearray):
                    raise InputRejected("binary", service_text("input_binary"))
                if not isinstance(data, dict):
                    raise InputRejected("invalid_json",
                                        service_text("input_invalid_json", example='{"message": "..."}'))
                if self.session_persistence:
                    check_fields(data, sender_key="session_id")
                else:
                    check_fields({**data, "sender": sid})
            except InputRejected as err:
                logger.info("socket.io-Eingabe abgelehnt: %s", err.code)
                await sio.emit(self.bot_message_evt, {"text": err.message, "error": err.code}, room=sid,
                               namespace=self.namespace)
                return
            data = {**data, "metadata": with_hotline(data.get("metadata"))}
            try:
                await original(sid, data)
            except Exception:  # noqa: BLE001 - keep the connection and say so
                logger.exception("socket.io-Nachricht konnte nicht verarbeitet werden")
            await self._tell_handoff_state(sid, data)

        async def session_request(sid: str, data: Any = None) -> None:
            await original_session(sid, data)
            await self._tell_handoff_state(sid, data)

        original_session = sio.handlers[self.namespace or "/"].get("session_request")
        if original_session is not None:
            sio.on("session_request", namespace=self.namespace)(session_request)

        sio.on(self.user_message_evt, namespace=self.namespace)(guarded)
        return bp

    async def _tell_handoff_state(self, sid: str, data: Any) -> None:
        """After a message or a (re)connect: tell the widget whether a person has the conversation
        (waiting/active/bot), so it can say so and stop showing the typing indicator."""
        if not self.session_persistence or not isinstance(data, dict):
            return
        session_id = data.get("session_id")
        if not isinstance(session_id, str) or not session_id:
            return
        try:
            state = await _handoff_state_of(session_id)
        except Exception:  # noqa: BLE001 - the state is a courtesy, the message went through
            logger.exception("Übergabe-Status nicht lesbar")
            return
        if state is not None:
            # with the hotline's messages since the handoff: a widget that was disconnected while
            # the agent wrote (network, server restart) shows what it missed
            await self.sio.emit("lotse_handoff", {"status": state["status"], "agent": state["agent"],
                                                  "messages": state["messages"]},
                                room=sid, namespace=self.namespace)


