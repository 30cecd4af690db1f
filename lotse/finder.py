"""Benefit finder: from role and situation to ranked knowledge-base entries.

Situations and their keywords live in knowledge/situations.yml; topics carry matching tags.
Ranking: situation tags matched (strongest), then audience fit, then benefits before topics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lotse.kb.errors import KnowledgeBaseError, Problem
from lotse.kb.model import Topic
from lotse.kb.schema import SITUATIONS
from lotse.kb.store import fold
from lotse.kb.yamlio import load_yaml

SITUATIONS_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "situations.yml"
ROLES = ("arbeitnehmer", "arbeitgeber", "sbv")
AUDIENCE_FIT = {
    "arbeitnehmer": {"arbeitnehmer", "beide", "alle"},
    "arbeitgeber": {"arbeitgeber", "beide", "alle"},
    "sbv": {"sbv", "beide", "alle", "arbeitnehmer", "arbeitgeber"},
}


@dataclass(frozen=True)
class Situation:
    id: str
    label: str
    label_ls: str
    roles: tuple[str, ...]
    keywords: tuple[str, ...]


def load_situations(path: Path = SITUATIONS_FILE) -> dict[str, Situation]:
    data = load_yaml(path) or {}
    problems: list[Problem] = []
    out: dict[str, Situation] = {}
    for sid, raw in (data.get("situations") or {}).items():
        if sid not in SITUATIONS:
            problems.append(Problem(path.name, sid, "(id)", "kein bekannter Situations-Tag"))
            continue
        try:
            roles = tuple(raw["roles"])
            bad = [r for r in roles if r not in ROLES]
            if bad:
                problems.append(Problem(path.name, sid, "roles", f"unbekannte Rolle {bad}"))
            out[sid] = Situation(sid, raw["label"]["de"], raw["label"]["ls"], roles,
                                 tuple(fold(k) for k in raw["keywords"]))
        except (KeyError, TypeError) as exc:
            problems.append(Problem(path.name, sid, str(exc), "fehlt oder hat den falschen Typ"))
    if problems:
        raise KnowledgeBaseError(problems)
    return out


@lru_cache(maxsize=1)
def situations() -> dict[str, Situation]:
    return load_situations()


def situations_for_role(role: str | None) -> list[Situation]:
    return [s for s in situations().values() if role is None or role in s.roles]


def detect_situations(message: str) -> list[str]:
    """Situation tags whose keywords occur in the message (word-start match)."""
    folded = fold(message or "")
    return [s.id for s in situations().values()
            if any(re.search(r"(?<![a-z])" + re.escape(k), folded) for k in s.keywords)]


def rank(topics: list[Topic], role: str | None, tags: list[str], limit: int = 5) -> list[Topic]:
    """Entries matching the situation tags, best first; empty if nothing matches."""
    scored = []
    for t in topics:
        hits = len(set(t.situations) & set(tags))
        if not hits:
            continue
        fit = 1 if role is None or t.audience in AUDIENCE_FIT.get(role, set()) else 0
        scored.append((-hits, -fit, 0 if t.kind == "leistung" else 1, t.title, t))
    return [row[-1] for row in sorted(scored, key=lambda r: r[:4])][:limit]
