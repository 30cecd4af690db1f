"""A place, a number or a date given alone is applied to the current task (issue 10).

After a dismissal answer "Ich wohne in Bielefeld" means: which office is responsible for that?
After a levy result "Und wenn es 5 wären?" means: compute again with 5. These turns reach Rasa as
`inform` (or as an unsure guess); `inform_in_context` answers them from the conversation's slots
instead of thanking the user and asking for a question.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_text, leichte
from actions.levy import _numbers, explain, remember_levy
from actions.office import purpose_of
from lotse.offices import format_office, resolve
from lotse.parsing import parse_levy_numbers, parse_number
from lotse.texts import text

LEVY_TOPIC = "ausgleichsabgabe"


def levy_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker,
                   message: str) -> list[dict[str, Any]] | None:
    """Compute the levy when the message gives both figures ("120 Mitarbeiter und 3
    Schwerbehinderte"), or recompute it when the conversation is about it and one changes."""
    both = parse_levy_numbers(message)
    if both[0] is not None and both[1] is not None:
        if explain(dispatcher, float(both[0]), float(both[1]), message):
            return remember_levy(float(both[0]), float(both[1])) + [SlotSet("thema", LEVY_TOPIC)]
        return []
    if tracker.get_slot("thema") != LEVY_TOPIC:
        return None
    jobs, disabled = _numbers(tracker, message)
    last = tracker.get_slot("letzte_zahlen") or {}
    if (jobs is None or disabled is None) and last:
        number = parse_number(message)
        if number is None:
            return None
        # one number changes one figure: a small one the disabled, a large one the jobs
        if number < 20 or number < float(last.get("jobs") or 0) / 2:
            jobs, disabled = float(last["jobs"]), number
        else:
            jobs, disabled = number, float(last["disabled"])
    if jobs is None or disabled is None:
        return None
    if explain(dispatcher, float(jobs), float(disabled), message):
        return remember_levy(float(jobs), float(disabled))
    return []


def place_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker,
                    message: str) -> list[dict[str, Any]] | None:
    """A place alone: the office for the current topic's purpose (Betrieb, Sitz, Arbeitsort)."""
    purpose = purpose_of(tracker)
    result = resolve(message, purpose=purpose)
    ls = leichte(tracker)
    if result.status == "office" and result.office is not None:
        lines = [text("office_intro", ls), format_office(result.office, ls, bezirk=result.bezirk),
                 text(f"office_rule_{purpose}", ls)]
        if result.note:
            lines.insert(0, result.note)
        dispatcher.utter_message(text="\n".join(lines))
        return [SlotSet("office_id", result.office.id)]
    if result.status == "ambiguous" and result.question:
        buttons = [{"title": f"{o.short_name} ({o.land})", "payload": f'/inform{{"amt":"{o.id}"}}'}
                   for o in result.candidates]
        dispatcher.utter_message(text=result.question, buttons=buttons or None)
        return []
    return None


def inform_in_context(dispatcher: CollectingDispatcher,
                      tracker: Tracker) -> list[dict[str, Any]] | None:
    """Answer a bare place or number from the context; None when the message is neither."""
    message = latest_text(tracker)
    for handler in (levy_follow_up, place_follow_up):
        events = handler(dispatcher, tracker, message)
        if events is not None:
            return events
    return None
