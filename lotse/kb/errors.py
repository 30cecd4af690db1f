"""Errors that name file, entry and field, so an editor can fix the YAML without reading code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: Eintrag '{self.entry}', Feld '{self.field}': {self.message}"


class KnowledgeBaseError(Exception):
    """Raised when the knowledge base is invalid; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Wissensbasis ungültig ({len(problems)} Fehler):\n{lines}")
