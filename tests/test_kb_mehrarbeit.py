"""Mehrarbeit (§ 207 SGB IX): freed on request only from work beyond eight hours a working day.

Issue 11: the old text said severely disabled people "müssen keine Über-Stunden machen". Overtime
beyond the contract hours but within eight hours a day is not Mehrarbeit in the sense of § 207
(case law of the BAG, with § 3 ArbZG); every text must carry the eight-hour condition.
"""

from __future__ import annotations

import re

import pytest

from lotse.answer import compose
from lotse.kb import load_topics

TOPIC = {t.id: t for t in load_topics()}["mehrarbeit"]
EIGHT = re.compile(r"\b(acht|8)\s+Stunden\b", re.IGNORECASE)
# "keine Überstunden", "keine Über-Stunden", "keine Überstunden machen" ...
NO_OVERTIME = re.compile(r"kein\w*\s+über-?\s?stunden", re.IGNORECASE)


def all_texts() -> list[tuple[str, str]]:
    t = TOPIC
    texts = [("short", t.short), ("details", t.details), ("leichte_sprache", t.leichte_sprache),
             ("apply.how", t.apply_how), ("apply.leichte_sprache", t.apply_leichte_sprache),
             ("title_leichte_sprache", t.title_leichte_sprache)]
    texts += [(f"synonyms[{i}]", s) for i, s in enumerate(t.synonyms)]
    texts += [(f"conditions[{i}]", c) for i, c in enumerate(t.conditions)]
    for f in t.faqs:
        texts += [(f"{f.id}.question", f.question), (f"{f.id}.answer", f.answer),
                  (f"{f.id}.leichte_sprache", f.leichte_sprache or "")]
        texts += [(f"{f.id}.triggers", " ".join(f.triggers))]
    return texts


@pytest.mark.parametrize("where, text", all_texts())
def test_no_text_promises_no_overtime_without_the_eight_hour_condition(where, text):
    if NO_OVERTIME.search(text):
        assert EIGHT.search(text), (where, text)


def test_overview_and_easy_text_name_the_eight_hours():
    assert EIGHT.search(TOPIC.short)
    assert EIGHT.search(TOPIC.details)
    assert EIGHT.search(TOPIC.leichte_sprache)
    assert "§ 207" in TOPIC.short


@pytest.mark.parametrize("question", [
    "Muss ich als Schwerbehinderter Überstunden machen?",
    "Kann ich Überstunden ablehnen, ich habe einen GdB von 50?",
    "Was zählt als Mehrarbeit?",
    "Ich arbeite Teilzeit 6 Stunden, muss ich Überstunden machen?",
])
def test_answer_mentions_eight_hours(question):
    for leichte in (False, True):
        answer = compose(TOPIC, question, leichte=leichte)
        assert EIGHT.search(answer.text), (question, leichte, answer.text)


def test_within_eight_hours_is_not_covered():
    faq = {f.id: f for f in TOPIC.faqs}["was_ist_mehrarbeit"]
    assert "Nein" in faq.answer and "vertragliche" in faq.answer
    assert "Bereitschaftsdienst" in {f.id: f for f in TOPIC.faqs}["bereitschaftsdienst"].answer


def test_night_work_is_not_section_207():
    faq = {f.id: f for f in TOPIC.faqs}["nachtarbeit"]
    assert "befreit nicht" in faq.answer and "§ 164 Abs. 4 Satz 1 Nr. 4" in faq.answer
