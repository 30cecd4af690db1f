"""The trained assistant through Rasa's real REST channel (servers started on free ports)."""

from __future__ import annotations

import uuid

import pytest
from conftest import all_text

pytestmark = pytest.mark.server


def sender() -> str:
    return f"t-{uuid.uuid4().hex[:10]}"


def test_german_greeting_over_rest(server):
    reply = server.say(sender(), "Hallo")
    text = all_text(reply)
    assert "Guten Tag" in text and "Teilhabe-Lotse" in text
    assert any(m.get("buttons") for m in reply)  # role choice


def test_topic_question_answers_from_knowledge_base(server):
    text = all_text(server.say(sender(), "Mein Chef will mir kündigen, ich bin schwerbehindert. "
                                         "Darf er das ohne Weiteres?"))
    assert "Zustimmung" in text and "§ 168 SGB IX" in text


def test_levy_calculation_in_one_message(server):
    text = all_text(server.say(sender(), "Wir haben 60 Arbeitsplätze und keinen schwerbehinderten "
                                         "Beschäftigten. Wie viel Ausgleichsabgabe zahlen wir?"))
    assert "29.340 €" in text


def test_levy_form_asks_only_for_what_is_missing(server):
    s = sender()
    first = all_text(server.say(s, "Können Sie mir die Ausgleichsabgabe ausrechnen? Wir haben 100 "
                                   "Arbeitsplätze."))
    assert "schwerbehinderte" in first.lower()
    assert "9.900 €" in all_text(server.say(s, "2"))


def test_office_for_a_city(server):
    text = all_text(server.say(sender(), "Welches Integrationsamt ist für Bochum zuständig?"))
    assert "Westfalen-Lippe" in text


def test_leichte_sprache_is_kept_for_the_conversation(server):
    s = sender()
    server.say(s, "Bitte antworte in Leichter Sprache")
    text = all_text(server.say(s, "Wie viel Zusatzurlaub bekomme ich?"))
    assert "Das Gesetz dazu" in text


@pytest.mark.parametrize("body", [
    b"", b"{not json", b'{"sender": "x"}', b'{"sender": 5, "message": ["a"]}',
    b"\x00\x01\x02\xff",
])
def test_broken_payloads_do_not_break_the_server(server, body):
    status, _ = server.post("/webhooks/rest/webhook", body)
    assert status in (200, 400, 422, 500)
    # the server keeps answering
    assert "Guten Tag" in all_text(server.say(sender(), "Hallo"))


def test_empty_message_gets_a_clear_answer(server):
    reply = server.say(sender(), "   ")
    assert isinstance(reply, list)
