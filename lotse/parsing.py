"""German free-text parsing for the actions: numbers ("zwanzig", "1.000"), levy numbers from a
sentence, dates ("3. Nov.", "vorgestern") and years.

Everything returns None rather than guessing when the text is ambiguous: a wrong number in a
levy calculation or a wrong date in a dismissal deadline is worse than asking again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

Num = int | float

# --------------------------------------------------------------------------- normalisation


def _fold(text: str) -> str:
    """Lower case with umlauts and ß spelled out, so 'fünf', 'fuenf', 'dreißig', 'dreissig'
    compare equal."""
    return (
        text.lower()
        .replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    )


# --------------------------------------------------------------------------- number words

_UNITS = {
    "ein": 1, "eins": 1, "zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "fuenf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "neun": 9,
}
_UNIT_PREFIX = {k: v for k, v in _UNITS.items() if k not in ("eins",)} | {"sech": 6, "sieb": 7}
_TEENS = {
    "zehn": 10, "elf": 11, "zwoelf": 12, "dreizehn": 13, "vierzehn": 14, "fuenfzehn": 15,
    "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}
_TENS = {
    "zwanzig": 20, "dreissig": 30, "vierzig": 40, "fuenfzig": 50, "sechzig": 60,
    "siebzig": 70, "achtzig": 80, "neunzig": 90,
}
# Inflected articles mean 1 only next to a counted noun; they are handled by the callers.
_ONE_WORDS = {"ein", "eine", "einen", "einem", "einer", "eines", "eins"}
_ZERO_WORDS = {
    "null", "kein", "keine", "keinen", "keinem", "keiner", "niemand", "niemanden", "niemandem",
}
_DONT_KNOW = re.compile(
    r"keine\s+ahnung|weiss\s+(ich\s+)?nicht|unbekannt|k\.\s*a\.|\bpaar\b|einige|mehrere|viele"
    r"|million|milliard"
)


def _under_100(word: str) -> int | None:
    if word == "":
        return None
    if word in _UNITS:
        return _UNITS[word]
    if word in _TEENS:
        return _TEENS[word]
    if word in _TENS:
        return _TENS[word]
    if "und" in word:
        unit, _, tens = word.partition("und")
        if unit in _UNIT_PREFIX and tens in _TENS:
            return _UNIT_PREFIX[unit] + _TENS[tens]
    return None


def _under_1000(word: str) -> int | None:
    if "hundert" not in word:
        return _under_100(word)
    head, _, rest = word.partition("hundert")
    if head in ("", "ein"):
        hundreds = 1
    elif head in _UNIT_PREFIX and _UNIT_PREFIX[head] > 1:
        hundreds = _UNIT_PREFIX[head]
    else:
        return None
    if rest == "":
        return hundreds * 100
    if rest.startswith("und"):  # "hundertundzwanzig"
        rest = rest[3:]
    low = _under_100(rest)
    return None if low is None else hundreds * 100 + low


def parse_number_word(word: str) -> int | None:
    """'zwanzig' → 20, 'fünfunddreißig' → 35, 'zweihundertfünfzig' → 250, 'tausend' → 1000,
    'null'/'keine' → 0; None otherwise. Articles ('ein', 'eine') give 1."""
    w = _fold(word.strip())
    if not w or not w.isalpha():
        return None
    if w in _ZERO_WORDS:
        return 0
    if w in _ONE_WORDS:
        return 1
    if "tausend" in w:
        head, _, rest = w.partition("tausend")
        thousands = 1 if head in ("", "ein") else _under_1000(head)
        if thousands is None:
            return None
        if rest == "":
            return thousands * 1000
        if rest.startswith("und"):
            rest = rest[3:]
        low = _under_1000(rest)
        return None if low is None else thousands * 1000 + low
    return _under_1000(w)


# --------------------------------------------------------------------------- digit numbers

_NUM_CORE = (
    r"(?:"
    r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 1.000 / 1.000,5
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)"  # 1 000
    r"|\d+,\d+"  # 12,5
    r"|\d+\.\d{1,2}(?!\d)"  # 12.5 (English decimal, not a thousands group)
    r"|\d+"
    r")(?![\d])"
)
_NUM_RE = r"(?<![\d,.A-Za-zÄÖÜäöüß])" + _NUM_CORE
_NUM_ONLY = re.compile(r"^[+-]?" + _NUM_CORE + r"$")


def _digits_to_number(token: str) -> Num:
    t = re.sub(r"[ \u00a0\u202f]", "", token)
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
        value = float(t)
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
        value = float(t.replace(".", ""))
    else:
        value = float(t)
    return int(value) if value == int(value) else value


def parse_number(text: str | None) -> Num | None:
    """A single number from a short answer: '100', '1.000', '1 000', '12,5', 'zwanzig',
    'ca. 250 Leute', 'keine'. None for nonsense, 'keine Ahnung' or several different numbers."""
    if text is None:
        return None
    raw = text.strip()
    if not raw:
        return None
    if _NUM_ONLY.match(raw.replace("−", "-")):
        sign = -1 if raw.startswith(("-", "−")) else 1
        return sign * _digits_to_number(raw.lstrip("+-−"))
    folded = _fold(raw)
    if _DONT_KNOW.search(folded):
        return None
    digit_values = [_digits_to_number(m.group()) for m in re.finditer(_NUM_RE, raw)]
    if digit_values:
        return digit_values[0] if len(set(digit_values)) == 1 else None
    words = re.findall(r"[a-z]+", folded)
    strong = [parse_number_word(w) for w in words if w not in _ONE_WORDS | _ZERO_WORDS]
    strong_values = {v for v in strong if v is not None}
    if len(strong_values) == 1:
        return strong_values.pop()
    if strong_values:
        return None
    if any(w in _ZERO_WORDS for w in words):
        return 0
    if len(words) <= 3 and any(w in _ONE_WORDS for w in words):
        return 1
    return None


# --------------------------------------------------------------------------- levy numbers

_DISABLED_STEMS = (
    "schwerbehindert", "schwerbeh", "behindert", "behinderung", "gleichgestellt",
    "gleichstellung", "ausweis", "handicap", "beeintraechtig",
)
_DISABLED_EXACT = {"sb", "sbm", "sbv", "sbs", "sbler", "gdb"}
_JOB_STEMS = (
    "arbeitsplaetz", "arbeitsplatz", "stelle", "mitarbeit", "beschaeftigt", "angestellt",
    "leute", "person", "arbeitnehmer", "kolleg", "belegschaft", "koepfe", "mann",
    "menschen", "job", "vollzeit", "fachkraeft", "arbeitskraeft", "personal", "kraefte",
    "maenner", "frauen",
)
# Trainee places do not count as jobs (§ 157 Abs. 1 SGB IX): such numbers are left out.
_TRAINEE_STEMS = ("azubi", "auszubild", "lehrling", "praktikant", "referendar")
_JOB_EXACT = {"ma", "mas", "mitarbeiterinnen", "fte", "vz", "ak"}
_BOUNDARY_WORDS = {
    "und", "davon", "darunter", "wovon", "bei", "insgesamt", "aber", "sowie", "plus", "gesamt",
    "von", "mit", "waehrend", "wobei", "unter", "denen", "also", "oder",
}
_SUBSET_WORDS = {"davon", "darunter", "wovon"}
_QUALIFYING_WORDS = _SUBSET_WORDS | {"mit"}
_YEAR_WORDS = {
    "jahr", "jahre", "jahres", "im", "fuer", "seit", "ab", "bis", "in", "anno", "ende", "anfang",
    "mitte", "kalenderjahr", "jahresende", "vorjahr", "stand",
}
_NOT_COUNT_AFTER = {
    "%", "prozent", "euro", "eur", "€", "stunden", "std", "h", "wochenstunden", "monate",
    "monaten", "monat", "wochen", "tage", "tagen", "jahre", "jahren", "uhr",
}
_NOT_COUNT_BEFORE = {"gdb", "grad", "nr", "nummer", "paragraph", "§", "paragraf"}

_TOKEN_RE = re.compile(_NUM_RE + r"|[A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)*|[%€§]|[,;.!?:()=/]")


@dataclass
class _Tok:
    kind: str  # "num", "word", "punct"
    text: str  # folded
    value: Num | None = None
    article: bool = False  # number read from ein/kein/niemand: needs a keyword right after


def _tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text):
        s = m.group()
        if s[0].isdigit():
            toks.append(_Tok("num", s, _digits_to_number(s)))
        elif s[0].isalpha():
            f = _fold(s)
            value = parse_number_word(f) if "-" not in f else None
            if f == "ohne":  # 'ohne Schwerbehinderte' = none
                toks.append(_Tok("num", f, 0, article=True))
            elif value is not None:
                toks.append(_Tok("num", f, value, article=f in _ONE_WORDS | _ZERO_WORDS))
            else:
                toks.append(_Tok("word", f))
        else:
            toks.append(_Tok("punct", s))
    # 'haben einen Schwerbehindertenausweis' is possession, not a head count
    for a, b in pairwise(toks):
        if a.article and b.kind == "word" and "ausweis" in b.text:
            a.kind, a.value, a.article = "word", None, False
    return toks


def _category(word: str) -> str | None:
    parts = word.split("-")
    if any(p in _DISABLED_EXACT for p in parts) or any(
        stem in word for stem in _DISABLED_STEMS
    ):
        return "disabled"
    if any(p in _JOB_EXACT for p in parts) or any(stem in word for stem in _JOB_STEMS):
        return "jobs"
    return None


def _scan(toks: list[_Tok], start: int, step: int, limit: int) -> tuple[str | None, int | None]:
    """Category of the nearest phrase in one direction, stopping at clause boundaries."""
    found: str | None = None
    where: int | None = None
    i, seen = start, 0
    while 0 <= i < len(toks) and seen < limit:
        t = toks[i]
        if t.kind == "num":
            break
        if t.kind == "punct" and t.text != ":" and t.text != "=":
            break
        if t.kind == "word":
            if step < 0 and t.text in _BOUNDARY_WORDS:
                break
            if step > 0 and t.text in _BOUNDARY_WORDS:
                # "3 Mitarbeiter mit Behinderung", "10 davon schwerbehindert": a disability
                # word right after the boundary still qualifies this number.
                if t.text in _QUALIFYING_WORDS:
                    nxt = toks[i + 1] if i + 1 < len(toks) else None
                    if nxt is not None and nxt.kind == "word" and _category(nxt.text) == "disabled":
                        return "disabled", i + 1
                break
            cat = _category(t.text)
            label = i + 1 < len(toks) and toks[i + 1].text in (":", "=")
            if step > 0 and cat is not None and label:
                break  # 'Schwerbehinderte: 5' labels the next number, not this one
            if cat == "disabled":
                return cat, i
            if cat == "jobs" and found is None:
                found, where = cat, i
                if step < 0:
                    return found, where
            seen += 1
        i += step
    return found, where


def _is_year(t: _Tok) -> bool:
    """A four-digit number that could be a year (1990-2100)."""
    return (
        not t.article and isinstance(t.value, int) and len(t.text) == 4
        and 1990 <= t.value <= 2100
    )


def parse_levy_numbers(text: str | None) -> tuple[Num | None, Num | None]:
    """(jobs, disabled) from a sentence like '250 Mitarbeiter, davon 10 Schwerbehinderte'.

    A number belongs to 'disabled' when a disability word (schwerbehindert, sb, gleichgestellt,
    mit Behinderung ...) qualifies it, to 'jobs' when a workforce noun does. Two bare numbers
    ('100 und 2') are read as jobs, then disabled. A single bare number gives (None, None): the
    caller knows which question it asked.
    """
    if not text:
        return None, None
    toks = _tokens(text)
    jobs: Num | None = None
    disabled: Num | None = None
    bare: list[Num] = []
    for i, t in enumerate(toks):
        if t.kind != "num" or t.value is None:
            continue
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if prev is not None and prev.text in _NOT_COUNT_BEFORE:
            continue
        if nxt is not None and nxt.text in _NOT_COUNT_AFTER:
            continue
        if nxt is not None and any(stem in nxt.text for stem in _TRAINEE_STEMS):
            continue
        if _is_year(t) and prev is not None and prev.text in _YEAR_WORDS:
            continue  # 'im Jahr 2025', 'für 2024'
        cat, where = None, None
        if prev is not None and prev.text in (":", "=") and not t.article:
            cat, _ = _scan(toks, i - 2, -1, 3)  # 'Mitarbeiter: 100'
        if cat is None:
            cat, where = _scan(toks, i + 1, 1, 4)
        if t.article and (cat is None or where is None or where - i > 3):
            # 'ein'/'keine'/'niemand' count only right before a counted noun:
            # 'keine schwerbehinderten', 'einen SB-Mitarbeiter', 'niemand ist schwerbehindert'
            continue
        if cat is None and (prev is None or prev.text not in (":", "=")):
            cat, _ = _scan(toks, i - 1, -1, 3)
        if cat is None and prev is not None and prev.text in _SUBSET_WORDS:
            cat = "disabled"
        if cat == "jobs" and jobs is None:
            jobs = t.value
        elif cat == "disabled" and disabled is None:
            disabled = t.value
        else:  # no keyword, or its keyword already gave a number: treat as bare
            if _is_year(t):
                continue  # a bare 2025 is more likely a year than a head count
            bare.append(t.value)
    if bare:
        if jobs is None and disabled is None and len(bare) == 2 and bare[0] >= bare[1]:
            jobs, disabled = bare
        elif len(bare) == 1 and jobs is not None and disabled is None and bare[0] <= jobs:
            disabled = bare[0]
        elif len(bare) == 1 and disabled is not None and jobs is None and bare[0] >= disabled:
            jobs = bare[0]
    return jobs, disabled


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "januar": 1, "jan": 1, "jaenner": 1, "februar": 2, "feb": 2, "febr": 2, "maerz": 3,
    "mrz": 3, "maer": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7,
    "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
    "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}
_WEEKDAYS = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
    "sonnabend": 5, "sonntag": 6,
}
_RELATIVE_DAYS = {"heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1, "uebermorgen": 2}

_ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_NUMERIC_RE = re.compile(r"(?<![\d.])(\d{1,2})\s?[./]\s?(\d{1,2})\s?[./]?\s?(\d{4}|\d{2})?(?![\d])")
_TEXT_MONTH_RE = re.compile(
    r"(?<!\d)(\d{1,2})\.?\s*(" + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")[a-z]*\.?(?:\s+(\d{4}|\d{2}))?(?![a-z\d])"
)
_AGO_RE = re.compile(r"vor\s+([a-z]+|\d+)\s+(tag|tagen|woche|wochen|monat|monaten)\b")
_LAST_WEEKDAY_RE = re.compile(
    r"(?:letzten|letzter|letztem|vergangenen|vergangener|vorigen|voriger)\s+("
    + "|".join(_WEEKDAYS) + r")\b"
)


def _year(raw: str | None, today: date) -> int:
    if raw is None:
        return today.year
    y = int(raw)
    return 2000 + y if y < 100 else y


def _make_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _months_back(today: date, months: int) -> date:
    index = today.year * 12 + today.month - 1 - months
    y, m = index // 12, index % 12 + 1
    for day in (today.day, 30, 29, 28):
        candidate = _make_date(y, m, day)
        if candidate:
            return candidate
    raise AssertionError("unreachable")


def parse_date(text: str | None, today: date | None = None) -> date | None:
    """A date from German text: '3.11.2026', '03.11.26', '3. November 2026', '3. Nov.',
    '2026-11-03', 'heute', 'gestern', 'vorgestern', 'vor drei Tagen', 'letzten Montag'.
    Without a year the current year is assumed. None when nothing (valid) is found."""
    if not text:
        return None
    today = today or date.today()
    folded = _fold(text)
    m = _ISO_RE.search(folded)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _TEXT_MONTH_RE.search(folded)
    if m:
        return _make_date(_year(m.group(3), today), _MONTHS[m.group(2)], int(m.group(1)))
    m = _NUMERIC_RE.search(folded)
    if m:
        day, month = int(m.group(1)), int(m.group(2))
        if m.group(3) is None and not re.search(r"\d\s?[./]\s?\d{1,2}\s?[./]", m.group()):
            # '3.11' without closing dot could be a decimal number: require '3.11.'
            return None
        return _make_date(_year(m.group(3), today), month, day)
    m = _AGO_RE.search(folded)
    if m:
        amount = int(m.group(1)) if m.group(1).isdigit() else parse_number_word(m.group(1))
        if amount is None:
            return None
        unit = m.group(2)
        if unit.startswith("tag"):
            return today - timedelta(days=amount)
        if unit.startswith("woche"):
            return today - timedelta(weeks=amount)
        return _months_back(today, amount)
    m = _LAST_WEEKDAY_RE.search(folded)
    if m:
        back = (today.weekday() - _WEEKDAYS[m.group(1)]) % 7 or 7
        return today - timedelta(days=back)
    for word in re.findall(r"[a-z]+", folded):
        if word in _RELATIVE_DAYS:
            return today + timedelta(days=_RELATIVE_DAYS[word])
    return None


def parse_year(text: str | None, today: date | None = None) -> int | None:
    """'2025', 'für das Jahr 2024', 'letztes Jahr', 'dieses Jahr', 'Vorjahr' → year; else None."""
    if not text:
        return None
    m = re.search(r"(?<![\d.,])(19\d{2}|20\d{2}|2100)(?![\d.,]\d)", text)
    if m:
        return int(m.group(1))
    folded = _fold(text)
    today = today or date.today()
    if re.search(r"\b(letzte[ns]?|vergangene[ns]?|vorige[ns]?)\s+jahr|\bvorjahr", folded):
        return today.year - 1
    if re.search(r"\b(dieses|diesem|laufende[ns]?|aktuelle[ns]?)\s+jahr", folded):
        return today.year
    if re.search(r"\b(naechste[ns]?|kommende[ns]?)\s+jahr", folded):
        return today.year + 1
    return None
