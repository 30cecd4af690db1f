"""Free text -> responsible Integrationsamt. Prefers asking back over guessing.

Three kinds of names are found in a message:
- curated names from places.yml (Länder, cities, Kreise, regions, declared ambiguities),
- every other German place from the place package (gazetteer.py): they count only where the
  message uses them as a place ("in Lage", "aus Werne", "33378 Rheda-Wiedenbrück") or as a short
  answer, because many are also ordinary words ("Lage", "Senden", "Stelle"),
- five-digit Postleitzahlen, under the same condition ("in 33602", "33602 Bielefeld", "PLZ 33602").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lotse.kb.store import fold
from lotse.offices.load import TOKEN_RE, land_offices, load_directory
from lotse.offices.model import NRW, Directory, Office, Purpose, Resolution, Target
from lotse.texts import text as dialogue_text

# Words before a place that make a "common word" place name (Essen, Siegen) count as a place.
_PLACE_TRIGGERS = frozenset({
    "in", "im", "aus", "nach", "bei", "raum", "kreis", "landkreis", "lk", "stadt", "region",
    "von", "nahe", "naehe", "um", "ort", "arbeitsort", "wohnort", "sitz", "richtung", "gemeinde",
    "plz", "postleitzahl", "betriebssitz", "firmensitz", "standort", "dienstort", "fuer",
})
# Words of an office question around a bare place: "zuständiges Integrationsamt 33602",
# "Welches Amt ist für Rheda-Wiedenbrück zuständig?" still count as a short answer.
_OFFICE_QUESTION = frozenset({
    "zustaendig", "zustaendiges", "zustaendige", "zustaendigen", "integrationsamt",
    "inklusionsamt", "amt", "welches", "welche", "welcher", "ist", "wer", "wo", "fuer",
})
# The same for the package's places, which are many and often ordinary words: not after "im"
# ("im Bad"), "um", "von" or "Kreis" (a Kreis is not its seat town: Landkreis Harburg).
_WEAK_TRIGGERS = frozenset({
    "in", "aus", "nach", "bei", "ort", "arbeitsort", "wohnort", "sitz", "stadt", "gemeinde",
    "plz", "postleitzahl", "betriebssitz", "firmensitz", "standort", "dienstort", "fuer",
})
# "bei Hamburg", "Raum Köln": the real place is somewhere near, maybe in another Land.
_NEAR_1 = frozenset({
    "bei", "b", "nahe", "naehe", "umgebung", "umland", "raum", "grossraum", "umkreis", "vor",
})
_NEAR_2 = frozenset({
    "naehe", "umgebung", "umland", "rund", "umkreis", "noerdlich", "suedlich", "oestlich",
    "westlich", "nordlich", "sudlich", "ostlich",
})
# Words after an ambiguous name that make it a different, more specific place ("Mülheim an der
# Mosel"). Not "im"/"in" ("Essen im Krankenhaus") and not hyphens ("Essen-Steele" is a district);
# namesakes written that way ("Hagen im Bremischen") are listed in places.yml instead.
_QUALIFIERS = frozenset({"am", "an", "a", "ad", "bei", "b", "ob"})
_HARD_BREAK = re.compile(r"[,;:!?\n]")
_CONNECTORS = frozenset({"an", "am", "der", "d.", "a.", "im", "in", "ob", "bei", "b.", "auf"})
_NOT_PLACES = frozenset({
    "deutschland", "germany", "teilzeit", "vollzeit", "rente", "elternzeit", "zukunft",
    "ordnung", "frage", "fragen", "arbeit", "firma", "betrieb", "hallo", "hi", "moin", "servus",
    "danke", "ja", "nein", "ok", "okay", "guten", "tschuess", "keine", "weiss",
})
_PLZ_RE = re.compile(r"\d{5}")
_MONEY = frozenset({"euro", "eur", "e"})


@dataclass(frozen=True)
class _Tok:
    key: str
    raw: str
    start: int
    end: int
    sep: str  # text between the previous token and this one


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    prev_end = 0
    for m in TOKEN_RE.finditer(text):
        toks.append(_Tok(fold(m.group()), m.group(), m.start(), m.end(), text[prev_end:m.start()]))
        prev_end = m.end()
    return toks


@dataclass(frozen=True)
class _Hit:
    target: Target
    text: str
    near: bool
    qualified: str | None  # "Mülheim an der Mosel": a more specific, unknown place


def _is_near(toks: list[_Tok], i: int) -> bool:
    prev1 = toks[i - 1].key if i >= 1 else ""
    prev2 = toks[i - 2].key if i >= 2 else ""
    return prev1 in _NEAR_1 or (prev1 in {"von", "um"} and prev2 in _NEAR_2)


def _qualifier(text: str, toks: list[_Tok], i: int, j: int) -> str | None:
    """The unknown longer name when an ambiguous name is followed by "an der X", "(X)", "/X"."""
    if j >= len(toks) or _HARD_BREAK.search(toks[j].sep):
        return None
    sep = toks[j].sep
    if "(" in sep or "/" in sep:
        return text[toks[i].start:toks[j].end] + (")" if "(" in sep else "")
    if toks[j].key in _QUALIFIERS and j + 1 < len(toks) and toks[j + 1].raw[:1].isupper():
        return text[toks[i].start:toks[j + 1].end]
    if toks[j].key in _QUALIFIERS and j + 2 < len(toks) and toks[j + 2].raw[:1].isupper():
        return text[toks[i].start:toks[j + 2].end]
    return None


def _postcode(directory: Directory, toks: list[_Tok], i: int) -> Target | None:
    """A five-digit number that is a known Postleitzahl and not an amount ("12000 Euro")."""
    tok = toks[i]
    if not _PLZ_RE.fullmatch(tok.raw) or tok.raw not in directory.postcodes:
        return None
    if i + 1 < len(toks) and (toks[i + 1].key in _MONEY or "€" in toks[i + 1].sep):
        return None
    if "€" in tok.sep or (i + 1 >= len(toks) and "€" in tok.raw):
        return None
    return directory.postcodes[tok.raw]


def _scan(directory: Directory, text: str) -> list[_Hit]:
    """Find known names, longest first; inside a hyphenated word only its start counts."""
    toks = _tokenize(text)
    max_len = directory.max_key_len
    found: list[tuple[int, int, Target, str]] = []  # start, length, target, strength
    i = 0
    while i < len(toks):
        if i > 0 and toks[i].sep == "-":
            i += 1
            continue
        plz = _postcode(directory, toks, i)
        if plz is not None:
            found.append((i, 1, plz, "plz"))
            i += 1
            continue
        match = _longest_match(directory, toks, i, max_len)
        if match is None:
            i += 1
            continue
        n, target = match
        key = tuple(t.key for t in toks[i:i + n])
        strength = ("common" if key in directory.common_keys
                    else "weak" if target.source != "curated" and not target.area
                    else "strong")
        found.append((i, n, target, strength))
        i += n
        while i < len(toks) and toks[i].sep == "-":
            i += 1
    covered = {k for start, n, _, s in found if s == "strong" for k in range(start, start + n)}
    plz_at = {start for start, _, _, s in found if s == "plz"}
    hits: list[_Hit] = []
    for start, n, target, strength in found:
        if strength == "plz" and not _plz_used(toks, start, covered, found):
            continue
        if strength == "common" and not _used_as_place(toks, start, n, covered | plz_at):
            continue
        if strength == "weak" and not _weak_used(text, toks, start, n, covered | plz_at):
            continue
        end = start + n
        qualified = _qualifier(text, toks, start, end) if target.kind == "ambiguous" else None
        hits.append(_Hit(target, text[toks[start].start:toks[end - 1].end],
                         _is_near(toks, start), qualified))
    return hits


def _plz_used(toks: list[_Tok], i: int, covered: set[int],
              found: list[tuple[int, int, Target, str]]) -> bool:
    """A Postleitzahl counts before a place name, after "in"/"PLZ"/…, or as a short answer.

    Not before any capitalised word: "40210 Beschäftigte" is a head count, not Düsseldorf.
    """
    if i > 0 and toks[i - 1].key in _PLACE_TRIGGERS:
        return True
    if i + 1 < len(toks) and not _HARD_BREAK.search(toks[i + 1].sep):
        if any(start == i + 1 for start, _, _, _ in found):
            return True
    return all(k in covered or toks[k].key in _PLACE_TRIGGERS or toks[k].key in _OFFICE_QUESTION
               for k in range(len(toks)) if k != i)


def _longest_match(directory: Directory, toks: list[_Tok], i: int,
                   max_len: int) -> tuple[int, Target] | None:
    for n in range(min(max_len, len(toks) - i), 0, -1):
        if any(_HARD_BREAK.search(toks[k].sep) for k in range(i + 1, i + n)):
            continue
        if i + n < len(toks) and any(toks[k].key in {"oder", "und"} and not toks[k].sep.strip()
                                     for k in range(i + 1, i + n)):
            continue  # "Frankfurt oder Offenbach" is a choice, not Frankfurt (Oder)
        target = directory.index.get(tuple(t.key for t in toks[i:i + n]))
        if target:
            return n, target
    if toks[i].raw in directory.abbreviations:
        land = directory.abbreviations[toks[i].raw]
        return 1, Target(land, "land", land_offices(land, directory.offices), land=land,
                         area=True)
    return None


def _weak_used(text: str, toks: list[_Tok], start: int, n: int, covered: set[int]) -> bool:
    """A package place counts after "in", "aus", a PLZ ... or as a short answer.

    Written in lower case it counts only in a message written all in lower case and at the end
    of a sentence ("ich arbeite in lage"): "im gleichen Betrieb", "in meine akte" are no places.
    """
    if not toks[start].raw[:1].isupper():
        end = start + n
        if text != text.lower() or (end < len(toks) and not _HARD_BREAK.search(toks[end].sep)
                                    and "." not in toks[end].sep):
            return False
    if start > 0 and (toks[start - 1].key in _WEAK_TRIGGERS or start - 1 in covered
                      and _PLZ_RE.fullmatch(toks[start - 1].raw)):
        return True
    return all(k in covered or toks[k].key in _PLACE_TRIGGERS or toks[k].key in _OFFICE_QUESTION
               for k in range(len(toks)) if not start <= k < start + n)


def _used_as_place(toks: list[_Tok], start: int, n: int, covered: set[int]) -> bool:
    """A name that is also a word ("Essen") counts after "in", "aus", ... or standing alone."""
    if start > 0 and toks[start - 1].key in _PLACE_TRIGGERS:
        return True
    return all(k in covered or toks[k].key in _PLACE_TRIGGERS
               for k in range(len(toks)) if not start <= k < start + n)


def _guess_place(text: str, hits: list[_Hit]) -> str | None:
    """A readable name for the unknown place, only to phrase the question back."""
    for hit in hits:
        if hit.qualified:
            return hit.qualified
    for hit in hits:
        if hit.near:
            before = re.search(r"([A-ZÄÖÜ][\w.-]*(?:\s+[A-ZÄÖÜ][\w.-]*)?)\s+(?:bei|b\.)\s+"
                               + re.escape(hit.text), text)
            return before.group(1) if before else f"Ihr Ort bei {hit.text}"
    words = text.strip(" .?!").split()
    while words and words[0].lower() in {"in", "im", "aus", "nach", "bei"}:
        words = words[1:]
    if (0 < len(words) <= 4 and fold(words[0]) not in _NOT_PLACES
            and all(w[:1].isupper() or w in _CONNECTORS for w in words)):
        return " ".join(words).strip(" ,.")
    match = re.search(r"\b(?:in|aus|nach)\s+([A-ZÄÖÜ][\w-]+(?:\s+[A-ZÄÖÜ][\w-]+)?)", text)
    if match and fold(match.group(1).split()[0]) not in _NOT_PLACES:
        return match.group(1)
    return None


def _likely_offices(hit: _Hit) -> frozenset[str]:
    """Offices a hit most likely stands for: its default if it has one, else all candidates."""
    default = hit.target.default_office
    return frozenset({default}) if default else hit.target.offices


def _office_tuple(directory: Directory, ids: set[str] | frozenset[str]) -> tuple[Office, ...]:
    return tuple(o for o in directory.offices.values() if o.id in ids)


def _join(options: list[str]) -> str:
    return ", ".join(options[:-1]) + " oder " + options[-1]


def _ambiguous_question(directory: Directory, target: Target, allowed: frozenset[str]) -> str:
    texts = directory.texts
    options = list(dict.fromkeys(label for label, offs in target.options if offs & allowed))
    if target.source == "plz":
        return texts["ask_ambiguous_plz"].format(place=target.label, options=_join(options))
    if 2 <= len(options) <= 3:
        return texts["ask_ambiguous"].format(place=target.label, options=_join(options))
    return texts["ask_ambiguous_many"].format(place=target.label)


def _purpose_texts(purpose: Purpose | None) -> dict[str, str]:
    suffix = f"_{purpose}" if purpose else ""
    return {"where": dialogue_text("office_where" + suffix),
            "rule": dialogue_text("office_rule" + suffix)}


def resolve(text: str, directory: Directory | None = None,
            purpose: Purpose | None = None) -> Resolution:
    """Find the responsible Integrationsamt for a place, Postleitzahl or Land named in free text.

    Returns an office only when every named place agrees on one; otherwise a question to ask back.
    `purpose` (see model.purpose_for_topic) only changes how the questions are phrased: which
    place matters is the user's to say, the office of a place is the same for every purpose.
    """
    directory = directory or load_directory()
    texts = directory.texts
    words = _purpose_texts(purpose)
    hits = _scan(directory, text or "")
    direct = [h for h in hits if not h.near and not h.qualified]
    if not direct:
        place = _guess_place(text or "", hits)
        question = (texts["ask_unknown"].format(place=place) if place
                    else texts["ask_unknown_generic"].format(**words))
        return Resolution("unknown", question=question, place=place)
    points = list({h.target.label: h for h in direct if not h.target.area}.values())
    if len(points) > 1:
        return _several_places(directory, direct, points, words)
    remaining = frozenset.intersection(*(h.target.offices for h in direct))
    if not remaining:
        return _conflict(directory, direct, words)
    if len(remaining) == 1:
        office = directory.offices[next(iter(remaining))]
        return _office_resolution(direct, office)
    assumed = _assumed(directory, direct, remaining)
    if assumed is not None:
        return assumed
    candidates = _office_tuple(directory, remaining)
    for hit in direct:
        if hit.target.kind == "ambiguous":
            question = _ambiguous_question(directory, hit.target, remaining)
            return Resolution("ambiguous", candidates=candidates, question=question,
                              place=hit.target.label)
    land_hit = next((h for h in direct if h.target.kind == "land"), None)
    if land_hit and all(h.target.kind == "land" for h in direct) and land_hit.target.land == NRW:
        return Resolution("ambiguous", candidates=candidates,
                          question=texts["ask_nrw"].format(**words),
                          place=land_hit.target.label, land=NRW)
    hit = next((h for h in direct if h.target.kind == "place"), direct[0])
    return Resolution("ambiguous", candidates=candidates, place=hit.target.label,
                      land=hit.target.land,
                      question=texts["ask_region"].format(place=hit.target.label, **words))


def _assumed(directory: Directory, direct: list[_Hit],
             remaining: frozenset[str]) -> Resolution | None:
    """A name with a marked main reading (Essen, Münster): that office, with the assumption said."""
    defaults = {h.target.default_office for h in direct if h.target.kind == "ambiguous"}
    if len(defaults) != 1 or None in defaults:
        return None
    office = directory.offices[next(iter(defaults))]
    if office.id not in remaining:
        return None
    hit = next(h for h in direct if h.target.kind == "ambiguous")
    amb = hit.target.ambiguity
    label = amb.default if amb is not None and amb.default else hit.target.label
    place = directory.places.get(label)
    bezirk = (place.bezirke[0] if place and len(place.bezirke) == 1 else hit.target.bezirk)
    note = directory.texts["assumed"].format(place=label, land=office.land)
    return Resolution("office", office=office, place=label, land=office.land, bezirk=bezirk,
                      note=note)


def _several_places(directory: Directory, direct: list[_Hit], points: list[_Hit],
                    words: dict[str, str]) -> Resolution:
    """Several places ("Köln oder Dortmund"): one office only if all of them lead to it."""
    areas = [h.target.offices for h in direct if h.target.area]
    constraint = frozenset.intersection(*areas) if areas else None
    sets = {_likely_offices(p) & constraint if constraint is not None else _likely_offices(p)
            for p in points}
    if len(sets) == 1 and len(next(iter(sets))) == 1:
        return _office_resolution(direct, directory.offices[next(iter(next(iter(sets))))])
    return _conflict(directory, direct, words)


def _conflict(directory: Directory, direct: list[_Hit], words: dict[str, str]) -> Resolution:
    union = frozenset().union(*(_likely_offices(h) for h in direct))
    labels = ", ".join(dict.fromkeys(h.text for h in direct))
    return Resolution("ambiguous", candidates=_office_tuple(directory, union),
                      question=directory.texts["ask_conflict"].format(places=labels, **words))


def _office_resolution(direct: list[_Hit], office: Office) -> Resolution:
    """Report the most specific place that led to the office (a named city, then a PLZ)."""
    places = [h for h in direct if h.target.kind in {"place", "ambiguous"}
              and office.id in h.target.offices]
    places.sort(key=lambda h: (h.target.source == "plz", h.target.kind == "ambiguous"))
    if places:
        best = places[0].target
        bezirk = best.bezirk if best.kind == "place" or best.land == office.land else None
        return Resolution("office", office=office, place=best.label, land=office.land,
                          bezirk=bezirk or _bezirk_of(direct, office))
    return Resolution("office", office=office, place=direct[0].target.label, land=office.land,
                      bezirk=_bezirk_of(direct, office))


def _bezirk_of(direct: list[_Hit], office: Office) -> str | None:
    found = {h.target.bezirk for h in direct if h.target.bezirk and h.target.land == office.land
             and office.id in h.target.offices}
    return next(iter(found)) if len(found) == 1 else None
