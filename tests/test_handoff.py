"""Handoff to hotline staff, pure parts: office hours, sign-in, queue state, summary, action."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import all_text
from rasa_sdk import Tracker

from actions.conversation import ActionHandoff, handoff_messages
from lotse_server import hotline

BERLIN = hotline.BERLIN


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """2026-11-30 is a Monday; day 0 = Monday."""
    return dt.datetime(2026, 11, 30 + day, hour, minute, tzinfo=BERLIN) if day < 1 else \
        dt.datetime(2026, 11, 30, hour, minute, tzinfo=BERLIN) + dt.timedelta(days=day)


@pytest.mark.parametrize(("when", "expected"), [
    (at(0, 8), True), (at(0, 7, 59), False), (at(0, 15, 59), True), (at(0, 16), False),
    (at(4, 12), True), (at(5, 12), False), (at(6, 12), False),
])
def test_default_hours_are_monday_to_friday_8_to_16(when, expected):
    assert hotline.is_open(when, "Mo-Fr 08:00-16:00") is expected


def test_hours_with_several_ranges_and_utc_input():
    spec = "Mo-Do 08:00-16:00; Fr 08:00-13:00"
    assert hotline.is_open(at(4, 12, 59), spec) and not hotline.is_open(at(4, 13), spec)
    # 07:30 UTC in winter is 08:30 in Berlin
    assert hotline.is_open(dt.datetime(2026, 12, 1, 7, 30, tzinfo=dt.timezone.utc), spec)
    assert hotline.is_open(at(6, 3), "immer")
    assert hotline.is_open(at(5, 10), "Mo,Sa 09:00-12:00")
    assert not hotline.is_open(at(1, 10), "Mo,Sa 09:00-12:00")


@pytest.mark.parametrize("spec", ["Montag 8-16", "Mo-Fr 16:00-08:00", "Xy 08:00-10:00", ";"])
def test_bad_hours_are_an_error(spec):
    with pytest.raises(ValueError, match="LOTSE_HOTLINE_HOURS"):
        hotline.parse_hours(spec)


def test_token_check():
    assert hotline.token_ok("Bearer geheim", "geheim")
    assert not hotline.token_ok("Bearer falsch", "geheim")
    assert not hotline.token_ok("geheim", "geheim")
    assert not hotline.token_ok(None, "geheim")
    assert not hotline.token_ok("Bearer ", "")  # no token configured: nobody gets in


def test_presence_expires_after_timeout():
    now = [100.0]
    presence = hotline.Presence(clock=lambda: now[0])
    presence.beat("a")
    assert presence.count(timeout=30) == 1
    now[0] += 31
    assert presence.count(timeout=30) == 0
    presence.beat("b")
    presence.leave("b")
    assert presence.count(timeout=30) == 0


def test_availability_reasons():
    presence = hotline.Presence()
    open_at = at(0, 10)
    assert hotline.availability(open_at, presence, "immer", token="")["reason"] == "off"
    assert hotline.availability(at(5, 10), presence, None, token="t")["reason"] == "closed"
    assert hotline.availability(open_at, presence, "Mo-Fr 08:00-16:00", token="t")["reason"] == "no_agent"
    presence.beat("x")
    status = hotline.availability(open_at, presence, "Mo-Fr 08:00-16:00", token="t")
    assert status == {"available": True, "reason": "", "hours": "Mo-Fr 08:00-16:00", "agents": 1}


def user(text, intent="x", ts=1.0):
    return {"event": "user", "text": text, "timestamp": ts, "parse_data": {"intent": {"name": intent}}}


EVENTS = [
    user("Hallo", "greet"),
    {"event": "bot", "text": "Guten Tag!"},
    user("Wir haben 120 Mitarbeiter, wie hoch ist die Ausgleichsabgabe?", "levy_calculate"),
    {"event": "bot", "text": "Wie viele schwerbehinderte Menschen beschäftigen Sie?"},
    user("/human_handoff", "human_handoff"),
    {"event": "pause", "timestamp": 50.0},
    user("Es eilt, Frist am [Telefon]", "inform"),
]


def test_state_waiting_taken_released():
    assert hotline.handoff_state(EVENTS[:5])["status"] == "bot"
    assert hotline.handoff_state(EVENTS) == {"status": "waiting", "since": 50.0, "agent": ""}
    taken = EVENTS + [{"event": "bot", "text": "übernommen",
                       "metadata": {"lotse_handoff": "taken", "lotse_agent": "Frau Berg"}}]
    assert hotline.handoff_state(taken)["status"] == "active"
    assert hotline.handoff_state(taken)["agent"] == "Frau Berg"
    assert hotline.handoff_state(taken + [{"event": "resume"}])["status"] == "bot"
    assert hotline.handoff_state(taken + [{"event": "restart"}])["status"] == "bot"


def test_summary_uses_slots_and_the_stored_user_text_only():
    labels = hotline.SummaryLabels(roles={"arbeitgeber": "Arbeitgeber"},
                                   topic_title=lambda t: {"ausgleichsabgabe": "Ausgleichsabgabe"}.get(t),
                                   office=lambda o: ("LVR-Inklusionsamt", "NW"))
    slots = {"rolle": "arbeitgeber", "office_id": "nrw_lvr", "themen": ["ausgleichsabgabe"],
             "levy_jobs": 120.0, "leichte_sprache": False, "name_des_nutzers": "Anna"}
    card = hotline.summary(slots, EVENTS, labels)
    assert card["rolle"] == "Arbeitgeber" and card["amt"] == "LVR-Inklusionsamt"
    assert card["themen"] == ["Ausgleichsabgabe"]
    assert card["zahlen"] == {"arbeitsplaetze": 120.0}
    assert card["frage"] == "Wir haben 120 Mitarbeiter, wie hoch ist die Ausgleichsabgabe?"
    assert card["nachtraege"] == ["Es eilt, Frist am [Telefon]"]
    assert "Anna" not in str(card)  # only the slots the summary knows
    assert hotline.number_text(120.0) == "120" and hotline.number_text(2.5) == "2,5"


def test_messages_since_handoff_for_a_widget_that_reconnects():
    events = EVENTS + [
        {"event": "bot", "text": "übernommen", "timestamp": 60.0,
         "metadata": {"lotse_handoff": "taken", "lotse_agent": "Frau Berg"}},
        {"event": "bot", "text": "Guten Tag", "timestamp": 61.0, "metadata": {"lotse_agent": "Frau Berg"}},
        user("Danke", ts=62.0),
    ]
    assert hotline.since_handoff(events) == [{"text": "übernommen", "ts": 60.0},
                                             {"text": "Guten Tag", "ts": 61.0, "agent": "Frau Berg"}]
    assert hotline.since_handoff(EVENTS[:4]) == []
    assert [h["from"] for h in hotline.history(events)][-3:] == ["bot", "agent", "user"]


def test_history_marks_agent_messages_and_skips_payloads():
    events = EVENTS + [{"event": "bot", "text": "Guten Tag, hier Frau Berg.",
                        "metadata": {"lotse_agent": "Frau Berg vom Integrationsamt"}}]
    hist = hotline.history(events)
    assert [h["from"] for h in hist] == ["user", "bot", "user", "bot", "user", "agent"]
    assert hist[-1]["agent"] == "Frau Berg vom Integrationsamt"
    assert all(not h["text"].startswith("/") for h in hist)


# --------------------------------------------------------------------------- the action


def handoff_tracker(status: dict | None, slots: dict | None = None) -> Tracker:
    meta = {"lotse_hotline": status} if status is not None else {}
    return Tracker(sender_id="t", slots={"leichte_sprache": False, **(slots or {})},
                   latest_message={"text": "Mensch bitte", "intent": {"name": "human_handoff"},
                                   "entities": []},
                   events=[{"event": "user", "text": "Mensch bitte", "metadata": meta}],
                   paused=False, followup_action=None, active_loop={},
                   latest_action_name="action_listen")


def test_handoff_pauses_when_a_person_is_available(run_action):
    msgs, events = run_action(ActionHandoff(), handoff_tracker(
        {"available": True, "reason": "", "hours": "Mo-Fr 08:00-16:00"}))
    assert "ein Mensch" in all_text(msgs)
    kinds = [e["event"] for e in events]
    assert kinds[-2:] == ["action", "pause"]


@pytest.mark.parametrize(("reason", "expected"), [("closed", "Sprechzeiten: Mo-Fr 08:00-16:00"),
                                                  ("no_agent", "niemand frei")])
def test_handoff_outside_hours_or_without_agent_gives_the_office(run_action, reason, expected):
    msgs, events = run_action(ActionHandoff(), handoff_tracker(
        {"available": False, "reason": reason, "hours": "Mo-Fr 08:00-16:00"}, {"office_id": "nrw_lvr"}))
    text = all_text(msgs)
    assert expected in text and "Integrationsamt" in text
    assert "pause" not in [e["event"] for e in events]


def test_handoff_without_hotline_metadata_keeps_the_office_answer(run_action):
    msgs, events = run_action(ActionHandoff(), handoff_tracker(None))
    assert "persönliche Beratung" in all_text(msgs)
    assert "pause" not in [e["event"] for e in events]


def test_second_failure_offers_a_person_as_a_button(kb):
    from rasa_sdk.executor import CollectingDispatcher

    from actions import common

    common.set_store(kb)
    try:
        out = CollectingDispatcher()
        handoff_messages(out, handoff_tracker({"available": True, "reason": "", "hours": ""}))
    finally:
        common.set_store(None)
    assert out.messages[-1]["buttons"][0]["payload"] == "/human_handoff"
