"""Make Rasa 3.6's socket.io channel work with session persistence on python-socketio >= 5.10.

Rasa 3.6.21 calls ``sio.enter_room(sid, session_id)`` without ``await`` (RasaHQ/rasa#13027). Since
python-socketio 5.10 ``AsyncServer.enter_room`` is a coroutine, so the call does nothing: the browser
never joins the room of its session id and never receives a ``bot_uttered`` event. We hand Rasa a
server class whose ``enter_room`` schedules the coroutine itself; awaiting the result still works,
so the shim stays correct once Rasa adds the missing ``await``.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import rasa.core.channels.socketio as rasa_socketio
import socketio


class RoomSafeAsyncServer(socketio.AsyncServer):
    """``AsyncServer`` whose ``enter_room`` also takes effect when the caller forgets ``await``."""

    def enter_room(self, sid: str, room: str, namespace: str | None = None) -> Any:  # type: ignore[override]
        return asyncio.ensure_future(super().enter_room(sid, room, namespace=namespace))


def patch_socketio_channel() -> bool:
    """Install the shim once; returns True when Rasa's channel needed it."""
    if rasa_socketio.AsyncServer is RoomSafeAsyncServer:
        return True
    if not inspect.iscoroutinefunction(socketio.AsyncServer.enter_room):
        return False  # old python-socketio: enter_room is synchronous, nothing to fix
    rasa_socketio.AsyncServer = RoomSafeAsyncServer
    return True
