"""The law texts in knowledge/law: parsed into paragraphs and Absätze, and norm references checked.

Used at build time twice: the validator proves every cited norm exists (`check_norm`), and the
retrieval index gets one passage per Absatz (`passages`) so that a question no entry answers can
still be pointed to the paragraph that does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LAW_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "law"
FILES = {
    "SGB IX": "SGB_IX.md",
    "SchwbAV": "SchwbAV.md",
    "KfzHV": "KfzHV.md",
    "SchwbVWO": "SchwbVWO.md",
    "BUrlG": "BUrlG.md",
}
# Part 3 of SGB IX and the ordinances are what this assistant is about; other parts of SGB IX
# stay checkable but are not offered as passages.
PASSAGE_RANGE = {"SGB IX": (151, 241)}

_HEADING = re.compile(r"^# §+\s*(\d+[a-z]?)\s*[–-]\s*(.+)$")
_ABSATZ = re.compile(r"^\((\d+[a-z]?)\)\s*(.*)$")
_NORM = re.compile(r"^§§?\s*(\d+[a-z]?)(?:\s*(?:Abs\.|Absatz)\s*(\d+[a-z]?))?")


@dataclass(frozen=True)
class Section:
    """One paragraph (§) of a law with its Absätze ('' = text without Absatz numbers)."""

    law: str
    number: str
    title: str
    absaetze: tuple[tuple[str, str], ...]

    def absatz(self, number: str) -> str | None:
        return next((text for n, text in self.absaetze if n == number), None)


@dataclass(frozen=True)
class Passage:
    """One Absatz, indexed for retrieval; `norm` is how it is cited ('§ 173 Abs. 3')."""

    law: str
    norm: str
    title: str
    text: str


def parse_law(text: str, law: str) -> dict[str, Section]:
    """Sections by number from the Markdown law text ('# § 173 – Ausnahmen', '(1) …')."""
    sections: dict[str, Section] = {}
    number = title = None
    parts: list[list[str]] = []

    def flush() -> None:
        if number is not None and "weggefallen" not in (title or ""):
            absaetze = tuple((p[0], " ".join(p[1:]).strip()) for p in parts if len(p) > 1)
            sections[number] = Section(law, number, title or "", absaetze)

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            flush()
            match = _HEADING.match(line)
            number, title = (match.group(1), match.group(2).strip()) if match else (None, None)
            parts = []
            continue
        if number is None or not line or line.startswith("(+++"):
            continue
        absatz = _ABSATZ.match(line)
        if absatz:
            parts.append([absatz.group(1), absatz.group(2)])
        elif parts:
            parts[-1].append(line)
        else:
            parts.append(["", line])
    flush()
    return sections


@lru_cache(maxsize=8)
def load_law(law: str, law_dir: Path = LAW_DIR) -> dict[str, Section]:
    """The parsed law, or {} for a law whose text is not stored (KSchG, BGB, EStG, AGG)."""
    name = FILES.get(law)
    if not name or not (law_dir / name).exists():
        return {}
    return parse_law((law_dir / name).read_text(encoding="utf-8"), law)


def check_norm(norm: str, law: str, law_dir: Path = LAW_DIR) -> str | None:
    """None if the norm exists in the stored law text, else a German reason for the validator."""
    if law not in FILES:
        return None  # not stored: cannot be checked here
    sections = load_law(law, law_dir)
    if not sections:
        return f"Gesetzestext {FILES[law]} fehlt in knowledge/law"
    match = _NORM.match(norm.strip())
    if not match:
        return None  # the schema check reports malformed norms
    number, absatz = match.group(1), match.group(2)
    section = sections.get(number)
    if section is None:
        return f"§ {number} gibt es im Text des {law} nicht"
    if absatz and section.absatz(absatz) is None:
        return f"§ {number} {law} hat keinen Absatz {absatz}"
    return None


def passages(law_dir: Path = LAW_DIR) -> list[Passage]:
    """Every Absatz of the laws this assistant covers, ready for the retrieval index."""
    out: list[Passage] = []
    for law in FILES:
        low, high = PASSAGE_RANGE.get(law, (0, 10_000))
        for number, section in load_law(law, law_dir).items():
            digits = int(re.match(r"\d+", number).group())  # type: ignore[union-attr]
            if not low <= digits <= high:
                continue
            for absatz, text in section.absaetze:
                norm = f"§ {number} Abs. {absatz}" if absatz else f"§ {number}"
                out.append(Passage(law, norm, section.title, text))
    return out
