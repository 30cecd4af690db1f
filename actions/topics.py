"""Answer questions about a benefit or topic from the knowledge base."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    TOPIC_NONTOPIC_INTENTS,
    entity_values,
    kb_guard,
    latest_intent,
    latest_text,
    leichte,
    say,
    store,
)
from actions.office import office_hint
from lotse.answer import compose
from lotse.texts import text

LEVY_TOPIC = "ausgleichsabgabe"


def topic_events(tracker: Tracker, topic_id: str) -> list[dict[str, Any]]:
    """Remember the current topic (for 'Voraussetzungen?', 'mehr dazu') and the topic history."""
    seen = list(tracker.get_slot("themen") or [])
    if topic_id not in seen:
        seen.append(topic_id)
    return [SlotSet("thema", topic_id), SlotSet("themen", seen[-10:]), SlotSet("fehlversuche", 0)]


class ActionAnswerTopic(Action):
    def name(self) -> str:
        return "action_answer_topic"

    @kb_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        intent = latest_intent(tracker)
        topic = store().topic_for_intent(intent)
        if topic is None:
            dispatcher.utter_message(text=text("no_topic", leichte(tracker)))
            return []
        message = latest_text(tracker)
        if topic.id == LEVY_TOPIC:
            from actions.levy import levy_from_message  # local: keeps module graph acyclic

            computed = levy_from_message(dispatcher, tracker, message)
            if computed is not None:
                return computed + topic_events(tracker, topic.id)
        answer = compose(topic, message, leichte=leichte(tracker))
        say(dispatcher, answer)
        if topic.responsible == "integrationsamt":
            hint = office_hint(tracker, message)
            if hint:
                dispatcher.utter_message(text=hint)
        return topic_events(tracker, topic.id)


class _TopicView:
    """Mixin (not an Action itself, so rasa-sdk does not try to register it)."""

    view = "short"

    @kb_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        named = [v for v in entity_values(tracker, "leistung") if store().topic(str(v))]
        topic_id = named[0] if named else tracker.get_slot("thema")  # "Voraussetzungen der Kfz-Hilfe?"
        topic = store().topic(topic_id) if topic_id else None
        if topic is None:
            dispatcher.utter_message(text=text("no_topic", leichte(tracker)))
            return []
        say(dispatcher, compose(topic, leichte=leichte(tracker), view=self.view))
        return topic_events(tracker, topic.id)


class ActionTopicConditions(_TopicView, Action):
    view = "conditions"

    def name(self) -> str:
        return "action_topic_conditions"


class ActionTopicDetails(_TopicView, Action):
    view = "details"

    def name(self) -> str:
        return "action_topic_details"


class ActionClarify(Action):
    """NLU was unsure: offer the two most likely topics as buttons instead of guessing."""

    def name(self) -> str:
        return "action_clarify"

    @kb_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        ls = leichte(tracker)
        kb = store()
        candidates: list[str] = []
        for item in (tracker.latest_message or {}).get("intent_ranking") or []:
            name = item.get("name")
            if name and name not in TOPIC_NONTOPIC_INTENTS and item.get("confidence", 0) >= 0.1:
                topic = kb.topic_for_intent(name)
                if topic and topic.id not in candidates:
                    candidates.append(topic.id)
        searched = [topic_id for topic_id, _ in kb.search(latest_text(tracker), limit=3)]
        # A second, independent signal breaks the tie: when the full-text search of the
        # knowledge base ranks one of the two NLU candidates first, answer that topic directly.
        if searched and searched[0] in candidates[:2]:
            topic = kb.topic(searched[0])
            say(dispatcher, compose(topic, latest_text(tracker), leichte=ls))
            return topic_events(tracker, topic.id)
        for topic_id in searched:
            if topic_id not in candidates:
                candidates.append(topic_id)
        candidates = candidates[:2]
        failures = float(tracker.get_slot("fehlversuche") or 0) + 1
        if failures >= 2:  # second failed attempt in a row: offer a person instead
            from actions.conversation import handoff_messages

            handoff_messages(dispatcher, tracker)
            return [SlotSet("fehlversuche", 0)]
        if not candidates:
            dispatcher.utter_message(text=text("fallback", ls))
            return [SlotSet("fehlversuche", failures)]
        buttons = []
        for topic_id in candidates:
            topic = kb.topic(topic_id)
            payload = f"/{topic.intent}" if topic.intent else "/ask_details"
            buttons.append({"title": topic.title, "payload": payload})
        buttons.append({"title": text("clarify_none", ls), "payload": "/human_handoff"})
        dispatcher.utter_message(text=text("clarify", ls), buttons=buttons)
        return [SlotSet("fehlversuche", failures)]
