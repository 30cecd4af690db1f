"""Turn chat answers into text that a German text-to-speech voice reads well.

Pure functions, no Rasa imports: the voice connector calls `to_speech()` for every bot message.
Links cannot be spoken, markdown and bullets must not be read out, and legal abbreviations are
written out ("§ 160 Abs. 2 SGB IX" -> "Paragraf 160 Absatz 2 Sozialgesetzbuch neun").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from channels.formatting import sentences

URL_HINT = "Die Adresse finden Sie auf der Website des Amtes."
MAX_SENTENCE = 160

_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\"]+[^\s<>()\".,;:!?]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_GAP = "\u2060LINK\u2060"
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]")
_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember")
_ROMAN = {"I": "eins", "II": "zwei", "III": "drei", "IV": "vier", "V": "fünf", "VI": "sechs",
          "VII": "sieben", "VIII": "acht", "IX": "neun", "X": "zehn", "XI": "elf", "XII": "zwölf",
          "XIV": "vierzehn"}
# (pattern, replacement), applied in order; patterns are regular expressions.
_WORDS: tuple[tuple[str, str], ...] = (
    (r"§§\s*", "Paragrafen "),
    (r"§\s*", "Paragraf "),
    (r"\bAbs\.\s*", "Absatz "),
    (r"\bNr\.\s*", "Nummer "),
    (r"\bS\.\s*(?=\d)", "Satz "),
    (r"\bArt\.\s*", "Artikel "),
    (r"\bz\.\s*B\.", "zum Beispiel"),
    (r"\bd\.\s*h\.", "das heißt"),
    (r"\bu\.\s*a\.", "unter anderem"),
    (r"\bi\.\s*d\.\s*R\.", "in der Regel"),
    (r"\bggf\.", "gegebenenfalls"),
    (r"\bbzw\.", "beziehungsweise"),
    (r"\bca\.", "circa"),
    (r"\binkl\.", "inklusive"),
    (r"\bevtl\.", "eventuell"),
    (r"\bmax\.", "höchstens"),
    (r"\bmind\.", "mindestens"),
    (r"\bvgl\.", "vergleiche"),
    (r"\busw\.", "und so weiter"),
    (r"\bTel\.", "Telefon"),
    (r"\bSchwbAV\b", "Schwerbehinderten-Ausgleichsabgabeverordnung"),
    (r"\bGdB\b", "Grad der Behinderung"),
    (r"\bSBV\b", "Schwerbehindertenvertretung"),
    (r"\bIFD\b", "Integrationsfachdienst"),
    (r"\s*€", " Euro"),
    (r"\s*%", " Prozent"),
    (r"\s*&\s*", " und "),
)


def _drop_links(sentence: str) -> tuple[str, bool]:
    """Remove links and e-mail addresses from one sentence; drop clauses that only announced them."""
    sentence, labelled = _MD_LINK.subn(
        lambda m: m.group(1) if not _URL.fullmatch(m.group(1)) else _GAP, sentence)
    sentence, urls = _URL.subn(_GAP, sentence)
    sentence, mails = _EMAIL.subn(_GAP, sentence)
    if not urls + mails:
        return sentence, bool(labelled)
    kept = []
    for clause in re.split(r"(?<=;)\s*", sentence):
        if _GAP not in clause:
            kept.append(clause)
            continue
        clause = re.sub(rf"\(\s*{_GAP}\s*\)", "", clause)
        clause = re.sub(rf"(?:\s*\b(?:unter|auf|siehe|bei|per|hier)\b)?\s*:?\s*{_GAP}", "", clause,
                        flags=re.IGNORECASE)
        if len(re.findall(r"\w+", clause)) > 3:
            kept.append(clause)
    return " ".join(kept).strip().rstrip(";,:"), True


def _markdown(text: str) -> str:
    """Drop emphasis, headings and bullets; every list item becomes a sentence of its own."""
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+)(?<=\S)\*(?![\w*])", r"\1", text)
    lines = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:#{1,6}\s+|[•\-*–·]\s+|\d{1,2}[.)]\s+(?=\D))", "", line).strip()
        if line and not re.search(r"[.!?:;,]$", line):
            line += "."
        lines.append(line)
    return " ".join(line for line in lines if line)


def _numbers(text: str) -> str:
    """Dates as '31. März 2026', thousands without dots ('9.900' -> '9900')."""
    def date(m: re.Match[str]) -> str:
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        return f"{day}. {_MONTHS[month - 1]} {year}" if 1 <= month <= 12 else m.group(0)

    text = re.sub(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", date, text)
    return re.sub(r"\b\d{1,3}(?:\.\d{3})+\b(?!\.\d)", lambda m: m.group(0).replace(".", ""), text)


def _short(sentence: str) -> list[str]:
    """Break a long sentence at semicolons, then at colons."""
    if len(sentence) <= MAX_SENTENCE:
        return [sentence]
    for mark in (";", ":"):
        parts = [p.strip() for p in sentence.split(mark) if p.strip()]
        if len(parts) > 1:
            out = []
            for part in parts:
                part = part if re.search(r"[.!?]$", part) else part + "."
                out.extend(_short(part[0].upper() + part[1:]) if mark == ";" else [part])
            return out
    return [sentence]


def speakable(text: str) -> list[str]:
    """Adapt one chat message for speech; returns short sentences."""
    had_link = False
    kept = []
    for sentence in sentences(_markdown(_EMOJI.sub("", text))):
        sentence, found = _drop_links(sentence)
        had_link = had_link or found
        if sentence and not re.search(r"[.!?]$", sentence):
            sentence += "."
        kept.append(sentence)
    text = _numbers(" ".join(kept))
    text = re.sub(r"\bSGB\s+(XIV|XII|XI|IX|X|VIII|VII|VI|V|IV|III|II|I)\b",
                  lambda m: f"Sozialgesetzbuch {_ROMAN[m.group(1)]}", text)
    for pattern, words in _WORDS:
        text = re.sub(pattern, words, text)
    text = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s+", " ", text))
    text = re.sub(r"([.,;:!?])(?:\s*[.,;:])+", r"\1", text).strip(" ,;")
    out = []
    for sentence in sentences(text):
        if not re.fullmatch(r"[\W\d_]*", sentence):
            out.extend(_short(sentence))
    if had_link:
        out.append(URL_HINT)
    return out


def choices_prompt(buttons: Sequence[dict[str, Any]]) -> str:
    """Offer buttons as spoken choices: 'Sagen Sie zum Beispiel: A, oder: B.'"""
    titles = [str(b.get("title", "")).strip() for b in buttons if str(b.get("title", "")).strip()]
    titles = [" ".join(speakable(t)).rstrip(".") for t in titles]
    if not titles:
        return ""
    if len(titles) == 1:
        return f"Sagen Sie zum Beispiel: {titles[0]}."
    return "Sagen Sie zum Beispiel: " + ", ".join(titles[:-1]) + f", oder: {titles[-1]}."


def to_speech(text: str, buttons: Sequence[dict[str, Any]] | None = None) -> list[str]:
    """Sentences to say for one bot message, ending with the spoken choices if there are buttons."""
    out = speakable(text or "")
    prompt = choices_prompt(buttons or [])
    return out + [prompt] if prompt else out
