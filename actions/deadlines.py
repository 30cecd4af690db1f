"""Kündigungsschutz deadlines from a date the user gives (deadline_form)."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import kb_guard, latest_intent, latest_text, leichte, store
from lotse.answer import format_legal, match_faq
from lotse.deadlines import (
    DeadlineInputError,
    claim_deadline,
    extraordinary_dismissal,
    ordinary_dismissal,
)
from lotse.kb.store import fold
from lotse.parsing import parse_date
from lotse.texts import text

STOP_INTENTS = {"dont_know", "deny", "restart"}
EXTRA_WORDS = ("fristlos", "ausserordentlich", "außerordentlich", "sofort")
CLAIM_WORDS = ("klagefrist", "klage", "kuendigung erhalten", "kuendigung bekommen",
               "gekuendigt worden", "mir gekuendigt", "wurde gekuendigt")
ORDINARY_WORDS = ("ordentlich", "fristgerecht", "normale kuendigung", "normal")


def kind_from_text(message: str) -> str | None:
    folded = fold(message)
    if any(w in folded for w in CLAIM_WORDS):
        return "klagefrist"
    if any(fold(w) in folded for w in EXTRA_WORDS):
        return "ausserordentlich"
    if any(w in folded for w in ORDINARY_WORDS):
        return "ordentlich"
    return None


class ValidateDeadlineForm(FormValidationAction):
    def name(self) -> str:
        return "validate_deadline_form"

    async def extract_kuendigung_art(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        if latest_intent(tracker) in STOP_INTENTS:
            return {}
        kind = kind_from_text(latest_text(tracker))
        return {"kuendigung_art": kind} if kind else {}

    async def extract_kuendigung_datum(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        if latest_intent(tracker) in STOP_INTENTS:
            return {}
        message = latest_text(tracker)
        found = parse_date(message, date.today())
        if found:
            return {"kuendigung_datum": found.isoformat()}
        if tracker.get_slot("requested_slot") == "kuendigung_datum":
            return {"kuendigung_datum": "ungueltig"}
        return {}

    def validate_kuendigung_datum(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            date.fromisoformat(str(value))
        except ValueError:
            dispatcher.utter_message(text=text("deadline_bad_date", leichte(tracker)))
            return {"kuendigung_datum": None}
        return {"kuendigung_datum": value}


def _rule_for_question(tracker: Tracker) -> str | None:
    """The Kündigungsschutz FAQ that answers the user's deadline question, from the knowledge base."""
    if latest_intent(tracker) != "dismissal_deadline":
        return None
    topic = store().topic("kuendigungsschutz")
    faq = match_faq(topic, latest_text(tracker)) if topic else None
    if faq is None:
        return None
    ls = leichte(tracker)
    body = faq.leichte_sprache if ls and faq.leichte_sprache else faq.answer
    legal = format_legal(faq.legal_basis or topic.legal_basis)
    return f"{body}\n\n{text('label_legal', ls)}: {legal}"


class ActionAskKuendigungArt(Action):
    def name(self) -> str:
        return "action_ask_kuendigung_art"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        ls = leichte(tracker)
        rule = _rule_for_question(tracker)
        if rule:  # answer the rule the user asked about first, then offer the calculation
            dispatcher.utter_message(text=rule)
        dispatcher.utter_message(text=text("deadline_ask_type", ls), buttons=[
            {"title": text("btn_ordinary", ls), "payload": "ordentliche Kündigung"},
            {"title": text("btn_extraordinary", ls), "payload": "fristlose Kündigung"},
            {"title": text("btn_claim", ls), "payload": "Ich habe eine Kündigung erhalten"},
        ])
        return []


class ActionAskKuendigungDatum(Action):
    def name(self) -> str:
        return "action_ask_kuendigung_datum"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        key = {"ausserordentlich": "deadline_ask_date_extra",
               "klagefrist": "deadline_ask_date_claim"}.get(tracker.get_slot("kuendigung_art") or "",
                                                            "deadline_ask_date_ordinary")
        dispatcher.utter_message(text=text(key, leichte(tracker)))
        return []


class ActionDeadlineResult(Action):
    def name(self) -> str:
        return "action_deadline_result"

    @kb_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        kind, raw = tracker.get_slot("kuendigung_art"), tracker.get_slot("kuendigung_datum")
        reset = [SlotSet("kuendigung_art", None), SlotSet("kuendigung_datum", None),
                 SlotSet("thema", "kuendigungsschutz")]
        try:
            day = date.fromisoformat(str(raw))
            land = tracker.get_slot("office_id")  # "nrw_lvr", "by" …: Land holidays when known
            if kind == "klagefrist":  # an employee who received a notice (§ 4 KSchG)
                result = claim_deadline(day, land=land)
            elif kind == "ausserordentlich":
                result = extraordinary_dismissal(day, land=land)
            else:
                result = ordinary_dismissal(consent_received=day, land=land)
        except (DeadlineInputError, ValueError) as exc:
            dispatcher.utter_message(text=str(exc) if isinstance(exc, DeadlineInputError)
                                     else text("deadline_bad_date", leichte(tracker)))
            return reset
        dispatcher.utter_message(text=result.text)
        return reset
