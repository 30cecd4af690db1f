"""Data model of the office directory: offices, places, name index targets, resolutions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from lotse.offices.gazetteer import Gazetteer

LAENDER: tuple[str, ...] = (
    "Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen",
    "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz",
    "Saarland", "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein", "Thüringen",
)
NRW = "Nordrhein-Westfalen"
BAYERN = "Bayern"
PLACE_KINDS = frozenset({"kreisfreie_stadt", "stadt", "kreis", "region"})
REQUIRED_BODIES = frozenset({
    "integrationsamt", "agentur_fuer_arbeit", "versorgungsamt", "rentenversicherung", "finanzamt",
    "reha_traeger", "eingliederungshilfe", "integrationsfachdienst", "eaa", "bamf",
    "strassenverkehrsbehoerde", "arbeitsgericht", "arbeitgeber", "sbv",
})
REQUIRED_TEXTS = frozenset({
    "office", "office_ls", "web", "web_ls", "web_portal", "web_portal_ls", "no_web", "no_web_ls",
    "forms", "forms_ls", "forms_on_web", "forms_on_web_ls", "region", "region_ls", "assumed",
    "ask_unknown", "ask_unknown_generic", "ask_ambiguous", "ask_ambiguous_many",
    "ask_ambiguous_plz", "ask_conflict", "ask_nrw", "ask_region",
})

# Which office the law points to depends on what the user wants (issue 11 #7):
#   betrieb    Zustimmung zur Kündigung: the office of the Betrieb/Dienststelle (§ 170 Abs. 1 SGB IX)
#   sitz       Ausgleichsabgabe (and the copy of the Anzeige): the office of the employer's seat
#              (§ 160 Abs. 4, § 163 Abs. 2 SGB IX)
#   arbeitsort benefits of the begleitende Hilfe: as a rule the office of the place of work
#              (facts.md §7)
Purpose = Literal["betrieb", "sitz", "arbeitsort"]
PURPOSES: tuple[Purpose, ...] = ("betrieb", "sitz", "arbeitsort")
_TOPIC_PURPOSE: dict[str, Purpose] = {"kuendigungsschutz": "betrieb", "ausgleichsabgabe": "sitz"}


def purpose_for_topic(topic_id: str | None) -> Purpose:
    """The place that decides the office for a topic (the `thema` slot)."""
    return _TOPIC_PURPOSE.get(topic_id or "", "arbeitsort")


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
    web_is_portal: bool  # the address is the Land's general portal, not the office's own page
    forms_url: str | None
    regions: tuple[str, ...]
    note: str | None
    note_leichte_sprache: str | None
    local_offices: str | None  # § 190 Abs. 2 SGB IX: tasks delegated to local offices
    local_offices_leichte_sprache: str | None
    verified_online: date | None  # None: name and address not yet checked on the live website
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
    verified_online: date | None
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
    verified_online: date | None  # None: the link has not been checked on the live website


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


Source = Literal["curated", "package", "plz"]


@dataclass(frozen=True)
class Target:
    """What a normalised name in the index stands for."""

    label: str
    kind: Literal["place", "land", "ambiguous"]
    offices: frozenset[str]
    land: str | None = None
    bezirk: str | None = None
    ambiguity: Ambiguity | None = None
    default_office: str | None = None
    area: bool = False  # a Land, Kreis or region: narrows down a city named with it
    source: Source = "curated"
    # for "ambiguous": (label, offices) of each reading, e.g. ("Münster in Hessen", {"he"})
    options: tuple[tuple[str, frozenset[str]], ...] = ()


@dataclass(frozen=True)
class Directory:
    """Everything loaded and cross-checked from the knowledge files and the place package."""

    offices: dict[str, Office]
    fallback: Fallback
    texts: dict[str, str]
    bodies: dict[str, Body]
    laender: dict[str, LandEntry]
    places: dict[str, Place]
    ambiguities: dict[str, Ambiguity]
    index: dict[tuple[str, ...], Target]
    abbreviations: dict[str, str]
    common_keys: frozenset[tuple[str, ...]]
    postcodes: dict[str, Target] = field(default_factory=dict)
    gazetteer: Gazetteer | None = None
    max_key_len: int = 1  # longest name in the index, in words


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
