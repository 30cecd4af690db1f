"""Which Integrationsamt is responsible: office directory and place -> office resolver.

The data lives in ``knowledge/offices.yml``, ``knowledge/places.yml`` and ``knowledge/bodies.yml``
so that editors can update names and addresses without touching code. The resolver prefers asking
back over guessing: an unknown or ambiguous place never yields an office.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"

LAENDER: tuple[str, ...] = (
    "Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen",
    "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz",
    "Saarland", "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein", "Thüringen",
)
NRW = "Nordrhein-Westfalen"
PLACE_KINDS = frozenset({"kreisfreie_stadt", "stadt", "kreis", "region"})
REQUIRED_BODIES = frozenset({
    "integrationsamt", "agentur_fuer_arbeit", "versorgungsamt", "rentenversicherung", "finanzamt",
    "reha_traeger", "eingliederungshilfe", "integrationsfachdienst", "eaa", "bamf",
    "strassenverkehrsbehoerde", "arbeitsgericht", "arbeitgeber", "sbv",
})
REQUIRED_TEXTS = frozenset({
    "office", "office_ls", "web", "web_ls", "no_web", "no_web_ls", "forms", "forms_ls",
    "forms_on_web", "forms_on_web_ls", "assumed", "ask_unknown", "ask_unknown_generic",
    "ask_ambiguous", "ask_ambiguous_many", "ask_conflict", "ask_nrw", "ask_region",
})

# Words before a place that make a "common word" place name (Essen, Siegen) count as a place.
_PLACE_TRIGGERS = frozenset({
    "in", "im", "aus", "nach", "bei", "raum", "kreis", "landkreis", "lk", "stadt", "region",
    "von", "nahe", "naehe", "um", "ort", "arbeitsort", "wohnort", "sitz", "richtung",
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
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
_CONNECTORS = frozenset({"an", "am", "der", "d.", "a.", "im", "in", "ob", "bei", "b.", "auf"})
_NOT_PLACES = frozenset({
    "deutschland", "germany", "teilzeit", "vollzeit", "rente", "elternzeit", "zukunft",
    "ordnung", "frage", "fragen", "arbeit", "firma", "betrieb", "hallo", "hi", "moin", "servus",
    "danke", "ja", "nein", "ok", "okay", "guten", "tschuess", "keine", "weiss",
})


class KnowledgeError(ValueError):
    """Invalid knowledge data. Each problem names file, entry and field so an editor can fix it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Office:
    """One Integrationsamt as stored in offices.yml."""

    id: str
    land: str
    name: str
    short_name: str
    also_called: tuple[str, ...]
    web: str | None
    forms_url: str | None
    regions: tuple[str, ...]
    note: str | None
    note_leichte_sprache: str | None
    last_checked: date
    source: str


@dataclass(frozen=True)
class Fallback:
    """The BIH contact finder, used when an office has no web address of its own."""

    id: str
    name: str
    short_name: str
    web: str
    note: str
    note_leichte_sprache: str
    last_checked: date
    source: str


@dataclass(frozen=True)
class Body:
    """A neighbouring authority the assistant refers users to."""

    id: str
    name: str
    does: str
    web: str | None
    how_to_find: str
    sources: tuple[str, ...]
    last_checked: date


@dataclass(frozen=True)
class Place:
    """A city, Kreis or region with its Land (and NRW Regierungsbezirk(e))."""

    name: str
    land: str
    bezirke: tuple[str, ...]
    kind: str
    seat: str | None
    variants: tuple[str, ...]
    common_words: tuple[str, ...]


@dataclass(frozen=True)
class Ambiguity:
    """A name shared by several places; resolved only with more information or a marked default."""

    name: str
    candidates: tuple[str, ...]
    default: str | None
    default_reason: str | None
    common_word: bool


@dataclass(frozen=True)
class LandEntry:
    """A Land with its spellings."""

    land: str
    names: tuple[str, ...]
    abbreviations: tuple[str, ...]
    capital: str


@dataclass(frozen=True)
class _Target:
    """What a normalised name in the index stands for."""

    label: str
    kind: Literal["place", "land", "ambiguous"]
    offices: frozenset[str]
    land: str | None = None
    bezirk: str | None = None
    ambiguity: Ambiguity | None = None
    default_office: str | None = None
    area: bool = False  # a Land, Kreis or region: narrows down a city named with it


@dataclass(frozen=True)
class Directory:
    """Everything loaded and cross-checked from the three knowledge files."""

    offices: dict[str, Office]
    fallback: Fallback
    texts: dict[str, str]
    bodies: dict[str, Body]
    laender: dict[str, LandEntry]
    places: dict[str, Place]
    ambiguities: dict[str, Ambiguity]
    index: dict[tuple[str, ...], _Target]
    abbreviations: dict[str, str]
    common_keys: frozenset[tuple[str, ...]]


@dataclass(frozen=True)
class Resolution:
    """Result of :func:`resolve`: an office, or a question to ask back."""

    status: Literal["office", "ambiguous", "unknown"]
    office: Office | None = None
    candidates: tuple[Office, ...] = ()
    question: str | None = None
    place: str | None = None
    land: str | None = None
    bezirk: str | None = None
    note: str | None = None


# --------------------------------------------------------------------------- normalising


def fold(word: str) -> str:
    """Lower-case and spell umlauts the ASCII way (Köln -> koeln), so Koeln and Köln meet."""
    word = unicodedata.normalize("NFC", word).lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        word = word.replace(src, dst)
    return _strip_marks(word)


def _strip_umlauts(word: str) -> str:
    """Lower-case and drop umlaut dots (Köln -> koln), the other way people type without them."""
    word = unicodedata.normalize("NFC", word).lower().replace("ß", "ss")
    return _strip_marks(word)


def _strip_marks(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _name_keys(name: str) -> set[tuple[str, ...]]:
    words = _TOKEN_RE.findall(name)
    keys = {tuple(fold(w) for w in words), tuple(_strip_umlauts(w) for w in words)}
    return {k for k in keys if k}


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
    for m in _TOKEN_RE.finditer(text):
        toks.append(_Tok(fold(m.group()), m.group(), m.start(), m.end(), text[prev_end:m.start()]))
        prev_end = m.end()
    return toks


# --------------------------------------------------------------------------- loading


class _Errors:
    """Collects problems so the editor sees all of them at once; nothing is half-loaded."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[str] = []

    def add(self, entry: str, field: str, problem: str) -> None:
        self.items.append(f"{self.file}: entry '{entry}': field '{field}': {problem}")

    def raise_if_any(self) -> None:
        if self.items:
            raise KnowledgeError(self.items)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KnowledgeError([f"{path.name}: file not found ({path})"]) from None
    except yaml.YAMLError as exc:
        raise KnowledgeError([f"{path.name}: invalid YAML: {exc}"]) from None
    if not isinstance(data, dict):
        raise KnowledgeError([f"{path.name}: top level must be a mapping"])
    return data


def _check_keys(err: _Errors, entry: str, data: dict, required: set[str], optional: set[str]):
    for key in sorted(required - data.keys()):
        err.add(entry, key, "missing")
    for key in sorted(data.keys() - required - optional):
        err.add(entry, str(key), "unknown field")


def _text(err: _Errors, entry: str, data: dict, field: str, nullable: bool = False) -> str | None:
    value = data.get(field)
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not value.strip():
        err.add(entry, field, "must be a non-empty text" + (" or null" if nullable else ""))
        return None
    return value.strip()


def _texts(err: _Errors, entry: str, data: dict, field: str, required: bool = True) -> tuple:
    value = data.get(field)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        err.add(entry, field, "must be a list of texts")
        return ()
    return tuple(v.strip() for v in value)


def _url(err: _Errors, entry: str, data: dict, field: str, nullable: bool = True) -> str | None:
    value = data.get(field)
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?",
                                                      value):
        err.add(entry, field, "must be an https:// URL" + (" or null" if nullable else ""))
        return None
    return value


def _date(err: _Errors, entry: str, data: dict, field: str) -> date:
    value = data.get(field)
    if not isinstance(value, date):
        err.add(entry, field, "must be a date YYYY-MM-DD")
        return date.min
    return value


def _entries(err: _Errors, data: dict, field: str) -> list[dict]:
    value = data.get(field)
    if not isinstance(value, list) or not value:
        err.add("(top level)", field, "must be a non-empty list")
        return []
    return value


def _entry_id(item: Any, field: str, pos: int) -> str:
    if isinstance(item, dict) and isinstance(item.get(field), str):
        return item[field]
    return f"#{pos + 1}"


def load_offices(path: Path) -> tuple[dict[str, Office], Fallback, dict[str, str]]:
    """Load offices.yml and check that every Land has its office (two in NRW, split by Bezirk)."""
    data = _read_yaml(path)
    err = _Errors(path.name)
    offices: dict[str, Office] = {}
    required = {"id", "land", "name", "short_name", "also_called", "web", "forms_url", "regions",
                "note", "note_leichte_sprache", "last_checked", "source"}
    for pos, item in enumerate(_entries(err, data, "offices")):
        entry = _entry_id(item, "id", pos)
        if not isinstance(item, dict):
            err.add(entry, "(entry)", "must be a mapping")
            continue
        _check_keys(err, entry, item, required, set())
        oid = _text(err, entry, item, "id") or entry
        if not re.fullmatch(r"[a-z][a-z0-9_]*", oid):
            err.add(entry, "id", "must be snake_case")
        if oid in offices:
            err.add(entry, "id", "duplicate id")
        land = _text(err, entry, item, "land") or ""
        if land and land not in LAENDER:
            err.add(entry, "land", f"unknown Land '{land}'")
        regions = _texts(err, entry, item, "regions")
        if land == NRW and not regions:
            err.add(entry, "regions", "required for Nordrhein-Westfalen (Regierungsbezirke)")
        if land != NRW and regions:
            err.add(entry, "regions", "only used for Nordrhein-Westfalen")
        offices[oid] = Office(
            id=oid, land=land, name=_text(err, entry, item, "name") or "",
            short_name=_text(err, entry, item, "short_name") or "",
            also_called=_texts(err, entry, item, "also_called"),
            web=_url(err, entry, item, "web"), forms_url=_url(err, entry, item, "forms_url"),
            regions=regions, note=_text(err, entry, item, "note", nullable=True),
            note_leichte_sprache=_text(err, entry, item, "note_leichte_sprache", nullable=True),
            last_checked=_date(err, entry, item, "last_checked"),
            source=_text(err, entry, item, "source") or "",
        )
        if offices[oid].note and not offices[oid].note_leichte_sprache:
            err.add(entry, "note_leichte_sprache", "required when note is set")
    for land in LAENDER:
        count = sum(o.land == land for o in offices.values())
        expected = 2 if land == NRW else 1
        if offices and count != expected:
            err.add(land, "land", f"needs exactly {expected} office(s), found {count}")
    bezirke = [r for o in offices.values() if o.land == NRW for r in o.regions]
    if len(bezirke) != len(set(bezirke)):
        err.add(NRW, "regions", "a Regierungsbezirk is assigned to two offices")
    fallback = _load_fallback(err, data.get("fallback"))
    texts = _load_texts(err, data.get("texts"))
    err.raise_if_any()
    return offices, fallback, texts


def _load_fallback(err: _Errors, item: Any) -> Fallback:
    if not isinstance(item, dict):
        err.add("fallback", "(entry)", "must be a mapping")
        item = {}
    _check_keys(err, "fallback", item, {"id", "name", "short_name", "web", "note",
                                        "note_leichte_sprache", "last_checked", "source"}, set())
    return Fallback(
        id=_text(err, "fallback", item, "id") or "",
        name=_text(err, "fallback", item, "name") or "",
        short_name=_text(err, "fallback", item, "short_name") or "",
        web=_url(err, "fallback", item, "web", nullable=False) or "",
        note=_text(err, "fallback", item, "note") or "",
        note_leichte_sprache=_text(err, "fallback", item, "note_leichte_sprache") or "",
        last_checked=_date(err, "fallback", item, "last_checked"),
        source=_text(err, "fallback", item, "source") or "",
    )


def _load_texts(err: _Errors, item: Any) -> dict[str, str]:
    if not isinstance(item, dict):
        err.add("texts", "(entry)", "must be a mapping")
        return {}
    _check_keys(err, "texts", item, set(REQUIRED_TEXTS), set())
    return {k: (_text(err, "texts", item, k) or "") for k in REQUIRED_TEXTS if k in item}


def load_bodies(path: Path) -> dict[str, Body]:
    """Load bodies.yml; local bodies without a web address must say how to find them."""
    data = _read_yaml(path)
    err = _Errors(path.name)
    bodies: dict[str, Body] = {}
    required = {"id", "name", "does", "web", "how_to_find", "sources", "last_checked"}
    for pos, item in enumerate(_entries(err, data, "bodies")):
        entry = _entry_id(item, "id", pos)
        if not isinstance(item, dict):
            err.add(entry, "(entry)", "must be a mapping")
            continue
        _check_keys(err, entry, item, required, set())
        if entry in bodies:
            err.add(entry, "id", "duplicate id")
        bodies[entry] = Body(
            id=entry, name=_text(err, entry, item, "name") or "",
            does=_text(err, entry, item, "does") or "", web=_url(err, entry, item, "web"),
            how_to_find=_text(err, entry, item, "how_to_find") or "",
            sources=_texts(err, entry, item, "sources"),
            last_checked=_date(err, entry, item, "last_checked"),
        )
    for missing in sorted(REQUIRED_BODIES - bodies.keys()):
        err.add(missing, "id", "required body is missing")
    err.raise_if_any()
    return bodies


def _load_laender(err: _Errors, data: dict) -> dict[str, LandEntry]:
    laender: dict[str, LandEntry] = {}
    for pos, item in enumerate(_entries(err, data, "laender")):
        entry = _entry_id(item, "land", pos)
        if not isinstance(item, dict):
            err.add(entry, "(entry)", "must be a mapping")
            continue
        _check_keys(err, entry, item, {"land", "names", "abbreviations", "capital"}, set())
        if entry not in LAENDER:
            err.add(entry, "land", "unknown Land")
        if entry in laender:
            err.add(entry, "land", "duplicate Land")
        abbreviations = _texts(err, entry, item, "abbreviations", required=False)
        for abbr in abbreviations:
            if not re.fullmatch(r"[A-Z]{2,3}", abbr):
                err.add(entry, "abbreviations", f"'{abbr}' must be 2-3 capital letters")
        laender[entry] = LandEntry(entry, _texts(err, entry, item, "names"), abbreviations,
                                   _text(err, entry, item, "capital") or "")
    for land in LAENDER:
        if laender and land not in laender:
            err.add(land, "land", "Land is missing")
    return laender


def _load_place(err: _Errors, entry: str, item: dict, bezirke: set[str]) -> Place:
    _check_keys(err, entry, item, {"name", "land", "kind"},
                {"bezirk", "seat", "variants", "common_words"})
    land = _text(err, entry, item, "land") or ""
    if land and land not in LAENDER:
        err.add(entry, "land", f"unknown Land '{land}'")
    raw = item.get("bezirk")
    found: tuple[str, ...] = (raw,) if isinstance(raw, str) else tuple(raw or ())
    if land == NRW:
        if not found:
            err.add(entry, "bezirk", "required in Nordrhein-Westfalen")
        for bezirk in found:
            if bezirk not in bezirke:
                err.add(entry, "bezirk", f"unknown Regierungsbezirk '{bezirk}'")
    elif found:
        err.add(entry, "bezirk", "only used in Nordrhein-Westfalen")
    kind = _text(err, entry, item, "kind") or ""
    if kind and kind not in PLACE_KINDS:
        err.add(entry, "kind", f"must be one of {sorted(PLACE_KINDS)}")
    seat = _text(err, entry, item, "seat", nullable=True)
    if seat and kind != "kreis":
        err.add(entry, "seat", "only used for kind: kreis")
    variants = _texts(err, entry, item, "variants", required=False)
    common = _texts(err, entry, item, "common_words", required=False)
    for word in common:
        if word != entry and word not in variants:
            err.add(entry, "common_words", f"'{word}' is neither the name nor a variant")
    return Place(entry, land, found, kind, seat, variants, common)


def _load_ambiguity(err: _Errors, entry: str, item: dict, known: set[str]) -> Ambiguity:
    _check_keys(err, entry, item, {"name", "candidates", "default", "default_reason"},
                {"common_word"})
    candidates = _texts(err, entry, item, "candidates")
    if len(candidates) < 2:
        err.add(entry, "candidates", "needs at least two candidates")
    for cand in candidates:
        if cand not in known:
            err.add(entry, "candidates", f"'{cand}' is neither a place nor a Land")
    default = _text(err, entry, item, "default", nullable=True)
    reason = _text(err, entry, item, "default_reason", nullable=True)
    if default and default not in candidates:
        err.add(entry, "default", f"'{default}' is not one of the candidates")
    if default and not reason:
        err.add(entry, "default_reason", "required when a default is chosen")
    common = item.get("common_word", False)
    if not isinstance(common, bool):
        err.add(entry, "common_word", "must be true or false")
    return Ambiguity(entry, candidates, default, reason, common is True)


def _place_offices(place: Place, offices: dict[str, Office]) -> frozenset[str]:
    if place.land == NRW:
        return frozenset(o.id for o in offices.values() if set(o.regions) & set(place.bezirke))
    return frozenset(o.id for o in offices.values() if o.land == place.land)


def _land_offices(land: str, offices: dict[str, Office]) -> frozenset[str]:
    return frozenset(o.id for o in offices.values() if o.land == land)


def load_places(path: Path, offices: dict[str, Office]) -> Directory:
    """Load places.yml against the offices and build the name index used by :func:`resolve`."""
    data = _read_yaml(path)
    err = _Errors(path.name)
    bezirke = {r for o in offices.values() for r in o.regions}
    laender = _load_laender(err, data)
    places: dict[str, Place] = {}
    for pos, item in enumerate(_entries(err, data, "places")):
        entry = _entry_id(item, "name", pos)
        if not isinstance(item, dict):
            err.add(entry, "(entry)", "must be a mapping")
            continue
        if entry in places:
            err.add(entry, "name", "duplicate place name")
        places[entry] = _load_place(err, entry, item, bezirke)
    for place in places.values():
        seat = places.get(place.seat or "")
        if place.seat and (seat is None or seat.land != place.land
                           or not set(seat.bezirke) <= set(place.bezirke)):
            err.add(place.name, "seat", f"'{place.seat}' must be a place in the same Land/Bezirk")
    for entry in laender.values():
        capital = places.get(entry.capital)
        if entry.capital != entry.land and (capital is None or capital.land != entry.land):
            err.add(entry.land, "capital", f"'{entry.capital}' must be a place in this Land")
    ambiguities: dict[str, Ambiguity] = {}
    raw_amb = data.get("ambiguous") or []
    if not isinstance(raw_amb, list):
        err.add("(top level)", "ambiguous", "must be a list")
        raw_amb = []
    for pos, item in enumerate(raw_amb):
        entry = _entry_id(item, "name", pos)
        if not isinstance(item, dict):
            err.add(entry, "(entry)", "must be a mapping")
            continue
        ambiguities[entry] = _load_ambiguity(err, entry, item, set(places) | set(laender))
    err.raise_if_any()
    index, common = _build_index(err, offices, laender, places, ambiguities)
    err.raise_if_any()
    abbreviations = {a: e.land for e in laender.values() for a in e.abbreviations}
    return Directory(offices, Fallback("", "", "", "", "", "", date.min, ""), {}, {}, laender,
                     places, ambiguities, index, abbreviations, common)


def _build_index(err: _Errors, offices: dict[str, Office], laender: dict[str, LandEntry],
                 places: dict[str, Place], ambiguities: dict[str, Ambiguity]):
    """Map every spelling to one target; different offices under one name must be declared."""
    owners: dict[tuple[str, ...], list[_Target]] = {}
    common: set[tuple[str, ...]] = set()
    for entry in laender.values():
        target = _Target(entry.land, "land", _land_offices(entry.land, offices), land=entry.land,
                         area=True)
        for name in (entry.land, *entry.names):
            for key in _name_keys(name):
                owners.setdefault(key, []).append(target)
    for place in places.values():
        bezirk = place.bezirke[0] if len(place.bezirke) == 1 else None
        target = _Target(place.name, "place", _place_offices(place, offices), place.land, bezirk,
                         area=place.kind in {"kreis", "region"})
        for name in (place.name, *place.variants):
            for key in _name_keys(name):
                owners.setdefault(key, []).append(target)
        for word in place.common_words:
            common |= _name_keys(word)
    index: dict[tuple[str, ...], _Target] = {}
    amb_keys: dict[tuple[str, ...], Ambiguity] = {}
    for amb in ambiguities.values():
        for key in _name_keys(amb.name):
            amb_keys[key] = amb
        if amb.common_word:
            common |= _name_keys(amb.name)
    for key, targets in owners.items():
        labels = {t.label for t in targets}
        if key in amb_keys:
            amb = amb_keys[key]
            for label in sorted(labels - set(amb.candidates)):
                err.add(amb.name, "candidates", f"'{label}' is also called '{amb.name}' "
                        "and must be listed as a candidate")
            continue
        office_sets = {t.offices for t in targets}
        if len(office_sets) > 1:
            err.add(sorted(labels)[0], "name", f"'{' '.join(key)}' is also a name of "
                    f"{sorted(labels)[1:]} with another office; add it to 'ambiguous'")
            continue
        first = targets[0]
        lands = {t.land for t in targets}
        bezirke = {t.bezirk for t in targets}
        index[key] = _Target(first.label, first.kind, first.offices,
                             first.land if len(lands) == 1 else None,
                             first.bezirk if len(bezirke) == 1 else None,
                             area=all(t.area for t in targets))
    for key, amb in amb_keys.items():
        cand_offices: set[str] = set()
        for cand in amb.candidates:
            if cand in places:
                cand_offices |= _place_offices(places[cand], offices)
            else:
                cand_offices |= _land_offices(cand, offices)
        default = None
        if amb.default:
            default_set = (_place_offices(places[amb.default], offices) if amb.default in places
                           else _land_offices(amb.default, offices))
            default = next(iter(default_set)) if len(default_set) == 1 else None
        index[key] = _Target(amb.name, "ambiguous", frozenset(cand_offices), ambiguity=amb,
                             default_office=default)
    return index, frozenset(common)


@lru_cache(maxsize=4)
def load_directory(knowledge_dir: str | None = None) -> Directory:
    """Load and cross-check offices.yml, places.yml and bodies.yml (cached per folder)."""
    folder = Path(knowledge_dir) if knowledge_dir else KNOWLEDGE_DIR
    offices, fallback, texts = load_offices(folder / "offices.yml")
    bodies = load_bodies(folder / "bodies.yml")
    partial = load_places(folder / "places.yml", offices)
    return Directory(offices, fallback, texts, bodies, partial.laender, partial.places,
                     partial.ambiguities, partial.index, partial.abbreviations,
                     partial.common_keys)


# --------------------------------------------------------------------------- resolving


@dataclass(frozen=True)
class _Hit:
    target: _Target
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


def _scan(directory: Directory, text: str) -> list[_Hit]:
    """Find known names, longest first; inside a hyphenated word only its start counts."""
    toks = _tokenize(text)
    max_len = max((len(k) for k in directory.index), default=1)
    found: list[tuple[int, int, _Target, bool]] = []  # start, length, target, is common word
    i = 0
    while i < len(toks):
        if i > 0 and toks[i].sep == "-":
            i += 1
            continue
        match = _longest_match(directory, toks, i, max_len)
        if match is None:
            i += 1
            continue
        n, target = match
        found.append((i, n, target, tuple(t.key for t in toks[i:i + n]) in directory.common_keys))
        i += n
        while i < len(toks) and toks[i].sep == "-":
            i += 1
    covered = {k for start, n, _, common in found if not common for k in range(start, start + n)}
    hits: list[_Hit] = []
    for start, n, target, common in found:
        if common and not _used_as_place(toks, start, n, covered):
            continue
        end = start + n
        qualified = _qualifier(text, toks, start, end) if target.kind == "ambiguous" else None
        hits.append(_Hit(target, text[toks[start].start:toks[end - 1].end],
                         _is_near(toks, start), qualified))
    return hits


def _longest_match(directory: Directory, toks: list[_Tok], i: int,
                   max_len: int) -> tuple[int, _Target] | None:
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
        return 1, _Target(land, "land", _land_offices(land, directory.offices), land=land,
                          area=True)
    return None


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


def _ambiguous_question(directory: Directory, hit: _Hit, allowed: frozenset[str]) -> str:
    amb = hit.target.ambiguity
    assert amb is not None
    options = []
    for cand in amb.candidates:
        place = directory.places.get(cand)
        land = place.land if place else cand
        cand_offices = (_place_offices(place, directory.offices) if place
                        else _land_offices(cand, directory.offices))
        if cand_offices & allowed:
            options.append(cand if place is None or land in cand else f"{cand} in {land}")
    if 2 <= len(options) <= 3:
        joined = ", ".join(options[:-1]) + " oder " + options[-1]
        return directory.texts["ask_ambiguous"].format(place=amb.name, options=joined)
    return directory.texts["ask_ambiguous_many"].format(place=amb.name)


def resolve(text: str, directory: Directory | None = None) -> Resolution:
    """Find the responsible Integrationsamt for a place or Land named in free text.

    Returns an office only when every named place agrees on one; otherwise a question to ask back.
    """
    directory = directory or load_directory()
    texts = directory.texts
    hits = _scan(directory, text or "")
    direct = [h for h in hits if not h.near and not h.qualified]
    if not direct:
        place = _guess_place(text or "", hits)
        question = (texts["ask_unknown"].format(place=place) if place
                    else texts["ask_unknown_generic"])
        return Resolution("unknown", question=question, place=place)
    points = list({h.target.label: h for h in direct if not h.target.area}.values())
    if len(points) > 1:
        return _several_places(directory, direct, points)
    remaining = frozenset.intersection(*(h.target.offices for h in direct))
    if not remaining:
        return _conflict(directory, direct)
    if len(remaining) == 1:
        office = directory.offices[next(iter(remaining))]
        return _office_resolution(direct, office)
    defaults = {h.target.default_office for h in direct if h.target.kind == "ambiguous"}
    undecided = [h for h in direct if h.target.kind == "ambiguous" and not h.target.default_office]
    if not undecided and len(defaults) == 1 and None not in defaults:
        office = directory.offices[next(iter(defaults))]
        if office.id in remaining:
            hit = next(h for h in direct if h.target.kind == "ambiguous")
            amb = hit.target.ambiguity
            assert amb is not None and amb.default is not None
            note = texts["assumed"].format(place=amb.default, land=office.land)
            return Resolution("office", office=office, place=amb.default, land=office.land,
                              note=note)
    candidates = _office_tuple(directory, remaining)
    for hit in direct:
        if hit.target.kind == "ambiguous":
            question = _ambiguous_question(directory, hit, remaining)
            return Resolution("ambiguous", candidates=candidates, question=question,
                              place=hit.target.label)
    land_hit = next((h for h in direct if h.target.kind == "land"), None)
    if land_hit and all(h.target.kind == "land" for h in direct) and land_hit.target.land == NRW:
        return Resolution("ambiguous", candidates=candidates, question=texts["ask_nrw"],
                          place=land_hit.target.label, land=NRW)
    hit = next((h for h in direct if h.target.kind == "place"), direct[0])
    return Resolution("ambiguous", candidates=candidates, place=hit.target.label,
                      land=hit.target.land,
                      question=texts["ask_region"].format(place=hit.target.label))


def _several_places(directory: Directory, direct: list[_Hit], points: list[_Hit]) -> Resolution:
    """Several cities ("Köln oder Dortmund"): one office only if all of them lead to it."""
    areas = [h.target.offices for h in direct if h.target.area]
    constraint = frozenset.intersection(*areas) if areas else None
    sets = {_likely_offices(p) & constraint if constraint is not None else _likely_offices(p)
            for p in points}
    if len(sets) == 1 and len(next(iter(sets))) == 1:
        return _office_resolution(direct, directory.offices[next(iter(next(iter(sets))))])
    return _conflict(directory, direct)


def _conflict(directory: Directory, direct: list[_Hit]) -> Resolution:
    union = frozenset().union(*(_likely_offices(h) for h in direct))
    labels = ", ".join(dict.fromkeys(h.text for h in direct))
    return Resolution("ambiguous", candidates=_office_tuple(directory, union),
                      question=directory.texts["ask_conflict"].format(places=labels))


def _office_resolution(direct: list[_Hit], office: Office) -> Resolution:
    """Report the most specific place that led to the office (a city rather than its Land)."""
    places = [h for h in direct if h.target.kind == "place" and office.id in h.target.offices]
    best = places[0].target if places else None
    if best is not None:
        return Resolution("office", office=office, place=best.label, land=office.land,
                          bezirk=best.bezirk)
    return Resolution("office", office=office, place=direct[0].target.label, land=office.land)


# --------------------------------------------------------------------------- lookups, output


def _land_name(directory: Directory, land: str) -> str | None:
    if land in directory.laender:
        return land
    target = directory.index.get(tuple(fold(w) for w in _TOKEN_RE.findall(land)))
    if target is None and land.strip() in directory.abbreviations:
        return directory.abbreviations[land.strip()]
    return target.land if target and target.kind == "land" else None


def offices_for_land(land: str, directory: Directory | None = None) -> tuple[Office, ...]:
    """All offices of a Land (two for Nordrhein-Westfalen); empty if the Land is unknown."""
    directory = directory or load_directory()
    name = _land_name(directory, land)
    return tuple(o for o in directory.offices.values() if name and o.land == name)


def office_by_land(land: str, bezirk: str | None = None,
                   directory: Directory | None = None) -> Office | None:
    """The office of a Land; in NRW the Regierungsbezirk decides, without it the result is None."""
    found = offices_for_land(land, directory)
    if bezirk is not None:
        found = tuple(o for o in found if bezirk in o.regions)
    return found[0] if len(found) == 1 else None


def format_office(office: Office, leichte_sprache: bool = False,
                  directory: Directory | None = None) -> str:
    """The office as a short German answer: name, website, forms, and any important note."""
    directory = directory or load_directory()
    texts = directory.texts
    sfx = "_ls" if leichte_sprache else ""
    lines = [texts["office" + sfx].format(name=office.name)]
    if office.web:
        lines.append(texts["web" + sfx].format(web=office.web))
    else:
        lines.append(texts["no_web" + sfx].format(fallback_web=directory.fallback.web))
    if office.forms_url:
        lines.append(texts["forms" + sfx].format(forms_url=office.forms_url))
    else:
        lines.append(texts["forms_on_web" + sfx])
    note = office.note_leichte_sprache if leichte_sprache else office.note
    if note:
        lines.append(note)
    return "\n".join(lines)


def all_place_names(directory: Directory | None = None) -> list[str]:
    """Every place and Land spelling, for the NLU lookup table of the ``ort`` entity."""
    directory = directory or load_directory()
    names: set[str] = set()
    for entry in directory.laender.values():
        names.update((entry.land, *entry.names))
    for place in directory.places.values():
        names.update((place.name, *place.variants))
    names.update(directory.ambiguities)
    return sorted(names, key=lambda n: (fold(n), n))
