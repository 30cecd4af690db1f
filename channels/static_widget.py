"""Serve the web widget, its demo page and the hotline agent page from the Rasa server.

Registered in credentials.yml as ``channels.static_widget.StaticWidgetInput``. It handles no
messages: the widget talks to Rasa's ``socketio`` channel, the agent page to the ``rest`` channel.
Only files inside ``widget/`` with a known type are served; dotfiles, ``node_modules`` and anything
that resolves outside the folder (``..``, symlinks, encoded slashes) get a 404.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.socketio_compat import patch_socketio_channel

WIDGET_DIR = Path(__file__).resolve().parent.parent / "widget"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "SAMEORIGIN",
}


def resolve_widget_file(relative: str, root: Path = WIDGET_DIR) -> Path | None:
    """The file under ``root`` that ``relative`` names, or None if it must not be served."""
    relative = relative or "index.html"
    if "\\" in relative or "\x00" in relative or relative.startswith("/"):
        return None
    parts = relative.split("/")
    if any(p in ("", ".", "..") or p.startswith(".") or p == "node_modules" for p in parts):
        return None
    base = root.resolve()
    try:
        target = (base / relative).resolve()
    except (OSError, RuntimeError):
        return None
    if base not in target.parents or not target.is_file():
        return None
    if target.suffix not in CONTENT_TYPES:
        return None
    return target


class StaticWidgetInput(InputChannel):
    """Static files under /widget/: demo (``/widget/``), widget script, agent page."""

    @classmethod
    def name(cls) -> str:
        return "widget"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        # the widget needs session persistence in Rasa's socket.io channel (see socketio_compat)
        patch_socketio_channel()
        return cls()

    def url_prefix(self) -> str:
        # absolute, so Rasa's "/webhooks/" route prefix is not put in front
        return "/widget"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("lotse_widget", url_prefix="/widget")

        async def serve(relative: str) -> HTTPResponse:
            target = resolve_widget_file(relative)
            if target is None:
                return response.text("Nicht gefunden", status=404, headers=SECURITY_HEADERS)
            headers = {**SECURITY_HEADERS, "Cache-Control": "no-cache"}
            return await response.file(target, headers=headers,
                                       mime_type=CONTENT_TYPES[target.suffix])

        @bp.route("/", methods=["GET", "HEAD"])
        async def index(_: Request) -> HTTPResponse:
            return await serve("index.html")

        @bp.route("/<relative:path>", methods=["GET", "HEAD"])
        async def static(_: Request, relative: str) -> HTTPResponse:
            return await serve(relative)

        return bp
