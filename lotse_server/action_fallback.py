"""A polite answer instead of silence when the action server is down, slow or failing.

Rasa 3.6 (`MessageProcessor._run_action`) catches any exception of a custom action, logs it and
continues without events, so the user gets no answer at all. There is no configuration hook for
this: the cleanest place is `RemoteAction.run`, the only code that talks to the action server.
The wrapper below
- bounds each call by LOTSE_ACTION_TIMEOUT seconds (default 30; Rasa's own default is 300),
- on connection errors, HTTP errors (not 400 = rejection, which forms rely on) and timeouts sends
  the `service_unavailable` text (with the way to a person) once per user message and records it
  as a bot utterance,
- after a failure, fails further calls at once for LOTSE_ACTION_RETRY seconds (default 5; a small
  circuit breaker), so one message that triggers several custom actions (slot validation, forms,
  the answer) does not wait for each of them in turn,
- leaves everything else untouched, so once the action server is back the conversation goes on.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import time
from collections import OrderedDict
from typing import Any

from rasa.core.actions import action as rasa_action
from rasa.shared.exceptions import RasaException

from lotse_server.texts import service_text

logger = logging.getLogger(__name__)
_MARK = "_lotse_fallback"


class _State:
    open_until = 0.0  # monotonic time until which the action server is considered down
    notified: OrderedDict[str, None] = OrderedDict()  # "sender:message id" already told


def _seconds(name: str, default: float) -> float:
    try:
        return max(0.0, float(os.environ.get(name, default)))
    except ValueError:
        return default


def action_timeout() -> float:
    return max(1.0, _seconds("LOTSE_ACTION_TIMEOUT", 30.0))


def _leichte(tracker: Any) -> bool:
    try:
        return bool(tracker.get_slot("leichte_sprache"))
    except Exception:  # noqa: BLE001 - a missing slot must not break the fallback
        return False


def _first_failure_of_turn(tracker: Any) -> bool:
    latest = getattr(tracker, "latest_message", None)
    key = f"{tracker.sender_id}:{getattr(latest, 'message_id', None) or id(latest)}"
    if key in _State.notified:
        return False
    _State.notified[key] = None
    while len(_State.notified) > 10000:
        _State.notified.popitem(last=False)
    return True


def install() -> None:
    """Wrap `RemoteAction.run` once (idempotent)."""
    original = rasa_action.RemoteAction.run
    if getattr(original, _MARK, False):
        return

    @functools.wraps(original)
    async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> list:
        try:
            if time.monotonic() < _State.open_until:
                raise RasaException("action server marked as down")
            result = await asyncio.wait_for(original(self, output_channel, nlg, tracker, domain),
                                            timeout=action_timeout())
            _State.open_until = 0.0
            return result
        except rasa_action.ActionExecutionRejection:
            raise
        except (RasaException, asyncio.TimeoutError) as err:
            if time.monotonic() >= _State.open_until:
                _State.open_until = time.monotonic() + _seconds("LOTSE_ACTION_RETRY", 5.0)
            reason = "Zeitüberschreitung" if isinstance(err, asyncio.TimeoutError) else type(err).__name__
            if not _first_failure_of_turn(tracker):
                logger.debug("Action-Server-Fehler bei '%s' (%s)", self.name(), reason)
                return []
            logger.error("Action-Server-Fehler bei '%s' (%s); Unterhaltung %s erhält Hinweis auf "
                         "persönliche Beratung.", self.name(), reason, tracker.sender_id)
            message = {"text": service_text("service_unavailable", _leichte(tracker))}
            # the processor sends returned BotUttered events itself (_send_bot_messages)
            return [rasa_action.create_bot_utterance(dict(message))]

    setattr(run, _MARK, True)
    rasa_action.RemoteAction.run = run
