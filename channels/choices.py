"""Find the buttons the bot offered last, so text/voice replies can select them by number or name."""

from __future__ import annotations

from typing import Any

from rasa.shared.core.events import BotUttered, UserUttered


async def last_buttons(tracker_store: Any, sender_id: str) -> list[dict[str, Any]]:
    """Buttons of the latest bot turn (since the last user message); empty if there were none."""
    tracker = await tracker_store.retrieve(sender_id)
    if tracker is None:
        return []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and event.data.get("buttons"):
            return list(event.data["buttons"])
    return []
