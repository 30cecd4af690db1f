"""Unit tests for channels/formatting.py, channels/env.py and the Telegram/Facebook renderers."""

from __future__ import annotations

import pytest

from channels.env import setting
from channels.formatting import (
    TELEGRAM_LIMIT,
    WHATSAPP_LIMIT,
    numbered_choices,
    resolve_choice,
    sentences,
    split_message,
)

BUTTONS = [{"title": "Voraussetzungen", "payload": "/ask_conditions"},
           {"title": "Mehr dazu", "payload": "/ask_details"}]


def long_text(n_sentences: int) -> str:
    return " ".join(f"Das ist Satz Nummer {i} mit etwas Inhalt zum Kündigungsschutz nach § 168 SGB IX."
                    for i in range(n_sentences))


def test_short_text_is_one_chunk() -> None:
    assert split_message("  Hallo.  ", WHATSAPP_LIMIT) == ["Hallo."]
    assert split_message("", WHATSAPP_LIMIT) == []


@pytest.mark.parametrize("limit", [WHATSAPP_LIMIT, TELEGRAM_LIMIT, 200])
def test_long_text_is_split_at_sentence_ends(limit: int) -> None:
    text = long_text(120)
    chunks = split_message(text, limit)
    assert len(chunks) > 1
    assert all(len(c) <= limit for c in chunks)
    assert all(c.endswith(".") for c in chunks)
    assert " ".join(chunks) == text  # nothing lost, nothing added


def test_paragraphs_stay_together_when_they_fit() -> None:
    text = "Erster Absatz.\n\nZweiter Absatz.\n" + "x " * 30
    assert split_message(text, 1000) == [text.strip()]
    parts = split_message("A" * 50 + ".\n\n" + "B" * 50 + ".", 60)
    assert parts == ["A" * 50 + ".", "B" * 50 + "."]


def test_overlong_sentence_is_cut_at_spaces() -> None:
    text = " ".join(["Wort"] * 100)
    chunks = split_message(text, 60)
    assert all(len(c) <= 60 for c in chunks) and " ".join(chunks) == text
    assert split_message("x" * 130, 60) == ["x" * 60, "x" * 60, "x" * 10]
    with pytest.raises(ValueError):
        split_message("abc", 5)


def test_sentences_respect_german_abbreviations() -> None:
    assert sentences("Nach § 160 Abs. 2 SGB IX gilt das. Am 1. Januar z. B. nicht! Warum? Darum.") == [
        "Nach § 160 Abs. 2 SGB IX gilt das.", "Am 1. Januar z. B. nicht!", "Warum?", "Darum."]


def test_numbered_choices_and_replies() -> None:
    assert numbered_choices(BUTTONS) == "1) Voraussetzungen\n2) Mehr dazu"
    assert resolve_choice("1", BUTTONS) == "/ask_conditions"
    assert resolve_choice(" 2) ", BUTTONS) == "/ask_details"
    assert resolve_choice("2.", BUTTONS) == "/ask_details"
    assert resolve_choice("mehr dazu!", BUTTONS) == "/ask_details"
    assert resolve_choice("3", BUTTONS) is None
    assert resolve_choice("0", BUTTONS) is None
    assert resolve_choice("Ich habe 50 Mitarbeiter", BUTTONS) is None
    assert resolve_choice("1", []) is None


def test_env_placeholders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOTSE_TEST_TOKEN", "abc")
    monkeypatch.delenv("LOTSE_TEST_MISSING", raising=False)
    assert setting("${LOTSE_TEST_TOKEN}") == "abc"
    assert setting("https://${LOTSE_TEST_TOKEN}.example/x") == "https://abc.example/x"
    assert setting("${LOTSE_TEST_MISSING}") is None
    assert setting("${LOTSE_TEST_MISSING}", "d") == "d"
    assert setting("plain") == "plain" and setting(None) is None and setting("") is None


def test_telegram_keyboard_layout() -> None:
    from channels.telegram_de import callback_data, keyboard

    two = keyboard(BUTTONS).to_python()["inline_keyboard"]
    assert len(two) == 1 and [b["callback_data"] for b in two[0]] == ["/ask_conditions", "/ask_details"]
    three = keyboard([*BUTTONS, {"title": "Zuständiges Amt finden", "payload": "/ask_office"}])
    assert len(three.to_python()["inline_keyboard"]) == 3  # one per row
    reply = keyboard(BUTTONS, "reply").to_python()
    assert reply["one_time_keyboard"] and reply["keyboard"][0][0]["text"] == "Voraussetzungen"
    long_payload = {"title": "Ich bin Arbeitgeber", "payload": "/inform" + "x" * 80}
    assert callback_data(long_payload) == "Ich bin Arbeitgeber"


def test_facebook_quick_replies() -> None:
    from channels.facebook_de import quick_replies

    out = quick_replies([{"title": "Zuständiges Integrationsamt finden", "payload": "/ask_office"}] * 15)
    assert len(out) == 13 and len(out[0]["title"]) == 20 and out[0]["payload"] == "/ask_office"


def test_whatsapp_choices_text() -> None:
    from channels.whatsapp_de import with_choices

    assert with_choices("Wer fragt?", BUTTONS) == (
        "Wer fragt?\n\n1) Voraussetzungen\n2) Mehr dazu\n\nBitte antworten Sie mit der Nummer.")
