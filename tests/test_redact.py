"""privacy.redact: personal data out, what the assistant needs stays."""

from __future__ import annotations

import pytest

from privacy.redact import introduced_names, redact, redact_event, redact_value, sensitive_spans


@pytest.mark.parametrize("text, expected", [
    ("Meine Mail ist max.muster@example.de.", "Meine Mail ist [E-Mail]."),
    ("Schreiben Sie an erika_m+lotse@mail.uni-koeln.de", "Schreiben Sie an [E-Mail]"),
    ("Tel. 0171-1234567", "Tel. [Telefon]"),
    ("Meine Nummer: 0171 2345678. Danke", "Meine Nummer: [Telefon]. Danke"),
    ("Rufen Sie mich an: 0171 1234567", "Rufen Sie mich an: [Telefon]"),
    ("+49 221 12345678 oder (0221) 123456", "[Telefon] oder [Telefon]"),
    ("+49 (0) 171 1234567", "[Telefon]"),
    ("0049 30 1234567", "[Telefon]"),
    ("0221/9876543", "[Telefon]"),
    ("IBAN DE89 3704 0044 0532 0130 00 bitte", "IBAN [IBAN] bitte"),
    ("DE89370400440532013000", "[IBAN]"),
    ("Ich bin geboren am 03.04.1970.", "Ich bin geboren am [Geburtsdatum]."),
    ("Geburtsdatum: 1. März 1970", "Geburtsdatum: [Geburtsdatum]"),
    ("geb. 3.4.70", "geb. [Geburtsdatum]"),
    ("ich bin am 3.4.1970 geboren", "ich bin am [Geburtsdatum] geboren"),
    ("Ich wohne in der Musterstraße 12, 12345 Köln", "Ich wohne in der [Adresse], [PLZ Ort]"),
    ("Hauptstr. 5a in 50667 Köln", "[Adresse] in [PLZ Ort]"),
    ("Am Markt 3, 53111 Bonn", "[Adresse], [PLZ Ort]"),
    ("60528 Frankfurt am Main", "[PLZ Ort]"),
    ("Berliner Allee 7", "[Adresse]"),
    ("ich heiße Anna Schmidt und arbeite in Köln", "ich heiße [Name] und arbeite in Köln"),
    ("Mein Name ist Müller.", "Mein Name ist [Name]."),
    ("ich heisse max", "ich heisse [Name]"),
    ("Guten Tag, ich bin Frau Meier", "Guten Tag, ich bin Frau [Name]"),
    ("Mit freundlichen Grüßen Peter Pan", "Mit freundlichen Grüßen [Name]"),
])
def test_personal_data_is_replaced(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "Mir wurde am 15.03.2026 gekündigt.",
    "Ich bin am 15.03.2026 gekündigt worden",
    "Kündigung am 01.03.2026, Zugang 3. März 2026",
    "Wir haben 60 Arbeitsplätze und 2 Schwerbehinderte.",
    "Wir haben 12000 Arbeitsplätze, die Abgabe ist 12345 Euro",
    "Welches Integrationsamt ist für Frankfurt am Main zuständig?",
    "Ich arbeite 20 Stunden, GdB 50 seit 2019-05-01",
    "Was kostet das 2025? 0 Schwerbehinderte, 100 Beschäftigte",
    "ich heiße nicht so",
    "Die Frist beträgt 1 Monat nach § 171 SGB IX",
    "",
])
def test_what_the_assistant_needs_is_kept(text: str) -> None:
    assert redact(text) == text


def test_several_kinds_in_one_message() -> None:
    text = ("Ich heiße Erika Mustermann, geboren am 12.08.1965, Tel. 0171 2345678, "
            "erika@example.org, Lindenweg 4, 50667 Köln. Kündigung kam am 01.02.2026.")
    out = redact(text)
    for secret in ("Erika", "Mustermann", "12.08.1965", "2345678", "erika@", "Lindenweg", "50667"):
        assert secret not in out
    assert "01.02.2026" in out and "Kündigung" in out


def test_slot_values_nested() -> None:
    value = ["a@b.de", {"x": "0171 1234567"}, 5, None]
    assert redact_value(value) == ["[E-Mail]", {"x": "[Telefon]"}, 5, None]


def test_user_event_text_parse_data_and_entities() -> None:
    event = {"event": "user", "text": "mail a@b.de", "timestamp": 1.0,
             "parse_data": {"text": "mail a@b.de", "intent": {"name": "inform"},
                            "entities": [{"entity": "ort", "value": "a@b.de", "start": 5, "end": 11}]}}
    out = redact_event(event)
    assert out["text"] == out["parse_data"]["text"] == "mail [E-Mail]"
    assert out["parse_data"]["entities"][0]["value"] == "[entfernt]"  # lies inside the e-mail
    assert out["parse_data"]["intent"] == {"name": "inform"}
    assert event["text"] == "mail a@b.de"  # the original is not changed


def test_bot_slot_and_other_events() -> None:
    bot = {"event": "bot", "text": "Ihre Nummer 0171 1234567."}
    assert redact_event(bot)["text"] == "Ihre Nummer [Telefon]."
    assert redact_event({"event": "slot", "name": "x", "value": "a@b.de"})["value"] == "[E-Mail]"
    action = {"event": "action", "name": "a@b.de"}
    assert redact_event(action) is action


def test_introduced_names_are_also_removed_where_repeated() -> None:
    assert introduced_names("Hallo, ich heiße Anna Schmidt und arbeite bei Dr. Oetker") == ["Anna", "Schmidt"]
    assert redact("Frau Schmidt, Ihre Frist", names=["Schmidt"]) == "Frau [Name], Ihre Frist"
    assert redact("Schmidtke bleibt", names=["Schmidt"]) == "Schmidtke bleibt"


def test_entities_inside_personal_data_are_removed() -> None:
    text = "Amt für Bochum? Rückruf unter 0171 2345678."
    event = {"event": "user", "text": text, "parse_data": {"text": text, "entities": [
        {"entity": "ort", "value": "Bochum", "start": 8, "end": 14},
        {"entity": "datum", "value": "2345678.", "start": 35, "end": 43}]}}
    entities = redact_event(event)["parse_data"]["entities"]
    assert [e["value"] for e in entities] == ["Bochum", "[entfernt]"]
    assert sensitive_spans("Mail a@b.de") == [(5, 11)]
