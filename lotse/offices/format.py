"""Office lookups by Land and the office as a short German answer (standard or Leichte Sprache)."""

from __future__ import annotations

from lotse.kb.store import fold
from lotse.offices.load import TOKEN_RE, load_directory
from lotse.offices.model import BAYERN, Directory, Office


def _land_name(directory: Directory, land: str) -> str | None:
    if land in directory.laender:
        return land
    target = directory.index.get(tuple(fold(w) for w in TOKEN_RE.findall(land)))
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
    if bezirk is not None and len(found) > 1:
        found = tuple(o for o in found if bezirk in o.regions)
    return found[0] if len(found) == 1 else None


def format_office(office: Office, leichte_sprache: bool = False,
                  directory: Directory | None = None, bezirk: str | None = None) -> str:
    """The office as a short German answer: name, website, forms, local offices, notes.

    `bezirk` is the Regierungsbezirk of the user's place; in Bayern it tells which ZBFS region.
    """
    directory = directory or load_directory()
    texts = directory.texts
    sfx = "_ls" if leichte_sprache else ""
    lines = [texts["office" + sfx].format(name=office.name)]
    if office.web:
        key = "web_portal" if office.web_is_portal else "web"
        lines.append(texts[key + sfx].format(web=office.web))
    else:
        lines.append(texts["no_web" + sfx].format(fallback_web=directory.fallback.web))
    if office.forms_url:
        lines.append(texts["forms" + sfx].format(forms_url=office.forms_url))
    else:
        lines.append(texts["forms_on_web" + sfx])
    local = office.local_offices_leichte_sprache if leichte_sprache else office.local_offices
    if local:
        lines.append(local)
    note = office.note_leichte_sprache if leichte_sprache else office.note
    if note:
        lines.append(note)
    if bezirk and office.land == BAYERN:
        lines.append(texts["region" + sfx].format(bezirk=bezirk))
    return "\n".join(lines)


def all_place_names(directory: Directory | None = None) -> list[str]:
    """The curated place and Land spellings, for the NLU lookup table of the ``ort`` entity.

    The package places are not listed: some ten thousand names, many of them ordinary words,
    would make the lookup table slow and noisy; the resolver finds them in the text itself.
    """
    directory = directory or load_directory()
    names: set[str] = set()
    for entry in directory.laender.values():
        names.update((entry.land, *entry.names))
    for place in directory.places.values():
        names.update((place.name, *place.variants))
    names.update(directory.ambiguities)
    return sorted(names, key=lambda n: (fold(n), n))


def place_counts(directory: Directory | None = None) -> dict[str, int]:
    """How many places, Postleitzahlen and district names the package contributes."""
    directory = directory or load_directory()
    gaz = directory.gazetteer
    return {"places": len(gaz.places) if gaz else 0, "postcodes": len(gaz.postcodes) if gaz else 0,
            "aliases": len(gaz.aliases) if gaz else 0, "curated": len(directory.places)}
