"""Load and cross-check offices.yml, places.yml, bodies.yml and the place package; build the index.

All problems are collected and reported together (file, entry, field), nothing is half-loaded.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from lotse.kb.errors import KnowledgeBaseError
from lotse.kb.store import fold
from lotse.kb.yamlio import parse_yaml
from lotse.offices.gazetteer import Area, Gazetteer, load_gazetteer
from lotse.offices.model import (
    BAYERN,
    LAENDER,
    NRW,
    PLACE_KINDS,
    REQUIRED_BODIES,
    REQUIRED_TEXTS,
    Ambiguity,
    Body,
    Directory,
    Fallback,
    KnowledgeError,
    LandEntry,
    Office,
    Place,
    Target,
)

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge"
TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
Key = tuple[str, ...]


# --------------------------------------------------------------------------- normalising


def drop_umlauts(word: str) -> str:
    """Lower-case and drop umlaut dots (Köln -> koln), the other way people type without them."""
    return fold(word.replace("ä", "a").replace("ö", "o").replace("ü", "u")
                .replace("Ä", "A").replace("Ö", "O").replace("Ü", "U"))


def name_keys(name: str) -> set[Key]:
    """Index keys of a name: folded tokens (Koeln) and tokens without umlaut dots (Koln)."""
    words = TOKEN_RE.findall(name)
    keys = {tuple(fold(w) for w in words), tuple(drop_umlauts(w) for w in words)}
    if words and fold(words[0]) == "sankt":  # "Sankt Augustin" is usually written "St. Augustin"
        keys |= {("st", *k[1:]) for k in keys}
    return {k for k in keys if k}


# --------------------------------------------------------------------------- YAML helpers


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
    """Through the project's one strict YAML reader (duplicate keys are errors)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeError([f"{path.name}: file not found ({path})"]) from None
    try:
        data = parse_yaml(text, path.name)
    except KnowledgeBaseError as exc:
        raise KnowledgeError([f"{path.name}: invalid YAML: {p.message}"
                              for p in exc.problems]) from None
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


def _checked(err: _Errors, entry: str, data: dict, field: str) -> date | None:
    """A real check on the live website (a past date), or null while nobody has checked."""
    value = data.get(field)
    if value is None:
        return None
    if not isinstance(value, date) or value > date.today():
        err.add(entry, field, "must be null (not yet checked online) or the past date of a "
                "real check YYYY-MM-DD")
        return None
    return value


def _flag(err: _Errors, entry: str, data: dict, field: str) -> bool:
    value = data.get(field)
    if not isinstance(value, bool):
        err.add(entry, field, "must be true or false")
        return False
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


# --------------------------------------------------------------------------- offices.yml

_OFFICE_FIELDS = {"id", "land", "name", "short_name", "also_called", "web", "web_is_portal",
                  "forms_url", "regions", "note", "note_leichte_sprache", "local_offices",
                  "local_offices_leichte_sprache", "verified_online", "source"}


def load_offices(path: Path) -> tuple[dict[str, Office], Fallback, dict[str, str]]:
    """Load offices.yml and check that every Land has its office (two in NRW, split by Bezirk)."""
    data = _read_yaml(path)
    err = _Errors(path.name)
    offices: dict[str, Office] = {}
    for pos, item in enumerate(_entries(err, data, "offices")):
        entry = _entry_id(item, "id", pos)
        if not isinstance(item, dict):
            err.add(entry, "(entry)", "must be a mapping")
            continue
        _check_keys(err, entry, item, _OFFICE_FIELDS, set())
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
        office = Office(
            id=oid, land=land, name=_text(err, entry, item, "name") or "",
            short_name=_text(err, entry, item, "short_name") or "",
            also_called=_texts(err, entry, item, "also_called"),
            web=_url(err, entry, item, "web"),
            web_is_portal=_flag(err, entry, item, "web_is_portal"),
            forms_url=_url(err, entry, item, "forms_url"),
            regions=regions, note=_text(err, entry, item, "note", nullable=True),
            note_leichte_sprache=_text(err, entry, item, "note_leichte_sprache", nullable=True),
            local_offices=_text(err, entry, item, "local_offices", nullable=True),
            local_offices_leichte_sprache=_text(err, entry, item, "local_offices_leichte_sprache",
                                                nullable=True),
            verified_online=_checked(err, entry, item, "verified_online"),
            source=_text(err, entry, item, "source") or "",
        )
        offices[oid] = office
        for text, easy in (("note", "note_leichte_sprache"),
                           ("local_offices", "local_offices_leichte_sprache")):
            if bool(getattr(office, text)) != bool(getattr(office, easy)):
                err.add(entry, easy, f"'{text}' and '{easy}' are set together or not at all")
        if office.web_is_portal and not office.web:
            err.add(entry, "web_is_portal", "true needs a web address")
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
                                        "note_leichte_sprache", "verified_online", "source"},
                set())
    return Fallback(
        id=_text(err, "fallback", item, "id") or "",
        name=_text(err, "fallback", item, "name") or "",
        short_name=_text(err, "fallback", item, "short_name") or "",
        web=_url(err, "fallback", item, "web", nullable=False) or "",
        note=_text(err, "fallback", item, "note") or "",
        note_leichte_sprache=_text(err, "fallback", item, "note_leichte_sprache") or "",
        verified_online=_checked(err, "fallback", item, "verified_online"),
        source=_text(err, "fallback", item, "source") or "",
    )


def _load_texts(err: _Errors, item: Any) -> dict[str, str]:
    if not isinstance(item, dict):
        err.add("texts", "(entry)", "must be a mapping")
        return {}
    _check_keys(err, "texts", item, set(REQUIRED_TEXTS), set())
    return {k: (_text(err, "texts", item, k) or "") for k in REQUIRED_TEXTS if k in item}


# --------------------------------------------------------------------------- bodies.yml


def load_bodies(path: Path) -> dict[str, Body]:
    """Load bodies.yml; local bodies without a web address must say how to find them."""
    data = _read_yaml(path)
    err = _Errors(path.name)
    bodies: dict[str, Body] = {}
    required = {"id", "name", "does", "web", "how_to_find", "sources", "verified_online"}
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
            verified_online=_checked(err, entry, item, "verified_online"),
        )
    for missing in sorted(REQUIRED_BODIES - bodies.keys()):
        err.add(missing, "id", "required body is missing")
    err.raise_if_any()
    return bodies


# --------------------------------------------------------------------------- places.yml


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


def place_offices(place: Place, offices: dict[str, Office]) -> frozenset[str]:
    if place.land == NRW:
        return frozenset(o.id for o in offices.values() if set(o.regions) & set(place.bezirke))
    return land_offices(place.land, offices)


def land_offices(land: str, offices: dict[str, Office]) -> frozenset[str]:
    return frozenset(o.id for o in offices.values() if o.land == land)


def area_offices(area: Area, offices: dict[str, Office]) -> frozenset[str]:
    if area.land == NRW and area.bezirk:
        return frozenset(o.id for o in offices.values() if area.bezirk in o.regions)
    return land_offices(area.land, offices)


def load_places(path: Path, offices: dict[str, Office],
                gazetteer: Gazetteer | None = None) -> Directory:
    """Load places.yml against the offices and build the name index used by resolve()."""
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
    postcodes: dict[str, Target] = {}
    if gazetteer is not None:
        _merge_gazetteer(index, offices, gazetteer)
        postcodes = _postcode_targets(offices, gazetteer)
    abbreviations = {a: e.land for e in laender.values() for a in e.abbreviations}
    return Directory(offices, Fallback("", "", "", "", "", "", None, ""), {}, {}, laender,
                     places, ambiguities, index, abbreviations, common, postcodes, gazetteer,
                     max(map(len, index), default=1))


def _option_label(place: str, land: str) -> str:
    return place if land in place else f"{place} in {land}"


def _build_index(err: _Errors, offices: dict[str, Office], laender: dict[str, LandEntry],
                 places: dict[str, Place], ambiguities: dict[str, Ambiguity]):
    """Map every spelling to one target; different offices under one name must be declared."""
    owners: dict[Key, list[Target]] = {}
    common: set[Key] = set()
    for entry in laender.values():
        target = Target(entry.land, "land", land_offices(entry.land, offices), land=entry.land,
                        area=True)
        for name in (entry.land, *entry.names):
            for key in name_keys(name):
                owners.setdefault(key, []).append(target)
    for place in places.values():
        bezirk = place.bezirke[0] if len(place.bezirke) == 1 else None
        target = Target(place.name, "place", place_offices(place, offices), place.land, bezirk,
                        area=place.kind in {"kreis", "region"})
        for name in (place.name, *place.variants):
            for key in name_keys(name):
                owners.setdefault(key, []).append(target)
        for word in place.common_words:
            common |= name_keys(word)
    index: dict[Key, Target] = {}
    amb_keys: dict[Key, Ambiguity] = {}
    for amb in ambiguities.values():
        for key in name_keys(amb.name):
            amb_keys[key] = amb
        if amb.common_word:
            common |= name_keys(amb.name)
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
        index[key] = Target(first.label, first.kind, first.offices,
                            first.land if len(lands) == 1 else None,
                            first.bezirk if len(bezirke) == 1 else None,
                            area=all(t.area for t in targets))
    for key, amb in amb_keys.items():
        options: list[tuple[str, frozenset[str]]] = []
        for cand in amb.candidates:
            place = places.get(cand)
            cand_offices = (place_offices(place, offices) if place
                            else land_offices(cand, offices))
            options.append((cand if place is None else _option_label(cand, place.land),
                            cand_offices))
        default = None
        if amb.default:
            default_set = (place_offices(places[amb.default], offices) if amb.default in places
                           else land_offices(amb.default, offices))
            default = next(iter(default_set)) if len(default_set) == 1 else None
        index[key] = Target(amb.name, "ambiguous", frozenset().union(*(o for _, o in options)),
                            ambiguity=amb, default_office=default, options=tuple(options))
    return index, frozenset(common)


# --------------------------------------------------------------------------- the place package


def _gaz_target(name: str, areas: tuple[Area, ...], offices: dict[str, Office],
                source: str = "package") -> Target:
    by_office: dict[frozenset[str], list[Area]] = {}
    for area in areas:
        by_office.setdefault(area_offices(area, offices), []).append(area)
    all_offices = frozenset().union(*by_office)
    if len(by_office) == 1:
        lands = {a.land for a in areas}
        bezirke = {a.bezirk for a in areas}
        return Target(name, "place", all_offices, next(iter(lands)) if len(lands) == 1 else None,
                      next(iter(bezirke)) if len(bezirke) == 1 else None, source=source)
    options = []
    lands_differ = len({a.land for a in areas}) > 1
    for office_set, group in sorted(by_office.items(), key=lambda kv: sorted(kv[1])):
        land, bezirk = group[0].land, group[0].bezirk
        if lands_differ or not bezirk:
            label = land if source == "plz" else _option_label(name, land)
        else:
            label = (f"im Regierungsbezirk {bezirk}" if source == "plz"
                     else f"{name} im Regierungsbezirk {bezirk}")
        options.append((label, office_set))
    return Target(name, "ambiguous", all_offices, options=tuple(options), source=source)


def _merge_gazetteer(index: dict[Key, Target], offices: dict[str, Office],
                     gaz: Gazetteer) -> None:
    """Add every package place under keys the editors did not use; editors' entries win.

    Where a curated name also names places elsewhere, the curated reading stays the answer but
    with the assumption said (and the other Länder offered); a curated ambiguity gains the
    Länder it missed. Curated places in Bayern get their Regierungsbezirk from the package.
    """
    names_by_key: dict[Key, dict[Area, str]] = {}  # key -> area -> a package name there
    for place in gaz.places.values():
        for key in name_keys(place.name):
            found = names_by_key.setdefault(key, {})
            for area in place.areas:
                found.setdefault(area, place.name)
    for part, full in gaz.aliases.items():
        for key in name_keys(part):
            if key in index:
                continue  # a district never adds readings to an editor's name (Münster)
            found = names_by_key.setdefault(key, {})
            for area in gaz.places[full].areas:
                found.setdefault(area, full)
    _add_kreise(index, names_by_key, offices, gaz)
    for key, found in names_by_key.items():
        curated = index.get(key)
        if curated is None:
            label = next(iter(found.values()))
            index[key] = _gaz_target(label, tuple(sorted(found)), offices)
        else:
            index[key] = _with_namesakes(curated, found, offices)


def _add_kreise(index: dict[Key, Target], names_by_key: dict[Key, dict[Area, str]],
                offices: dict[str, Office], gaz: Gazetteer) -> None:
    """"Landkreis Harburg", "Kreis Pinneberg", "Ostalbkreis": areas that narrow a place down."""
    for base, areas in gaz.kreise.items():
        names = [f"Landkreis {base}", f"Kreis {base}", f"LK {base}"]
        if "kreis" in fold(base) or not any(k in names_by_key for k in name_keys(base)):
            names.append(base)  # a name of its own ("Mecklenburgische Seenplatte")
        label = base if "kreis" in fold(base) else f"Landkreis {base}"
        found = _gaz_target(label, areas, offices)
        target = Target(found.label, found.kind, found.offices, found.land, found.bezirk,
                        area=True, source="package", options=found.options)
        for name in names:
            for key in name_keys(name):
                index.setdefault(key, target)


def _with_namesakes(curated: Target, found: dict[Area, str],
                    offices: dict[str, Office]) -> Target:
    bayern = {a.bezirk for a in found if a.land == BAYERN and a.bezirk}
    if curated.kind == "place" and curated.land == BAYERN and len(bayern) == 1:
        curated = Target(curated.label, curated.kind, curated.offices, curated.land,
                         next(iter(bayern)), area=curated.area, source=curated.source)
    if curated.kind == "land":
        return curated  # "Hamburg", "Bremen": the Land, whatever villages share the name
    others: dict[str, tuple[str, frozenset[str]]] = {}
    for area in sorted(found):
        office_set = area_offices(area, offices)
        if not office_set <= curated.offices and area.land not in others:
            others[area.land] = (_option_label(found[area], area.land), office_set)
    if not others:
        return curated
    extra = tuple(others.values())
    all_offices = curated.offices.union(*(o for _, o in extra))
    if curated.kind == "ambiguous":
        return Target(curated.label, "ambiguous", all_offices, ambiguity=curated.ambiguity,
                      default_office=curated.default_office, options=curated.options + extra,
                      source=curated.source)
    if curated.area or len(curated.offices) != 1:
        return curated  # a Kreis or region name: the curated reading is meant
    own = (_option_label(curated.label, curated.land or ""), curated.offices)
    return Target(curated.label, "ambiguous", all_offices, curated.land, curated.bezirk,
                  default_office=next(iter(curated.offices)), options=(own, *extra),
                  source=curated.source)


def _postcode_targets(offices: dict[str, Office], gaz: Gazetteer) -> dict[str, Target]:
    return {plz: _gaz_target(plz, areas, offices, source="plz")
            for plz, areas in gaz.postcodes.items()}


# --------------------------------------------------------------------------- directory


@lru_cache(maxsize=4)
def load_directory(knowledge_dir: str | None = None) -> Directory:
    """Load and cross-check offices.yml, places.yml, bodies.yml and the place package."""
    folder = Path(knowledge_dir) if knowledge_dir else KNOWLEDGE_DIR
    offices, fallback, texts = load_offices(folder / "offices.yml")
    bodies = load_bodies(folder / "bodies.yml")
    partial = load_places(folder / "places.yml", offices, _gazetteer())
    return Directory(offices, fallback, texts, bodies, partial.laender, partial.places,
                     partial.ambiguities, partial.index, partial.abbreviations,
                     partial.common_keys, partial.postcodes, partial.gazetteer,
                     partial.max_key_len)


@lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    return load_gazetteer()
