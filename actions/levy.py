"""Ausgleichsabgabe: calculate from one message, or ask only for what is missing (levy_form)."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import entity_values, kb_guard, latest_intent, latest_text, leichte
from lotse.levy import LevyInputError, format_levy_explanation, levy_for
from lotse.parsing import parse_levy_numbers, parse_number, parse_year
from lotse.texts import text

MAX_JOBS = 10_000_000
STOP_INTENTS = {"dont_know", "deny", "restart"}
ANSWER_INTENTS = {"inform", "levy_calculate", "ausgleichsabgabe", "nlu_fallback", "affirm"}


def _year(message: str) -> int:
    today = date.today()
    return parse_year(message, today) or today.year


def explain(dispatcher: CollectingDispatcher, jobs: float, disabled: float, message: str) -> bool:
    """Compute and send the explanation; on nonsense input send the calculator's message."""
    try:
        result = levy_for(_year(message), jobs, disabled)
    except LevyInputError as exc:
        dispatcher.utter_message(text=str(exc))
        return False
    dispatcher.utter_message(text=format_levy_explanation(result))
    return True


def remember_levy(jobs: float, disabled: float) -> list[dict[str, Any]]:
    """Keep the last computed figures for follow-ups ("und wenn es 5 wären?")."""
    return [SlotSet("letzte_zahlen", {"jobs": jobs, "disabled": disabled})]


def _numbers(tracker: Tracker, message: str) -> tuple[float | None, float | None]:
    """Both numbers from entities (with roles) or, failing that, from the text itself."""
    jobs = disabled = None
    for ent in (tracker.latest_message or {}).get("entities") or []:
        if ent.get("entity") != "anzahl":
            continue
        value = parse_number(str(ent.get("value")))
        if ent.get("role") == "arbeitsplaetze":
            jobs = value
        elif ent.get("role") == "schwerbehinderte":
            disabled = value
    text_jobs, text_disabled = parse_levy_numbers(message)
    if text_jobs is not None or text_disabled is not None:
        # the deterministic parser wins when it understood the sentence (it also reads "keine"
        # as 0); mixing it with the statistical entities could take one number twice
        return text_jobs, text_disabled
    return jobs, disabled


def levy_from_message(dispatcher: CollectingDispatcher, tracker: Tracker,
                      message: str) -> list[dict[str, Any]] | None:
    """If the message holds both numbers, answer with the calculation; else None."""
    jobs, disabled = _numbers(tracker, message)
    if jobs is None or disabled is None:
        return None
    if explain(dispatcher, float(jobs), float(disabled), message):
        return remember_levy(float(jobs), float(disabled))
    return []


def _validate_count(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0 or number > MAX_JOBS:
        dispatcher.utter_message(text=text("levy_bad_number", leichte(tracker)))
        return None
    return number


class ValidateLevyForm(FormValidationAction):
    def name(self) -> str:
        return "validate_levy_form"

    def _extract(self, tracker: Tracker, slot: str, index: int) -> dict[str, Any]:
        if latest_intent(tracker) in STOP_INTENTS:
            return {}
        message = latest_text(tracker)
        if tracker.get_slot("requested_slot") == slot:
            both = _numbers(tracker, message)
            value = both[index] if both[index] is not None else parse_number(message)
            if value is None:
                numbers = entity_values(tracker, "anzahl")
                value = parse_number(str(numbers[0])) if numbers else None
            if value is None and latest_intent(tracker) not in ANSWER_INTENTS:
                return {}  # a different question: let the dialogue answer it, then resume
            # an unparsable answer to our question is passed on so validation can explain
            return {slot: value if value is not None else message}
        value = _numbers(tracker, message)[index]
        return {slot: value} if value is not None else {}

    async def extract_levy_jobs(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        return self._extract(tracker, "levy_jobs", 0)

    async def extract_levy_disabled(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        return self._extract(tracker, "levy_disabled", 1)

    def validate_levy_jobs(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
        return {"levy_jobs": _validate_count(value, dispatcher, tracker)}

    def validate_levy_disabled(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        number = _validate_count(value, dispatcher, tracker)
        jobs = tracker.get_slot("levy_jobs")
        if number is not None and jobs is not None and number > float(jobs):
            dispatcher.utter_message(
                text="Es können nicht mehr schwerbehinderte Menschen beschäftigt sein, als es "
                     f"Arbeitsplätze gibt ({float(jobs):g}). Bitte prüfen Sie die Zahl.")
            return {"levy_disabled": None}
        return {"levy_disabled": number}


class ActionAskLevyJobs(Action):
    def name(self) -> str:
        return "action_ask_levy_jobs"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=text("levy_ask_jobs", leichte(tracker)))
        return []


class ActionAskLevyDisabled(Action):
    def name(self) -> str:
        return "action_ask_levy_disabled"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=text("levy_ask_disabled", leichte(tracker)))
        return []


class ActionLevyResult(Action):
    def name(self) -> str:
        return "action_levy_result"

    @kb_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        jobs, disabled = tracker.get_slot("levy_jobs"), tracker.get_slot("levy_disabled")
        if jobs is None or disabled is None:
            dispatcher.utter_message(text=text("levy_unknown", leichte(tracker)))
            return []
        done = explain(dispatcher, float(jobs), float(disabled), latest_text(tracker))
        remembered = remember_levy(float(jobs), float(disabled)) if done else []
        # cleared so the next calculation asks again instead of reusing old numbers
        return [SlotSet("thema", "ausgleichsabgabe"), SlotSet("levy_jobs", None),
                SlotSet("levy_disabled", None), *remembered]
