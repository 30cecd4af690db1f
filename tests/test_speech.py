"""Unit tests for channels/speech.py: chat answers turned into speakable German sentences."""

from __future__ import annotations

import pytest

from channels.speech import URL_HINT, choices_prompt, speakable, to_speech


def spoken(text: str) -> str:
    return " ".join(speakable(text))


def test_legal_citation_is_written_out() -> None:
    out = spoken("Rechtsgrundlage: § 160 Abs. 2 SGB IX, §§ 14-16 SchwbAV.")
    assert "Paragraf 160 Absatz 2 Sozialgesetzbuch neun" in out
    assert "Paragrafen 14-16 Schwerbehinderten-Ausgleichsabgabeverordnung" in out
    assert "§" not in out and "Abs." not in out


@pytest.mark.parametrize(("book", "word"), [("SGB II", "zwei"), ("SGB III", "drei"), ("SGB XII", "zwölf"),
                                            ("SGB V", "fünf")])
def test_other_social_code_books(book: str, word: str) -> None:
    assert f"Sozialgesetzbuch {word}" in spoken(f"Siehe {book}.")


def test_money_and_dates() -> None:
    out = spoken("Die Abgabe beträgt 9.900 € pro Jahr, fällig am 31.03.2026; Quote 5 %.")
    assert "9900 Euro" in out and "€" not in out
    assert "31. März 2026" in out and "5 Prozent" in out


def test_urls_and_mail_are_replaced_by_one_hint() -> None:
    sentences = speakable("Das Formular finden Sie online. Mehr unter https://www.bih.de/a?b=1. "
                          "Schreiben Sie an info@amt.de oder lesen Sie [die Seite](https://x.de).")
    joined = " ".join(sentences)
    assert "http" not in joined and "www" not in joined and "@" not in joined
    assert sentences.count(URL_HINT) == 1 and sentences[-1] == URL_HINT
    assert "Das Formular finden Sie online." in sentences
    assert not any(s.startswith("Mehr") for s in sentences)  # "Mehr unter <link>" says nothing


def test_no_hint_without_link() -> None:
    assert URL_HINT not in speakable("Der Antrag ist formlos.")


def test_markdown_and_bullets_are_removed() -> None:
    sentences = speakable("**Voraussetzungen:**\n• GdB ab 50\n- Arbeitsplatz in Deutschland\n"
                          "* z. B. Umbau\n# Hinweis\n_kursiv_ und *betont*")
    joined = " ".join(sentences)
    for mark in ("**", "•", "#", "- ", "*"):
        assert mark not in joined
    assert "Grad der Behinderung ab 50." in joined
    assert "Arbeitsplatz in Deutschland." in joined and "zum Beispiel Umbau." in joined


def test_long_sentences_are_split_at_semicolons() -> None:
    text = ("Beschäftigungsquote 3 % bis unter 5 %: 155 €; 2 % bis unter 3 %: 275 €; "
            "über 0 % bis unter 2 %: 405 €; 0 %: 720 €; Kleinbetriebe zahlen weniger, "
            "und zwar je nach Zahl der Arbeitsplätze deutlich weniger als andere Arbeitgeber.")
    sentences = speakable(text)
    assert len(sentences) >= 4
    assert all(len(s) <= 160 for s in sentences)
    assert all(s.endswith(".") for s in sentences)


def test_ordinals_and_abbreviations_do_not_split_sentences() -> None:
    assert speakable("Ab dem 1. Januar gilt z. B. Nr. 3 neu. Danach nicht.") == [
        "Ab dem 1. Januar gilt zum Beispiel Nummer 3 neu.", "Danach nicht."]


def test_buttons_are_spoken_as_choices() -> None:
    buttons = [{"title": "Voraussetzungen", "payload": "/ask_conditions"},
               {"title": "Mehr dazu", "payload": "/ask_details"}]
    assert choices_prompt(buttons) == "Sagen Sie zum Beispiel: Voraussetzungen, oder: Mehr dazu."
    assert choices_prompt(buttons[:1]) == "Sagen Sie zum Beispiel: Voraussetzungen."
    three = [*buttons, {"title": "Zuständiges Amt", "payload": "/ask_office"}]
    assert choices_prompt(three).endswith("Voraussetzungen, Mehr dazu, oder: Zuständiges Amt.")
    assert choices_prompt([]) == ""
    out = to_speech("Worum geht es?", buttons)
    assert out == ["Worum geht es?", "Sagen Sie zum Beispiel: Voraussetzungen, oder: Mehr dazu."]


def test_emoji_and_empty_input() -> None:
    assert speakable("Gern geschehen! 😊") == ["Gern geschehen!"]
    assert speakable("") == [] and to_speech("") == []
