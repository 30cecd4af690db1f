"""§ 27 SchwbAV pre-check as a form: one question per turn, then a reasoned, non-binding assessment."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import kb_guard, latest_intent, latest_text, leichte
from lotse.kb.store import fold
from lotse.parsing import parse_number
from lotse.precheck27 import QUESTIONS, PrecheckInputError, assess
from lotse.texts import text

SLOT_PREFIX = "p27_"
YES = re.compile(r"^\s*(ja|jo|jep|yes|genau|richtig|stimmt|trifft zu|klar)\b")
NO = re.compile(r"^\s*(nein|ne|nee|no|nicht|trifft nicht zu|keine?n?)\b")
ANSWER_INTENTS = {"affirm", "deny", "dont_know", "inform", "nlu_fallback"}
UNKNOWN = re.compile(r"weiss (ich )?nicht|keine ahnung|unklar|unbekannt|nicht sicher|weiss nicht")


def answer_value(intent: str, message: str, kind: str) -> str | None:
    """'ja' / 'nein' / 'unbekannt' or a number of months as text; None if not understood."""
    folded = fold(message)
    if intent == "dont_know" or UNKNOWN.search(folded):
        return "unbekannt"
    if kind == "months":
        number = parse_number(message)
        if number is None:
            return None
        if re.search(r"\bjahr", folded):
            number = number * 12
        return f"{float(number):g}"
    if intent == "affirm" or YES.search(folded):
        return "ja"
    if intent == "deny" or NO.search(folded):
        return "nein"
    return None


def answers_from_slots(tracker: Tracker) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in QUESTIONS:
        raw = tracker.get_slot(SLOT_PREFIX + q.id)
        if raw is None:
            continue
        if raw == "unbekannt":
            answers[q.id] = None
        elif q.kind == "months":
            answers[q.id] = float(raw)
        else:
            answers[q.id] = raw == "ja"
    return answers


class ValidatePrecheck27Form(FormValidationAction):
    def name(self) -> str:
        return "validate_precheck27_form"

    async def extract_requested(self, tracker: Tracker) -> dict[str, Any]:
        requested = tracker.get_slot("requested_slot") or ""
        if not requested.startswith(SLOT_PREFIX) or latest_intent(tracker) == "restart":
            return {}
        q = next(q for q in QUESTIONS if SLOT_PREFIX + q.id == requested)
        intent = latest_intent(tracker)
        value = answer_value(intent, latest_text(tracker), q.kind)
        if value is None:
            # a different question: reject so the dialogue can answer it, then resume the form
            return {requested: "ungueltig"} if intent in ANSWER_INTENTS else {}
        return {requested: value}

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        # one generic extractor/validator for all questions instead of fourteen near-copies
        events: list[dict[str, Any]] = []
        extracted = await self.extract_requested(tracker)
        for slot, value in extracted.items():
            if value == "ungueltig":
                dispatcher.utter_message(
                    text="Bitte nennen Sie die Dauer in Monaten, zum Beispiel „18“."
                    if slot.endswith("monate") else
                    "Bitte antworten Sie mit Ja, Nein oder „weiß nicht“.")
                events.append(SlotSet(slot, None))
            else:
                events.append(SlotSet(slot, value))
        return events


def _make_ask(question_id: str, question_text: str, leichte_text: str, kind: str) -> type[Action]:
    slot = SLOT_PREFIX + question_id

    async def run(self: Action, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        ls = leichte(tracker)
        if question_id == QUESTIONS[0].id:
            dispatcher.utter_message(text=text("precheck_intro", ls))
        buttons = None
        if kind == "bool":
            buttons = [{"title": text("btn_yes", ls), "payload": "/affirm"},
                       {"title": text("btn_no", ls), "payload": "/deny"},
                       {"title": text("btn_unknown", ls), "payload": "/dont_know"}]
        dispatcher.utter_message(text=leichte_text if ls else question_text, buttons=buttons)
        return []

    return type(f"ActionAsk{question_id.title().replace('_', '')}", (Action,), {
        "name": lambda self: f"action_ask_{slot}", "run": run, "__module__": __name__,
    })


ASK_ACTIONS = [_make_ask(q.id, q.text, q.leichte_sprache, q.kind) for q in QUESTIONS]


class ActionPrecheck27Result(Action):
    def name(self) -> str:
        return "action_precheck27_result"

    @kb_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        reset = [SlotSet(SLOT_PREFIX + q.id, None) for q in QUESTIONS]
        try:
            result = assess(answers_from_slots(tracker))
        except PrecheckInputError as exc:
            dispatcher.utter_message(text=str(exc))
            return reset
        dispatcher.utter_message(text=result.text())
        return reset + [SlotSet("thema", "aussergewoehnliche_belastungen")]
