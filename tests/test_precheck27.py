"""§ 27 SchwbAV pre-check."""

from __future__ import annotations

import pytest

from lotse.precheck27 import (
    DERZEIT_EHER_NICHT,
    ERFUELLT,
    NICHT_ERFUELLT,
    OFFEN,
    QUESTION_IDS,
    QUESTIONS,
    UNBEKANNT,
    VORAUSSICHTLICH_MOEGLICH,
    PrecheckInputError,
    assess,
    next_question,
    question,
)

ALL_GOOD = {
    "schwerbehindert": True,
    "besonders_betroffen": True,
    "belastung": True,
    "alternativen_ausgeschoepft": True,
    "arbeit_selbst": True,
    "foerderung_dritter": False,
    "beschaeftigungsmonate": 30,
}


def test_question_list_is_complete_and_ordered():
    assert QUESTION_IDS == (
        "schwerbehindert", "besonders_betroffen", "belastung", "alternativen_ausgeschoepft",
        "arbeit_selbst", "foerderung_dritter", "beschaeftigungsmonate",
    )
    assert len(set(QUESTION_IDS)) == len(QUESTIONS)


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.id)
def test_each_question_has_texts(q):
    assert q.text.endswith("?")
    assert q.leichte_sprache.strip()
    assert q.kind in ("bool", "months")
    assert len(q.leichte_sprache) < len(q.text) or q.id == "schwerbehindert"


def test_question_lookup():
    assert question("belastung").id == "belastung"
    with pytest.raises(KeyError):
        question("gibt_es_nicht")


def test_next_question_walks_in_order():
    answers: dict = {}
    asked = []
    while (q := next_question(answers)) is not None:
        asked.append(q.id)
        answers[q.id] = None  # "weiß nicht" still counts as asked
    assert tuple(asked) == QUESTION_IDS


def test_all_conditions_met():
    r = assess(ALL_GOOD)
    assert r.level == VORAUSSICHTLICH_MOEGLICH
    assert r.missing == ()
    assert all(c.status == ERFUELLT for c in r.checks)
    assert "voraussichtlich" in r.headline


@pytest.mark.parametrize(
    "key,value",
    [
        ("schwerbehindert", False),
        ("besonders_betroffen", False),
        ("belastung", False),
        ("alternativen_ausgeschoepft", False),
        ("arbeit_selbst", False),
        ("foerderung_dritter", True),
    ],
)
def test_single_failed_condition(key, value):
    r = assess({**ALL_GOOD, key: value})
    assert r.level == DERZEIT_EHER_NICHT
    failed = [c for c in r.checks if c.status == NICHT_ERFUELLT]
    assert [c.id for c in failed] == [key]
    assert failed[0].reason in r.text()


@pytest.mark.parametrize("months", [0, 11, 11.5])
def test_first_year_is_practice_not_a_failed_legal_condition(months):
    """Issue 11: "not in the first year" is one office's practice (seed 004), not § 27 SchwbAV."""
    from lotse.precheck27 import PRAXIS

    r = assess({**ALL_GOOD, "beschaeftigungsmonate": months})
    assert r.level != DERZEIT_EHER_NICHT
    check = next(c for c in r.checks if c.id == "beschaeftigungsmonate")
    assert check.status == PRAXIS
    assert "Praxis" in check.reason and "keine Wartezeit" in check.reason


def test_precheck_asks_for_the_bescheid_not_the_ausweis():
    from lotse.precheck27 import question

    q = question("schwerbehindert")
    assert "Bescheid" in q.text and "Bescheid" in q.leichte_sprache
    assert "Ausweis" not in q.leichte_sprache


@pytest.mark.parametrize("months", [12, 13, 120])
def test_after_first_year(months):
    assert assess({**ALL_GOOD, "beschaeftigungsmonate": months}).level == VORAUSSICHTLICH_MOEGLICH


@pytest.mark.parametrize("key", QUESTION_IDS)
def test_single_unknown_gives_open(key):
    r = assess({**ALL_GOOD, key: None})
    assert r.level == OFFEN
    assert r.missing == (key,)
    check = next(c for c in r.checks if c.id == key)
    assert check.status == UNBEKANNT
    assert check.reason in r.text()


def test_missing_keys_count_as_unknown():
    r = assess({})
    assert r.level == OFFEN
    assert r.missing == QUESTION_IDS


def test_failure_beats_unknown():
    r = assess({"schwerbehindert": True, "foerderung_dritter": True})
    assert r.level == DERZEIT_EHER_NICHT
    assert "foerderung_dritter" not in r.missing
    assert "belastung" in r.missing


def test_first_year_text_says_usually():
    r = assess({**ALL_GOOD, "beschaeftigungsmonate": 6})
    assert "in der Regel" in r.text()


def test_subsidiarity_text():
    r = assess({**ALL_GOOD, "foerderung_dritter": True})
    assert "Eingliederungszuschuss" in r.text()


@pytest.mark.parametrize("answers", [ALL_GOOD, {}, {**ALL_GOOD, "belastung": False}])
def test_text_always_has_disclaimer_and_next_step(answers):
    text = assess(answers).text()
    for fragment in ("vorläufige Einschätzung", "keine Entscheidung", "Integrationsamt",
                     "§ 27 Abs. 4 SchwbAV", "Stundenlohn", "Arbeitszeit", "Teilzeit", "anteilig",
                     "Antrag"):
        assert fragment in text, fragment


def test_legal_basis():
    r = assess(ALL_GOOD)
    assert "§ 27 SchwbAV" in r.legal_basis
    assert "§ 185 Abs. 3 Nr. 2 Buchst. e SGB IX" in r.legal_basis


@pytest.mark.parametrize(
    "answers",
    [
        {"schwerbehindert": "ja"},
        {"belastung": 1},
        {"beschaeftigungsmonate": "zwölf"},
        {"beschaeftigungsmonate": True},
        {"beschaeftigungsmonate": -1},
        {"beschaeftigungsmonate": 10_000},
        {"unbekannte_frage": True},
    ],
)
def test_invalid_answers_raise(answers):
    with pytest.raises(PrecheckInputError):
        assess(answers)
