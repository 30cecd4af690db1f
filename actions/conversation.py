"""Greeting, small talk, Leichte Sprache switch, role, human handoff and feedback."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    entity_values,
    kb_guard,
    latest_intent,
    latest_text,
    leichte,
    say,
    store,
)
from actions.office import office_for_tracker
from lotse.answer import compose
from lotse.offices import format_office
from lotse.texts import text

# intent -> text key; one action serves all of them so texts stay in knowledge/texts.yml
SMALLTALK = {
    "bot_capabilities": "capabilities",
    "bot_challenge": "bot_challenge",
    "thanks": "thanks",
    "out_of_scope": "out_of_scope",
    "affirm": "ack",
    "deny": "ack",
}


def role_buttons(ls: bool) -> list[dict[str, str]]:
    return [
        {"title": text(f"btn_role_{role}", ls), "payload": f'/inform{{"rolle":"{role}"}}'}
        for role in ("arbeitnehmer", "arbeitgeber", "sbv")
    ]


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        ls = leichte(tracker)
        dispatcher.utter_message(text=text("greet", ls))
        dispatcher.utter_message(text=text("privacy_hint", ls))
        if not tracker.get_slot("rolle"):
            dispatcher.utter_message(text=text("ask_role", ls), buttons=role_buttons(ls))
        return []


class ActionSmalltalk(Action):
    def name(self) -> str:
        return "action_smalltalk"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        key = SMALLTALK.get(latest_intent(tracker), "out_of_scope")
        dispatcher.utter_message(text=text(key, leichte(tracker)))
        return []


class ActionGoodbye(Action):
    """Say goodbye and ask for feedback (stored with the conversation)."""

    def name(self) -> str:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        ls = leichte(tracker)
        dispatcher.utter_message(text=text("goodbye", ls))
        if tracker.get_slot("themen") and not tracker.get_slot("feedback"):
            dispatcher.utter_message(text=text("feedback_ask", ls), buttons=[
                {"title": text("btn_yes", ls), "payload": '/feedback{"feedback":"hilfreich"}'},
                {"title": text("btn_no", ls), "payload": '/feedback{"feedback":"nicht_hilfreich"}'},
            ])
        return []


class ActionFeedback(Action):
    def name(self) -> str:
        return "action_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=text("feedback_thanks", leichte(tracker)))
        return []


class ActionSetRole(Action):
    def name(self) -> str:
        return "action_set_role"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        roles = entity_values(tracker, "rolle")
        if not roles:  # a place or a number alone belongs to the current task
            from actions.context import inform_in_context  # local: context imports office

            events = inform_in_context(dispatcher, tracker)
            if events is not None:
                return events
            if len(latest_text(tracker).split()) >= 4:  # a real question, not "ok" or "ja gut"
                from actions.topics import answer_by_retrieval  # local: topics imports office

                return answer_by_retrieval(dispatcher, tracker)
        dispatcher.utter_message(text=text("role_ack", leichte(tracker)))
        return [SlotSet("rolle", roles[0])] if roles else []


class ActionLeichteSprache(Action):
    def name(self) -> str:
        return "action_leichte_sprache"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        on = latest_intent(tracker) != "leichte_sprache_aus"
        dispatcher.utter_message(text=text("leichte_sprache_an" if on else "leichte_sprache_aus", on))
        repeat_last_answer(dispatcher, tracker, leichte_sprache=on)
        return [SlotSet("leichte_sprache", on)]


def repeat_last_answer(dispatcher: CollectingDispatcher, tracker: Tracker, *,
                       leichte_sprache: bool) -> None:
    """Send the last topic answer again in the new mode (the switch should not lose it)."""
    topic_id = tracker.get_slot("thema")
    topic = store().topic(topic_id) if topic_id else None
    if topic is None:
        return
    faq_id = tracker.get_slot("eintrag")
    faq = next((f for f in topic.faqs if f.id == faq_id), None)
    say(dispatcher, compose(topic, leichte=leichte_sprache, faq=faq))


def conversation_summary(tracker: Tracker) -> str:
    """A short, copyable summary: role, topics, office. No message texts, no personal data."""
    ls = leichte(tracker)
    lines = [text("handoff_summary", ls)]
    role = tracker.get_slot("rolle")
    if role:
        lines.append(f"- Rolle: {role.capitalize() if role != 'sbv' else 'Schwerbehindertenvertretung'}")
    titles = []
    for topic_id in tracker.get_slot("themen") or []:
        topic = store().topic(topic_id)
        if topic:
            titles.append(topic.title)
    if titles:
        lines.append("- Themen: " + ", ".join(titles))
    return "\n".join(lines) if len(lines) > 1 else ""


def hotline_status(tracker: Tracker) -> dict[str, Any]:
    """Can a person of the hotline take over now? The Rasa server's REST and socket.io channels
    put this into every message's metadata (lotse_server/channels.py: office hours, signed-in
    agents); other channels do not, so there the answer is "no" and the user gets the office."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            status = (event.get("metadata") or {}).get("lotse_hotline")
            return status if isinstance(status, dict) else {}
    return {}


def _office_messages(dispatcher: CollectingDispatcher, tracker: Tracker, ls: bool) -> None:
    """The way to a person without the chat: the office (or the question for the place)."""
    dispatcher.utter_message(text=text("handoff", ls))
    office = office_for_tracker(tracker)
    if office is not None:
        dispatcher.utter_message(text=format_office(office, leichte_sprache=ls))
    else:
        dispatcher.utter_message(text=text("handoff_office_question", ls))
    summary = conversation_summary(tracker)
    if summary:
        dispatcher.utter_message(text=summary)


def _unavailable_note(dispatcher: CollectingDispatcher, status: dict[str, Any], ls: bool) -> None:
    reason = status.get("reason")
    if reason == "closed":
        dispatcher.utter_message(text=text("handoff_closed", ls, hours=status.get("hours") or ""))
    elif reason == "no_agent":
        dispatcher.utter_message(text=text("handoff_no_agent", ls))


def handoff_messages(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """After the second failed attempt (actions/topics.py): offer a person in the chat when the
    hotline is staffed (one button, the user decides), otherwise the office's contact."""
    ls = leichte(tracker)
    status = hotline_status(tracker)
    if status.get("available"):
        dispatcher.utter_message(text=text("handoff_offer", ls), buttons=[
            {"title": text("btn_handoff", ls), "payload": "/human_handoff"}])
        return
    _unavailable_note(dispatcher, status, ls)
    _office_messages(dispatcher, tracker, ls)


class ActionHandoff(Action):
    """The user asked for a person: pause the conversation and put it in the hotline's queue
    (`ConversationPaused`; the agent page takes it and resumes it, lotse_server/agent_channel.py).
    Outside office hours or with nobody signed in: say so and give the office's contact."""

    def name(self) -> str:
        return "action_handoff"

    @kb_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        ls = leichte(tracker)
        status = hotline_status(tracker)
        if status.get("available"):
            dispatcher.utter_message(text=text("handoff_waiting", ls))
            # listen first, so the user's messages while waiting are ordinary turns
            return [SlotSet("fehlversuche", 0), ActionExecuted("action_listen"), ConversationPaused()]
        _unavailable_note(dispatcher, status, ls)
        _office_messages(dispatcher, tracker, ls)
        return [SlotSet("fehlversuche", 0)]


class ActionCancelForm(Action):
    """The user does not know or does not want to continue: leave the form politely."""

    def name(self) -> str:
        return "action_cancel_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        ls = leichte(tracker)
        loop = (tracker.active_loop or {}).get("name")
        key = "levy_unknown" if loop == "levy_form" and latest_intent(tracker) == "dont_know" \
            else "form_cancelled"
        dispatcher.utter_message(text=text(key, ls))
        return [ActiveLoop(None), SlotSet("requested_slot", None)]


class ActionFallback(Action):
    """Core fallback: the dialogue could not decide; same path as an NLU fallback."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        from actions.topics import ActionClarify

        return await ActionClarify().run(dispatcher, tracker, domain)
