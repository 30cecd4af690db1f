"""Office finder: place or Land -> responsible Integrationsamt and its forms page (office_form)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import entity_values, kb_guard, latest_intent, latest_text, leichte, store
from lotse.offices import Office, Resolution, format_office, load_directory, resolve
from lotse.texts import text

ASK_PREFIX = "?"  # marks a question back in the office_id slot candidate


def _resolve_message(tracker: Tracker) -> Resolution:
    """Resolve from the message text (entities are spans of it, so the text is enough)."""
    return resolve(latest_text(tracker))


def office_for_tracker(tracker: Tracker) -> Office | None:
    office_id = tracker.get_slot("office_id")
    return load_directory().offices.get(office_id) if office_id else None


def office_hint(tracker: Tracker, message: str) -> str | None:
    """If the user named a place along with a topic question, add the responsible office."""
    result = resolve(message)
    if result.status != "office" or result.office is None:
        return None
    lines = [text("office_intro", leichte(tracker)), format_office(result.office, leichte(tracker))]
    if result.note:
        lines.insert(0, result.note)
    return "\n".join(lines)


def _application_hint(tracker: Tracker) -> list[str]:
    """When the user named a benefit ("Antrag für technische Arbeitshilfen"), how to apply for it."""
    for value in entity_values(tracker, "leistung"):
        topic = store().topic(str(value))
        if topic and topic.responsible == "integrationsamt":
            hint = f"{topic.title}: {topic.apply_how}"
            if topic.apply_before_start:
                hint += " " + text("apply_before", leichte(tracker))
            return [hint]
    return []


class ValidateOfficeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_office_form"

    async def extract_office_id(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        chosen = entity_values(tracker, "amt")
        if chosen and chosen[0] in load_directory().offices:
            return {"office_id": chosen[0]}
        if latest_intent(tracker) in {"dont_know", "restart", "deny"}:
            return {}
        result = _resolve_message(tracker)
        if result.status == "office" and result.office:
            return {"office_id": result.office.id, "office_note": result.note}
        asked = tracker.get_slot("requested_slot") == "office_id"
        if result.status == "ambiguous" or (asked and result.status == "unknown"):
            return {"office_id": ASK_PREFIX + (result.question or "")}
        return {}

    def validate_office_id(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
        if isinstance(value, str) and value.startswith(ASK_PREFIX):
            result = _resolve_message(tracker)
            buttons = [{"title": f"{o.short_name} ({o.land})",
                        "payload": f'/inform{{"amt":"{o.id}"}}'} for o in result.candidates]
            dispatcher.utter_message(text=value[len(ASK_PREFIX):], buttons=buttons or None)
            return {"office_id": None}
        return {"office_id": value}


class ActionAskOfficeId(Action):
    def name(self) -> str:
        return "action_ask_office_id"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=text("office_ask_place", leichte(tracker)))
        return []


class ActionOfficeResult(Action):
    def name(self) -> str:
        return "action_office_result"

    @kb_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        ls = leichte(tracker)
        office = office_for_tracker(tracker)
        if office is None:
            dispatcher.utter_message(text=text("office_ask_place", ls))
            return []
        note = tracker.get_slot("office_note")
        lines = ([note] if note else []) + [text("office_intro", ls), format_office(office, ls)]
        lines += _application_hint(tracker)
        dispatcher.utter_message(text="\n".join(lines))
        return [SlotSet("office_note", None)]
