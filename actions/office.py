"""Office finder: place or Land -> responsible Integrationsamt and its forms page (office_form).

Which place matters depends on the topic (`thema` slot, lotse.offices.purpose_for_topic): the
Betrieb for a dismissal (§ 170 Abs. 1 SGB IX), the employer's seat for the Ausgleichsabgabe
(§ 160 Abs. 4 SGB IX), otherwise the place of work. The question and the answer say which.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import entity_values, kb_guard, latest_intent, latest_text, leichte, store
from lotse.offices import (
    BAYERN,
    Office,
    Purpose,
    Resolution,
    format_office,
    load_directory,
    purpose_for_topic,
    resolve,
)
from lotse.texts import text

ASK_PREFIX = "?"  # marks a question back in the office_id slot candidate


def purpose_of(tracker: Tracker, topic_id: str | None = None) -> Purpose:
    """The place that decides the office for the topic being talked about."""
    return purpose_for_topic(topic_id or tracker.get_slot("thema"))


def _resolve_message(tracker: Tracker) -> Resolution:
    """Resolve from the message text (entities are spans of it, so the text is enough)."""
    return resolve(latest_text(tracker), purpose=purpose_of(tracker))


def office_for_tracker(tracker: Tracker) -> Office | None:
    office_id = tracker.get_slot("office_id")
    return load_directory().offices.get(office_id) if office_id else None


def _region_line(result: Resolution, ls: bool) -> str | None:
    """In Bayern the Regierungsbezirk tells which ZBFS region; say it (texts in offices.yml)."""
    if result.office is None or not result.bezirk or result.office.land != BAYERN:
        return None
    return load_directory().texts["region_ls" if ls else "region"].format(bezirk=result.bezirk)


def office_hint(tracker: Tracker, message: str, topic_id: str | None = None) -> str | None:
    """If the user named a place along with a topic question, add the responsible office."""
    purpose = purpose_of(tracker, topic_id)
    result = resolve(message, purpose=purpose)
    if result.status != "office" or result.office is None:
        return None
    ls = leichte(tracker)
    lines = [text("office_intro", ls),
             format_office(result.office, ls, bezirk=result.bezirk),
             text(f"office_rule_{purpose}", ls)]
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
            notes = [n for n in (result.note, _region_line(result, leichte(tracker))) if n]
            return {"office_id": result.office.id, "office_note": "\n".join(notes) or None}
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
        ls = leichte(tracker)
        dispatcher.utter_message(text=text(f"office_ask_place_{purpose_of(tracker)}", ls))
        return []


class ActionOfficeResult(Action):
    def name(self) -> str:
        return "action_office_result"

    @kb_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        ls = leichte(tracker)
        purpose = purpose_of(tracker)
        office = office_for_tracker(tracker)
        if office is None:
            dispatcher.utter_message(text=text(f"office_ask_place_{purpose}", ls))
            return []
        note = tracker.get_slot("office_note")
        lines = [text("office_intro", ls), format_office(office, ls)]
        lines += [note] if note else []
        lines += [text(f"office_rule_{purpose}", ls)] + _application_hint(tracker)
        dispatcher.utter_message(text="\n".join(lines))
        return [SlotSet("office_note", None)]
