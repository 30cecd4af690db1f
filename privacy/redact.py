"""Remove personal data the assistant does not need from texts before they are stored.

Pure functions, no Rasa imports. The assistant itself still works on the original text of the
current turn; only what is written to the tracker store (and thus kept) is redacted.

Kept on purpose: plain dates (a dismissal date is needed for the deadline calculator), place
names without a postal code, numbers of employees, money amounts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

EMAIL = "[E-Mail]"
PHONE = "[Telefon]"
IBAN = "[IBAN]"
BIRTH_DATE = "[Geburtsdatum]"
STREET = "[Adresse]"
POSTCODE_CITY = "[PLZ Ort]"
NAME = "[Name]"

_MONTHS = ("Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|"
           "November|Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez")
_DATE = (rf"(?:\d{{1,2}}\.\s?\d{{1,2}}\.\s?(?:\d{{4}}|\d{{2}})|\d{{1,2}}\.?\s*(?:{_MONTHS})\.?\s+\d{{4}}"
         rf"|\d{{4}}-\d{{2}}-\d{{2}})")

_EMAIL_RE = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# IBAN: two letters, two check digits, 11-30 alphanumerics, optionally in groups of four.
_IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b", re.IGNORECASE)
# Phone: +49 / 0049 / other country codes, or a German area code starting with 0 (not "0 20").
_PHONE_RE = re.compile(
    r"(?<![\w.])(?:(?:\+|00)\d{2,3}[\s/-]?(?:\(0\)[\s/-]?)?\d|\(?0\d{2,5}\)?)(?:[\s/-]?\d){4,}(?!\w|[.,]\d)")
_BIRTH_RE = re.compile(
    rf"(?i:(geboren\s+(?:am|den)?|geb\.|geburtsdatum\s*:?|geburtstag\s*(?:ist)?\s*(?:am)?))\s*{_DATE}")
_BIRTH_BEFORE_RE = re.compile(rf"{_DATE}(?=\s+(?i:geboren))")
_STREET_SUFFIX = (r"stra(?:ß|ss)e|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|"
                  r"pfad|markt|berg|hof|tor|graben|wall|kamp|feld")
_STREET_RE = re.compile(
    rf"\b(?:[A-ZÄÖÜ][\wäöüß-]*(?:{_STREET_SUFFIX})|(?:Am|An der|Im|In der|Zum|Zur|Auf der)\s+"
    rf"[A-ZÄÖÜ][\wäöüß-]+|[A-ZÄÖÜ][\wäöüß-]+\s+(?i:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee|Ring))"
    r"\s+\d{1,4}\s?[a-zA-Z]?\b(?:\s?[-/]\s?\d{1,4}[a-z]?)?")
_NOT_A_CITY = (r"Euro|EUR|Arbeitsplätze|Arbeitsplätzen|Arbeitsplatz|Beschäftigte|Beschäftigten|"
               r"Mitarbeiter|Mitarbeitende|Mitarbeitenden|Mitarbeiterinnen|Stellen|Personen|Menschen|"
               r"Stunden|Tage|Tagen|Wochen|Monate|Monaten|Jahre|Jahren|Schwerbehinderte|Fälle|Anträge")
_POSTCODE_RE = re.compile(
    rf"\b(?:D-)?\d{{5}}\s+(?!(?:{_NOT_A_CITY})\b)[A-ZÄÖÜ][\wäöüß.-]+"
    r"(?:\s+(?:am|an der|im|in der|ob der|vor der)\s+[A-ZÄÖÜ][\wäöüß-]+|\s*\([\wäöüß .-]+\))?")
_NAME_INTRO_RE = re.compile(
    r"(?i:\b(ich\s+hei(?:ß|ss)e|mein\s+name\s+ist|mein\s+name\s*:|name\s*:|ich\s+bin\s+(?:herr|frau)"
    r"|mit\s+freundlichen\s+grüßen|mfg|viele\s+grüße|liebe\s+grüße|gruß))\s*,?\s*")
_NAME_WORD_RE = re.compile(r"(?:Dr\.\s*|Prof\.\s*)?[A-Za-zÄÖÜäöüß][\wäöüß'-]*")
_NOT_A_NAME = frozenset("""und oder aber ich bin habe hatte arbeite wohne komme aus von bei in im
    mit für ist sind war wie was wer wo wann warum weil dass der die das den dem des ein eine einen
    nicht auch noch schon bitte danke mein meine sie er es wir ihr hallo guten tag an zu auf""".split())


def introduced_names(text: str) -> list[str]:
    """The words a user introduced as their name ("ich heiße Anna Schmidt" -> Anna, Schmidt)."""
    found: list[str] = []
    _names(text, found)
    return found


def _names(text: str, found: list[str] | None = None) -> str:
    """Replace up to three words after "ich heiße", "mein Name ist", "Grüße", ... with [Name]."""
    out: list[str] = []
    pos = 0
    for match in _NAME_INTRO_RE.finditer(text):
        if match.start() < pos:
            continue
        cursor, words = match.end(), 0
        while words < 3:
            word = _NAME_WORD_RE.match(text, cursor)
            if not word or word.group(0).lower() in _NOT_A_NAME:
                break
            words += 1
            cursor = word.end()
            gap = re.match(r"[ \t]+", text[cursor:])
            if not gap or words == 3:
                break
            nxt = _NAME_WORD_RE.match(text, cursor + gap.end())
            if not nxt or nxt.group(0).lower() in _NOT_A_NAME or not nxt.group(0)[0].isupper():
                break
            cursor += gap.end()
        if words:
            if found is not None:
                found += [w for w in _NAME_WORD_RE.findall(text[match.end():cursor])
                          if len(w) > 2 and not w.endswith(".")]
            out.append(text[pos:match.end()] + NAME)
            pos = cursor
    out.append(text[pos:])
    return "".join(out)


def _birth(match: re.Match[str]) -> str:
    return f"{match.group(1)} {BIRTH_DATE}"


_STEPS: tuple[Callable[[str], str], ...] = (
    lambda t: _EMAIL_RE.sub(EMAIL, t),
    lambda t: _IBAN_RE.sub(lambda m: IBAN if sum(c.isdigit() for c in m.group(0)) >= 10 else m.group(0), t),
    lambda t: _BIRTH_BEFORE_RE.sub(BIRTH_DATE, _BIRTH_RE.sub(_birth, t)),
    lambda t: _PHONE_RE.sub(PHONE, t),
    lambda t: _STREET_RE.sub(STREET, t),
    lambda t: _POSTCODE_RE.sub(POSTCODE_CITY, t),
    _names,
)


def redact(text: str, names: Iterable[str] = ()) -> str:
    """The text with e-mail addresses, phone numbers, IBANs, birth dates, addresses and
    introduced names replaced by placeholders such as ``[E-Mail]``. `names` (introduced earlier in
    the conversation) are replaced wherever they occur, e.g. when the bot repeats them."""
    if not text:
        return text
    for step in _STEPS:
        text = step(text)
    for name in names:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", NAME, text)
    return text


REMOVED = "[entfernt]"
_SPAN_PATTERNS = (_EMAIL_RE, _IBAN_RE, _PHONE_RE, _STREET_RE, _POSTCODE_RE, _BIRTH_BEFORE_RE)


def sensitive_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the original text that `redact` replaces (for entity offsets)."""
    spans = [m.span() for pattern in _SPAN_PATTERNS for m in pattern.finditer(text)]
    spans += [(m.end(1), m.end()) for m in _BIRTH_RE.finditer(text)]
    for name in introduced_names(text):
        spans += [m.span() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    return spans


def redact_value(value: Any, names: Iterable[str] = ()) -> Any:
    """Redact every string inside a slot value (str, list, dict); other values unchanged."""
    names = tuple(names)
    if isinstance(value, str):
        return redact(value, names)
    if isinstance(value, list):
        return [redact_value(v, names) for v in value]
    if isinstance(value, dict):
        return {k: redact_value(v, names) for k, v in value.items()}
    return value


def redact_event(event: dict[str, Any], names: Iterable[str] = ()) -> dict[str, Any]:
    """A copy of a serialised Rasa event with personal data removed from what users wrote,
    what the bot said back (it may quote the user) and slot values."""
    names = tuple(names)
    kind = event.get("event")
    if kind not in ("user", "bot", "slot", "entities"):
        return event
    event = dict(event)
    if kind in ("user", "bot") and isinstance(event.get("text"), str):
        event["text"] = redact(event["text"], names)
    if kind == "user" and isinstance(event.get("parse_data"), dict):
        parse = dict(event["parse_data"])
        original = parse.get("text") if isinstance(parse.get("text"), str) else ""
        if isinstance(parse.get("entities"), list):
            spans = sensitive_spans(original)
            parse["entities"] = [_redact_entity(e, names, spans) for e in parse["entities"]]
        if original:
            parse["text"] = redact(original, names)
        event["parse_data"] = parse
    if kind == "bot" and isinstance(event.get("data"), dict):
        event["data"] = redact_value(event["data"], names)
    if kind == "slot":
        event["value"] = redact_value(event.get("value"), names)
    if kind == "entities" and isinstance(event.get("entities"), list):
        event["entities"] = [_redact_entity(e, names) for e in event["entities"]]
    return event


def _redact_entity(entity: Any, names: tuple[str, ...], spans: list[tuple[int, int]] | None = None) -> Any:
    """Redact the value; an entity found inside personal data (e.g. part of a phone number taken
    for a date) is removed entirely."""
    if isinstance(entity, dict) and "value" in entity:
        start, end = entity.get("start"), entity.get("end")
        if isinstance(start, int) and isinstance(end, int) and any(
                start < s_end and s_start < end for s_start, s_end in spans or ()):
            return {**entity, "value": REMOVED}
        return {**entity, "value": redact_value(entity["value"], names)}
    return entity
