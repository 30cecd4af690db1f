"""Reha-Träger first, also for keeping a job (issue 11, major #6).

§ 49 Abs. 3 Nr. 1 SGB IX covers "Erhaltung oder Erlangung eines Arbeitsplatzes"; the Integrationsamt
pays only if no Reha-Träger must (§ 18 Abs. 1 SchwbAV). One application is enough: it is forwarded
(§ 14 SGB IX, § 185 Abs. 7 SGB IX). The old rule of thumb "existing job -> mostly the Integrationsamt"
is wrong and must not come back.
"""

from __future__ import annotations

import re

import pytest

from lotse.answer import match_faq
from lotse.kb import load_topics

TOPICS = {t.id: t for t in load_topics()}

WRONG = [
    re.compile(r"Faustregel[^.]{0,120}(jetzigen|bestehenden|Erhalt)[^.]{0,80}Integrationsamt", re.I),
    re.compile(r"Erhalt[^.]{0,80}meist[^.]{0,20}(das|beim) Integrationsamt", re.I),
    re.compile(r"(jetzigen|bestehenden|vorhandenen) (Stelle|Arbeitsplatz)[^.]{0,60}meist (das|beim) "
               r"Integrationsamt", re.I),
    re.compile(r"meist,? wenn es darum geht, eine bestehende Stelle zu sichern", re.I),
]


def texts(topic):
    yield topic.short
    yield topic.details
    yield topic.leichte_sprache
    yield topic.apply_how
    for faq in topic.faqs:
        yield faq.answer
        yield faq.leichte_sprache or ""


@pytest.mark.parametrize("topic_id", sorted(TOPICS))
def test_no_existing_job_means_integrationsamt_rule(topic_id):
    for text in texts(TOPICS[topic_id]):
        flat = " ".join((text or "").split())
        for pattern in WRONG:
            assert not pattern.search(flat), (topic_id, pattern.pattern, flat[:160])


@pytest.mark.parametrize("topic_id, question", [
    ("begleitende_hilfe", "Wer zahlt zuerst, das Integrationsamt oder die Rentenversicherung?"),
    ("erreichen_arbeitsplatz", "Wer ist zuständig für die Kfz-Hilfe, Rentenversicherung oder Integrationsamt?"),  # noqa: E501
    ("erreichen_arbeitsplatz", "Ich habe schon eine feste Stelle, ist dann das Integrationsamt zuständig?"),
    ("verweis_agentur_fuer_arbeit", "Ist für meinen jetzigen Arbeitsplatz die Agentur für Arbeit oder das Integrationsamt zuständig?"),  # noqa: E501
])
def test_routing_answers_say_reha_first_and_one_application(topic_id, question):
    faq = match_faq(TOPICS[topic_id], question)
    assert faq is not None, question
    flat = " ".join(faq.answer.split())
    assert "§ 18 Abs. 1 SchwbAV" in flat, faq.id
    assert "§ 14" in flat and "§ 185 Abs. 7" in flat, faq.id
    assert re.search(r"[Ee]in Antrag (genügt|reicht)", flat), faq.id
    assert re.search(r"[Ee]rhalt", flat), faq.id


def test_arbeitsassistenz_for_a_new_job_is_reha_first_for_three_years():
    topic = TOPICS["arbeitsassistenz"]
    faq = next(f for f in topic.faqs if f.id == "neue_stelle")
    flat = " ".join(faq.answer.split())
    assert "drei Jahre" in flat and "§ 49 Abs. 8" in flat
    assert any(str(r).startswith("§ 49 Abs. 8") for r in faq.legal_basis)
