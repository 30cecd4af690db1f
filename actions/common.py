"""Shared glue: knowledge-store access, Leichte-Sprache flag, sending answers, KB failure handling."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from lotse.answer import Answer
from lotse.kb import KnowledgeStore, build_database
from lotse.kb.store import DEFAULT_DB
from lotse.retrieval import Retriever, retriever_for
from lotse.texts import text

logger = logging.getLogger(__name__)
_store: KnowledgeStore | None = None
_lock = threading.Lock()

TOPIC_NONTOPIC_INTENTS = frozenset({
    "levy_calculate", "dismissal_deadline", "precheck_27", "ask_office", "ask_forms",
    "find_benefits", "ask_conditions", "ask_details", "greet", "goodbye", "thanks", "affirm",
    "deny", "human_handoff", "bot_capabilities", "bot_challenge", "leichte_sprache_an",
    "leichte_sprache_aus", "out_of_scope", "dont_know", "inform", "restart", "feedback",
    "nlu_fallback",
})


def store() -> KnowledgeStore:
    """The knowledge store; builds the database from YAML on first use if it is missing."""
    global _store
    with _lock:
        if _store is None:
            if not DEFAULT_DB.exists():
                build_database()
            _store = KnowledgeStore(DEFAULT_DB)
        return _store


def set_store(new: KnowledgeStore | None) -> None:
    """Point the actions at another database (tests)."""
    global _store
    with _lock:
        _store = new


def retriever() -> Retriever:
    """The answer engine over the same database as `store()` (loaded once per database)."""
    return retriever_for(str(store().db_path))


def intent_confidences(tracker: Tracker) -> dict[str, float]:
    """Topic id -> the classifier's confidence, from the latest message's intent ranking."""
    kb = store()
    out: dict[str, float] = {}
    message = tracker.latest_message or {}
    ranking = message.get("intent_ranking") or [message.get("intent") or {}]
    for item in ranking:
        name, conf = item.get("name"), float(item.get("confidence") or 0.0)
        if not name or name in TOPIC_NONTOPIC_INTENTS:
            continue
        topic = kb.topic_for_intent(name)
        if topic is not None:
            out[topic.id] = max(out.get(topic.id, 0.0), conf)
    return out


def leichte(tracker: Tracker) -> bool:
    return bool(tracker.get_slot("leichte_sprache"))


def say(dispatcher: CollectingDispatcher, answer: Answer) -> None:
    dispatcher.utter_message(text=answer.text, buttons=answer.buttons or None)


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def entity_values(tracker: Tracker, entity: str) -> list[Any]:
    return [e.get("value") for e in (tracker.latest_message or {}).get("entities") or []
            if e.get("entity") == entity]


def kb_guard(func: Callable[..., Awaitable[list]]) -> Callable[..., Awaitable[list]]:
    """Turn any knowledge-base failure into a polite message with a way to reach a person."""

    @functools.wraps(func)
    async def wrapper(self: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: dict) -> list:
        try:
            return await func(self, dispatcher, tracker, domain)
        except Exception:  # noqa: BLE001 - any failure must reach the user as a message
            logger.exception("action %s failed (conversation %s)", self.name(), tracker.sender_id)
            dispatcher.utter_message(text=text("kb_error", leichte(tracker)))
            return []

    return wrapper
