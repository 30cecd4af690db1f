"""Which Integrationsamt is responsible: office directory and place -> office resolver.

The data lives in ``knowledge/offices.yml``, ``knowledge/places.yml`` and ``knowledge/bodies.yml``
(editors update names and addresses without touching code) and, for every other German place and
Postleitzahl, in a data package (see :mod:`lotse.offices.gazetteer`). The resolver prefers asking
back over guessing: an unknown or ambiguous place never yields an office.

Modules: ``model`` (data classes, purposes), ``gazetteer`` (place package), ``load`` (reading and
validation, name index), ``resolve`` (free text -> office), ``format`` (lookups, answer text).
"""

from lotse.offices.format import (
    all_place_names,
    format_office,
    office_by_land,
    offices_for_land,
    place_counts,
)
from lotse.offices.load import KNOWLEDGE_DIR, load_bodies, load_directory, load_offices, load_places
from lotse.offices.model import (
    BAYERN,
    LAENDER,
    NRW,
    PURPOSES,
    Ambiguity,
    Body,
    Directory,
    Fallback,
    KnowledgeError,
    LandEntry,
    Office,
    Place,
    Purpose,
    Resolution,
    purpose_for_topic,
)
from lotse.offices.resolve import resolve

__all__ = [
    "BAYERN", "KNOWLEDGE_DIR", "LAENDER", "NRW", "PURPOSES", "Ambiguity", "Body", "Directory",
    "Fallback", "KnowledgeError", "LandEntry", "Office", "Place", "Purpose", "Resolution",
    "all_place_names", "format_office", "load_bodies", "load_directory", "load_offices",
    "load_places", "office_by_land", "offices_for_land", "place_counts", "purpose_for_topic",
    "resolve",
]
