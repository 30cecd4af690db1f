"""The widget's static-file channel and the socket.io room fix, without starting servers."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import rasa.core.channels.socketio as rasa_socketio

from channels.socketio_compat import RoomSafeAsyncServer, patch_socketio_channel
from channels.static_widget import WIDGET_DIR, StaticWidgetInput, resolve_widget_file


@pytest.fixture
def widget_root(tmp_path: Path) -> Path:
    root = tmp_path / "widget"
    (root / "vendor").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html>")
    (root / "vendor" / "lib.js").write_text("//")
    (root / ".secret.js").write_text("//")
    (root / "package.json").write_text("{}")
    (tmp_path / "outside.js").write_text("//")
    (root / "link.js").symlink_to(tmp_path / "outside.js")
    return root


@pytest.mark.parametrize("relative, expected", [
    ("", "index.html"), ("index.html", "index.html"), ("vendor/lib.js", "vendor/lib.js"),
])
def test_files_inside_the_widget_folder_are_served(widget_root, relative, expected):
    assert resolve_widget_file(relative, widget_root) == (widget_root / expected).resolve()


@pytest.mark.parametrize("relative", [
    "../outside.js", "vendor/../../outside.js", "/etc/passwd", "vendor\\..\\..\\outside.js", "link.js",
    ".secret.js", "package.json", "vendor/", "./index.html", "vendor//lib.js", "missing.js", "index.html\x00",
    "node_modules/x.js",
])
def test_nothing_else_is_served(widget_root, relative):
    assert resolve_widget_file(relative, widget_root) is None


def test_the_real_widget_folder_has_demo_agent_page_and_script():
    for name in ("index.html", "agent.html", "lotse-widget.js", "lotse-widget.css", "agent.js"):
        assert resolve_widget_file(name) == WIDGET_DIR / name


def test_channel_is_mounted_at_widget_not_under_webhooks():
    channel = StaticWidgetInput.from_credentials(None)
    assert channel.name() == "widget" and channel.url_prefix() == "/widget"
    assert channel.blueprint(lambda _: None).url_prefix == "/widget"  # type: ignore[arg-type]


def test_socketio_room_fix_joins_the_room_without_await():
    assert patch_socketio_channel()
    assert rasa_socketio.AsyncServer is RoomSafeAsyncServer

    async def join() -> dict:
        sio = RoomSafeAsyncServer(async_mode="asgi")
        sid = await sio.manager.connect("eio-1", "/")
        sio.enter_room(sid, "session-abc")  # the way Rasa 3.6 calls it: no await
        await asyncio.sleep(0.01)
        return sid, list(sio.manager.get_participants("/", "session-abc"))

    sid, participants = asyncio.run(join())
    assert [p[0] for p in participants] == [sid]
