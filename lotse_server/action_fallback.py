"""A polite answer instead of silence when the action server is down, slow or failing.

Rasa 3.6 (`MessageProcessor._run_action`) catches any exception of a custom action, logs it and
continues without events, so the user gets no answer at all. There is no configuration hook for
this: the cleanest place is `RemoteAction.run`, the only code that talks to the action server.
The wrapper below
- bounds the call by LOTSE_ACTION_TIMEOUT seconds (default 30; Rasa's own default is 300),
- on connection errors, HTTP errors (not 400 = rejection, which forms rely on) and timeouts sends
  the `service_unavailable` text (with the way to a person) and records it as a bot utterance,
- leaves everything else untouched, so once the action server is back the conversation goes on.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from typing import Any

from rasa.core.actions import action as rasa_action
from rasa.shared.exceptions import RasaException

from lotse_server.texts import service_text

logger = logging.getLogger(__name__)
_MARK = "_lotse_fallback"


def action_timeout() -> float:
    try:
        return max(1.0, float(os.environ.get("LOTSE_ACTION_TIMEOUT", "30")))
    except ValueError:
        return 30.0


def _leichte(tracker: Any) -> bool:
    try:
        return bool(tracker.get_slot("leichte_sprache"))
    except Exception:  # noqa: BLE001 - a missing slot must not break the fallback
        return False


def install() -> None:
    """Wrap `RemoteAction.run` once (idempotent)."""
    original = rasa_action.RemoteAction.run
    if getattr(original, _MARK, False):
        return

    @functools.wraps(original)
    async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> list:
        try:
            return await asyncio.wait_for(original(self, output_channel, nlg, tracker, domain),
                                          timeout=action_timeout())
        except rasa_action.ActionExecutionRejection:
            raise
        except (RasaException, asyncio.TimeoutError) as err:
            reason = "Zeitüberschreitung" if isinstance(err, asyncio.TimeoutError) else type(err).__name__
            logger.error("Action-Server-Fehler bei '%s' (%s); Nutzer erhält Hinweis auf persönliche "
                         "Beratung.", self.name(), reason)
            message = {"text": service_text("service_unavailable", _leichte(tracker))}
            await output_channel.send_response(tracker.sender_id, dict(message))
            return [rasa_action.create_bot_utterance(dict(message))]

    setattr(run, _MARK, True)
    rasa_action.RemoteAction.run = run
