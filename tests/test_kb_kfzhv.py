"""Kraftfahrzeughilfe (issue 11, major #5): the § 6 KfzHV table has no floor.

Above 75 % of the monthly Bezugsgröße there is no purchase subsidy at all, only a hardship
benefit (§ 9 KfzHV). The old text "zwischen 100 % und 16 %" suggested everybody gets at least 16 %.
"""

from __future__ import annotations

import re

import pytest

from lotse.answer import compose, match_faq
from lotse.kb import load_topics

TOPICS = {t.id: t for t in load_topics()}
KFZ = TOPICS["erreichen_arbeitsplatz"]

# § 6 Abs. 1 KfzHV: income up to x % of the monthly Bezugsgröße -> subsidy in % of § 5
TABLE = [(40, 100), (45, 88), (50, 76), (55, 64), (60, 52), (65, 40), (70, 28), (75, 16)]


def all_texts(topic):
    yield topic.short
    yield topic.details
    yield topic.leichte_sprache
    yield from topic.conditions
    yield from topic.excluded
    for amount in topic.amounts:
        yield str(amount.value)
    for faq in topic.faqs:
        yield faq.answer
        yield faq.leichte_sprache or ""


def test_no_text_implies_a_minimum_subsidy():
    for topic in TOPICS.values():
        for text in all_texts(topic):
            flat = " ".join(text.split())
            assert not re.search(r"zwischen 100\s*% und 16\s*%", flat), (topic.id, flat[:120])
            assert not re.search(r"100\s*%\s*(und|bis)\s*16\s*%", flat), (topic.id, flat[:120])


def test_details_carry_the_exact_table():
    flat = " ".join(KFZ.details.split())
    for income, subsidy in TABLE:
        assert f"{income} %" in flat and f"{subsidy} %" in flat, (income, subsidy)
    assert "über 75 %" in flat and "keinen Zuschuss" in flat
    assert "§ 9 KfzHV" in flat


@pytest.mark.parametrize("question", [
    "Wie hängt der Zuschuss zum Auto von meinem Einkommen ab?",
    "Wie viel Zuschuss bekomme ich zum Autokauf?",
    "Ich verdiene zu viel, bekomme ich gar nichts für das Auto?",
])
def test_income_answers_name_the_hardship_route(question):
    faq = match_faq(KFZ, question)
    assert faq is not None, question
    flat = " ".join(faq.answer.split())
    assert "§ 9 KfzHV" in flat and ("Härtefall" in flat or "Härten" in flat), faq.id
    assert "75 %" in flat and "keinen Zuschuss" in flat, faq.id


def test_table_faq_has_every_step():
    faq = next(f for f in KFZ.faqs if f.id == "einkommen_tabelle")
    flat = " ".join(faq.answer.split())
    for income, subsidy in TABLE:
        assert f"bis {income} %" in flat and f"{subsidy} %" in flat, (income, subsidy)


def test_kfzhv_figures():
    texts = " ".join(" ".join(t.split()) for t in all_texts(KFZ))
    assert "22.000 €" in texts                       # § 5 Abs. 1
    assert "50 % des damaligen Neuwagenpreises" in texts  # § 4 Abs. 3
    assert "fünf Jahren" in texts                    # § 6 Abs. 4
    assert "einen Monat nach" in texts               # § 10 Satz 2
    cited = {str(r) for f in KFZ.faqs for r in f.legal_basis}
    for norm in ("§ 4 Abs. 3 KfzHV", "§ 6 Abs. 1 KfzHV", "§ 7 KfzHV", "§ 8 KfzHV", "§ 9 Abs. 1 KfzHV",
                 "§ 10 KfzHV", "§ 6 Abs. 4 KfzHV"):
        assert norm in cited, norm


def test_used_car_question_answers_yes_with_the_50_percent_rule():
    answer = compose(KFZ, "Gilt die Kfz-Hilfe auch für einen Gebrauchtwagen?")
    assert answer.faq_id == "gebrauchtwagen"
    assert "50 %" in answer.text and "§ 4 Abs. 3 KfzHV" in answer.text
