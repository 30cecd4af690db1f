"""Actions against a real SQLite knowledge database (no mocks of the store)."""

from __future__ import annotations

import asyncio

import pytest
from conftest import all_text

from actions import common
from actions.conversation import ActionGreet, ActionHandoff, ActionLeichteSprache, ActionSmalltalk
from actions.deadlines import ValidateDeadlineForm, kind_from_text
from actions.finder import ActionFindBenefits
from actions.levy import ActionLevyResult, ValidateLevyForm
from actions.office import ActionOfficeResult, ValidateOfficeForm
from actions.precheck import ActionPrecheck27Result, answer_value
from actions.topics import ActionAnswerTopic, ActionClarify, ActionTopicConditions
from lotse.kb import KnowledgeStore


def slots(events: list[dict]) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_answer_topic_has_short_answer_legal_basis_and_next_step(run_action, tracker):
    msgs, events = run_action(ActionAnswerTopic(), tracker(
        "Wer bezahlt mir eine Braillezeile?", "technische_arbeitshilfen"))
    text = all_text(msgs)
    assert "Technische Arbeitshilfen" in text
    assert "Rechtsgrundlage: § 19 SchwbAV" in text
    assert "Nächster Schritt:" in text
    assert slots(events)["thema"] == "technische_arbeitshilfen"


def test_faq_is_chosen_from_the_message(run_action, tracker):
    msgs, _ = run_action(ActionAnswerTopic(), tracker(
        "Zahlt das Amt auch die Reparatur, wenn das Gerät kaputt ist?", "technische_arbeitshilfen"))
    assert "Instandsetzung" in all_text(msgs)


def test_every_topic_intent_answers_with_its_legal_basis(run_action, tracker, kb: KnowledgeStore):
    for topic in kb.all_topics():
        if topic.intent is None:
            continue
        msgs, _ = run_action(ActionAnswerTopic(), tracker("", topic.intent))
        text = all_text(msgs)
        assert topic.title in text, topic.id
        if topic.legal_basis:
            assert str(topic.legal_basis[0]) in text, topic.id


def test_leichte_sprache_switch_changes_the_answer(run_action, tracker, kb):
    msgs, events = run_action(ActionLeichteSprache(), tracker("Leichte Sprache bitte",
                                                              "leichte_sprache_an"))
    assert slots(events) == {"leichte_sprache": True}
    topic = kb.topic("technische_arbeitshilfen")
    msgs, _ = run_action(ActionAnswerTopic(), tracker(
        "Gerät für die Arbeit", "technische_arbeitshilfen", slots={"leichte_sprache": True}))
    text = all_text(msgs)
    assert topic.leichte_sprache.split("\n")[0][:30] in text
    assert "Das Gesetz dazu" in text


def test_conditions_for_current_topic(run_action, tracker, kb):
    msgs, _ = run_action(ActionTopicConditions(), tracker(
        "Welche Voraussetzungen?", "ask_conditions", slots={"thema": "arbeitsassistenz"}))
    text = all_text(msgs)
    for condition in kb.topic("arbeitsassistenz").conditions:
        assert condition.split()[0] in text


def test_conditions_without_topic_asks_back(run_action, tracker):
    msgs, _ = run_action(ActionTopicConditions(), tracker("Voraussetzungen?", "ask_conditions"))
    assert "Thema" in all_text(msgs)


def test_topic_with_place_adds_the_office(run_action, tracker):
    msgs, _ = run_action(ActionAnswerTopic(), tracker(
        "Wie beantrage ich die Zustimmung zur Kündigung? Wir sind in Hamburg.", "kuendigungsschutz"))
    text = all_text(msgs)
    assert "Zustimmung" in text and "Hamburg" in text


def test_levy_computed_from_one_message(run_action, tracker):
    msgs, _ = run_action(ActionAnswerTopic(), tracker(
        "Wir haben 100 Arbeitsplätze und beschäftigen 2 schwerbehinderte Menschen. Was zahlen wir?",
        "ausgleichsabgabe"))
    assert "9.900 €" in all_text(msgs)


def test_levy_rules_question_shows_current_rates(run_action, tracker):
    msgs, _ = run_action(ActionAnswerTopic(), tracker(
        "Wie hoch sind die Sätze je unbesetztem Pflichtarbeitsplatz?", "ausgleichsabgabe"))
    text = all_text(msgs)
    for rate in ("155 €", "275 €", "405 €", "815 €"):
        assert rate in text


def test_levy_form_extracts_both_numbers_and_rejects_nonsense(tracker, dispatcher):
    form = ValidateLevyForm()
    t = tracker("Wir haben 35 Stellen und keinen Schwerbehinderten", "levy_calculate",
                active_loop="levy_form", slots={"requested_slot": None})
    assert asyncio.run(form.extract_levy_jobs(dispatcher, t, {})) == {"levy_jobs": 35}
    assert asyncio.run(form.extract_levy_disabled(dispatcher, t, {})) == {"levy_disabled": 0}
    bad = form.validate_levy_disabled(50, dispatcher, tracker(slots={"levy_jobs": 20}), {})
    assert bad == {"levy_disabled": None}
    assert "Arbeitsplätze" in dispatcher.messages[-1]["text"]
    assert form.validate_levy_jobs(-5, dispatcher, tracker(), {}) == {"levy_jobs": None}


def test_levy_result_explains_and_resets(run_action, tracker):
    msgs, events = run_action(ActionLevyResult(), tracker(
        "2", "inform", slots={"levy_jobs": 35.0, "levy_disabled": 0.0}))
    assert "2.820 €" in all_text(msgs)
    assert slots(events)["levy_jobs"] is None


def test_office_form_resolves_place_and_asks_back_for_unknown(tracker, dispatcher, run_action):
    form = ValidateOfficeForm()
    t = tracker("Welches Integrationsamt ist in Leipzig zuständig?", "ask_office")
    assert asyncio.run(form.extract_office_id(dispatcher, t, {}))["office_id"] == "sn"
    t = tracker("Hintertupfingen", "inform", slots={"requested_slot": "office_id"})
    value = asyncio.run(form.extract_office_id(dispatcher, t, {}))["office_id"]
    assert value.startswith("?")
    assert form.validate_office_id(value, dispatcher, t, {}) == {"office_id": None}
    assert "Hintertupfingen" in dispatcher.messages[-1]["text"]
    msgs, _ = run_action(ActionOfficeResult(), tracker("", "ask_office", slots={"office_id": "sn"}))
    assert "ksv-sachsen" in all_text(msgs).lower()


def test_deadline_form_parts():
    assert kind_from_text("Es geht um eine fristlose Kündigung") == "ausserordentlich"
    assert kind_from_text("ordentliche Kündigung") == "ordentlich"
    assert kind_from_text("Hallo") is None


def test_deadline_form_rejects_a_non_date(tracker, dispatcher):
    form = ValidateDeadlineForm()
    t = tracker("irgendwann", "inform", slots={"requested_slot": "kuendigung_datum"})
    value = asyncio.run(form.extract_kuendigung_datum(dispatcher, t, {}))["kuendigung_datum"]
    assert form.validate_kuendigung_datum(value, dispatcher, t, {}) == {"kuendigung_datum": None}


def test_precheck_answers_and_result(run_action, tracker):
    assert answer_value("affirm", "ja", "bool") == "ja"
    assert answer_value("deny", "nein", "bool") == "nein"
    assert answer_value("dont_know", "weiß ich nicht", "bool") == "unbekannt"
    assert answer_value("inform", "seit 2 Jahren", "months") == "24"
    answers = {"p27_schwerbehindert": "ja", "p27_besonders_betroffen": "ja",
               "p27_belastung": "ja", "p27_alternativen_ausgeschoepft": "ja",
               "p27_arbeit_selbst": "ja", "p27_foerderung_dritter": "nein",
               "p27_beschaeftigungsmonate": "3"}
    msgs, _ = run_action(ActionPrecheck27Result(), tracker("", "inform", slots=answers))
    text = all_text(msgs)
    assert "ersten Jahr" in text or "erste Jahr" in text or "12 Monat" in text
    assert "keine entscheidung" in text.lower() or "nicht verbindlich" in text.lower() \
        or "unverbindlich" in text.lower()


def test_finder_lists_matching_benefits(run_action, tracker):
    msgs, _ = run_action(ActionFindBenefits(), tracker(
        "/find_benefits", "find_benefits", slots={"rolle": "arbeitgeber"},
        entities=[{"entity": "situation", "value": "minderleistung"}]))
    titles = [b["title"] for m in msgs for b in m.get("buttons") or []]
    assert titles[0] == "Leistungen bei außergewöhnlichen Belastungen" or any(
        "außergewöhnlich" in t for t in titles)


def test_finder_asks_role_then_situation(run_action, tracker):
    msgs, _ = run_action(ActionFindBenefits(), tracker("Welche Hilfen gibt es?", "find_benefits"))
    assert any("arbeitgeber" in b["payload"] for m in msgs for b in m.get("buttons") or [])
    msgs, _ = run_action(ActionFindBenefits(), tracker(
        "Welche Hilfen gibt es?", "find_benefits", slots={"rolle": "arbeitnehmer"}))
    assert any("situation" in b["payload"] for m in msgs for b in m.get("buttons") or [])


def test_clarify_offers_two_topics(run_action, tracker):
    ranking = [{"name": "nlu_fallback", "confidence": 1.0},
               {"name": "technische_arbeitshilfen", "confidence": 0.4},
               {"name": "behinderungsgerechte_einrichtung", "confidence": 0.35}]
    msgs, events = run_action(ActionClarify(), tracker("Hilfe bitte", "nlu_fallback",
                                                       intent_ranking=ranking))
    payloads = [b["payload"] for m in msgs for b in m.get("buttons") or []]
    assert payloads[:2] == ["/technische_arbeitshilfen", "/behinderungsgerechte_einrichtung"]
    assert slots(events)["fehlversuche"] == 1


def test_clarify_answers_when_knowledge_search_agrees(run_action, tracker):
    ranking = [{"name": "nlu_fallback", "confidence": 1.0},
               {"name": "technische_arbeitshilfen", "confidence": 0.4},
               {"name": "behinderungsgerechte_einrichtung", "confidence": 0.35}]
    msgs, events = run_action(ActionClarify(), tracker("Braillezeile Reparatur", "nlu_fallback",
                                                       intent_ranking=ranking))
    assert "Technische Arbeitshilfen" in all_text(msgs)
    assert slots(events)["thema"] == "technische_arbeitshilfen"


def test_second_failure_hands_over_to_a_person(run_action, tracker):
    msgs, events = run_action(ActionClarify(), tracker(
        "xyz", "nlu_fallback", slots={"fehlversuche": 1.0}))
    assert "Integrationsamt" in all_text(msgs)
    assert slots(events)["fehlversuche"] == 0


def test_handoff_names_office_and_summary(run_action, tracker):
    msgs, _ = run_action(ActionHandoff(), tracker(
        "Ich will mit einem Menschen sprechen", "human_handoff",
        slots={"office_id": "nrw_lvr", "themen": ["kuendigungsschutz"], "rolle": "arbeitgeber"}))
    text = all_text(msgs)
    assert "Landschaftsverband Rheinland" in text
    assert "Besonderer Kündigungsschutz" in text or "Kündigungsschutz" in text
    assert "Zusammenfassung" in text


def test_greeting_has_privacy_hint_and_role_buttons(run_action, tracker):
    msgs, _ = run_action(ActionGreet(), tracker("Hallo", "greet"))
    text = all_text(msgs)
    assert "Guten Tag" in text and "Datenschutz" in text
    assert len([b for m in msgs for b in m.get("buttons") or []]) == 3


@pytest.mark.parametrize("intent", ["bot_challenge", "bot_capabilities", "thanks", "out_of_scope"])
def test_smalltalk_answers(run_action, tracker, intent):
    msgs, _ = run_action(ActionSmalltalk(), tracker("x", intent))
    assert msgs and msgs[0]["text"]


def test_knowledge_base_failure_gives_polite_message(run_action, tracker, tmp_path):
    broken = tmp_path / "kb.sqlite"
    broken.write_bytes(b"this is not a database")
    common.set_store(KnowledgeStore(broken))
    msgs, events = run_action(ActionAnswerTopic(), tracker("x", "kuendigungsschutz"))
    assert "Entschuldigung" in all_text(msgs) and "bih.de" in all_text(msgs)
    assert events == []


def test_leichte_sprache_switch_repeats_the_last_answer(run_action, tracker):
    """Issue 10: "Bitte in Leichter Sprache" after an answer sends that answer again."""
    from actions.conversation import ActionLeichteSprache

    slots = {"thema": "kuendigungsschutz", "eintrag": "status_unbekannt"}
    msgs, events = run_action(ActionLeichteSprache(),
                              tracker("Bitte in Leichter Sprache", "leichte_sprache_an", slots=slots))
    text = all_text(msgs)
    assert "Ihr Chef wusste nichts" in text  # the entry's own Leichte Sprache text
    assert any(e.get("name") == "leichte_sprache" and e.get("value") is True for e in events)
    msgs, _ = run_action(ActionLeichteSprache(), tracker("Leichte Sprache an", "leichte_sprache_an"))
    assert len(msgs) == 1  # nothing answered yet: only the confirmation


def test_employee_reads_the_employee_next_step_first(run_action, tracker):
    """Issue 10: "Mein Arbeitgeber will mir kündigen" must not lead with the employer's step."""
    msgs, events = run_action(ActionAnswerTopic(), tracker(
        "Mein Arbeitgeber will mir kündigen, was kann ich tun?", "kuendigungsschutz"))
    text = all_text(msgs)
    step = text[text.index("Nächster Schritt"):]
    assert step.index("Sie müssen nichts beantragen") < step.index("Für Arbeitgeber")
    assert any(e.get("name") == "rolle" and e.get("value") == "arbeitnehmer" for e in events)
    msgs, _ = run_action(ActionAnswerTopic(), tracker(
        "Wir wollen einem schwerbehinderten Mitarbeiter kündigen", "kuendigungsschutz"))
    step = all_text(msgs)[all_text(msgs).index("Nächster Schritt"):]
    assert step.index("Beantragen Sie die Zustimmung") < step.index("Für Beschäftigte")


def test_role_from_wording():
    from lotse.roles import role_from_text

    assert role_from_text("Mein Chef will mich entlassen") == "arbeitnehmer"
    assert role_from_text("Unsere Mitarbeiterin ist schwerbehindert") == "arbeitgeber"
    assert role_from_text("Ich bin Vertrauensperson") == "sbv"
    assert role_from_text("Was ist BEM?") is None


def test_place_alone_after_a_dismissal_answer_gives_the_office(run_action, tracker):
    """Issue 10: "Ich wohne in Bielefeld" after a Kündigung answer is not a 'Danke'."""
    from actions.conversation import ActionSetRole

    msgs, events = run_action(ActionSetRole(), tracker(
        "Unser Betrieb ist in Bielefeld", "inform", slots={"thema": "kuendigungsschutz"}))
    text = all_text(msgs)
    assert "LWL" in text and "Danke" not in text
    assert any(e.get("name") == "office_id" and e.get("value") == "nrw_lwl" for e in events)
    msgs, _ = run_action(ActionSetRole(), tracker(
        "Wir sitzen in Saarbrücken", "inform", slots={"thema": "ausgleichsabgabe"}))
    assert "Saarland" in all_text(msgs)


def test_levy_is_recomputed_with_a_changed_number(run_action, tracker):
    from actions.conversation import ActionSetRole

    slots = {"thema": "ausgleichsabgabe", "letzte_zahlen": {"jobs": 120, "disabled": 3}}
    msgs, events = run_action(ActionSetRole(), tracker("Und wenn es 5 wären?", "inform", slots=slots))
    text = all_text(msgs)
    assert "1.860" in text  # 120 jobs, 5 disabled: 6 required, quota 4.17 % -> 1 x 155 € x 12
    assert any(e.get("name") == "letzte_zahlen" and e.get("value") == {"jobs": 120, "disabled": 5}
               for e in events)
    msgs, _ = run_action(ActionSetRole(), tracker("120 Arbeitsplätze und 3 schwerbehinderte",
                                                  "inform", slots={"thema": "ausgleichsabgabe"}))
    assert "9.900" in all_text(msgs)


def test_bare_inform_without_context_still_acknowledges(run_action, tracker):
    from actions.conversation import ActionSetRole

    msgs, _ = run_action(ActionSetRole(), tracker("ok", "inform"))
    assert len(msgs) == 1


def test_employee_gets_the_klagefrist_from_the_deadline_dialogue(run_action, tracker):
    """Issue 11: a Klagefrist calculator for employees, reachable from the deadline form."""
    from actions.deadlines import ActionDeadlineResult, kind_from_text

    assert kind_from_text("Ich habe eine Kündigung erhalten") == "klagefrist"
    assert kind_from_text("fristlose Kündigung") == "ausserordentlich"
    msgs, _ = run_action(ActionDeadlineResult(), tracker("04.11.2026", "inform", slots={
        "kuendigung_art": "klagefrist", "kuendigung_datum": "2026-11-04"}))
    text = all_text(msgs)
    assert "25.11.2026" in text and "§ 4 Satz 4 KSchG" in text


def test_follow_up_stays_with_the_conversation_topic(run_action, tracker):
    """Issue 10: "Gilt das auch für Gleichgestellte?" after Arbeitsassistenz answers that topic,
    even when the classifier guesses the Gleichstellung topic."""
    msgs, events = run_action(ActionAnswerTopic(), tracker(
        "Und gilt das auch für Gleichgestellte?", "gleichstellung",
        slots={"thema": "arbeitsassistenz"}))
    assert any(e.get("name") == "thema" and e.get("value") == "arbeitsassistenz" for e in events)
    assert "Arbeitsassistenz" in all_text(msgs)


def test_both_levy_figures_in_one_message_are_computed_without_context(run_action, tracker):
    from actions.conversation import ActionSetRole

    msgs, events = run_action(ActionSetRole(), tracker(
        "Wir haben 120 Mitarbeiter und 3 Schwerbehinderte", "inform", slots={"rolle": "arbeitgeber"}))
    assert "9.900" in all_text(msgs)
    assert any(e.get("name") == "thema" and e.get("value") == "ausgleichsabgabe" for e in events)
