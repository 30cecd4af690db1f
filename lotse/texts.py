"""Dialogue texts from knowledge/texts.yml, each in standard German and Leichte Sprache."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lotse.kb.errors import KnowledgeBaseError, Problem
from lotse.kb.yamlio import load_yaml

TEXTS_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "texts.yml"


def load_texts(path: Path = TEXTS_FILE) -> dict[str, dict[str, str]]:
    """Read and validate: every key needs a non-empty `de` and `ls` text."""
    data = load_yaml(path) or {}
    texts = data.get("texts")
    problems: list[Problem] = []
    if not isinstance(texts, dict):
        raise KnowledgeBaseError([Problem(path.name, "-", "texts", "fehlt oder ist keine Zuordnung")])
    for key, variants in texts.items():
        for lang in ("de", "ls"):
            value = variants.get(lang) if isinstance(variants, dict) else None
            if not isinstance(value, str) or not value.strip():
                problems.append(Problem(path.name, key, lang, "fehlt oder ist leer"))
    if problems:
        raise KnowledgeBaseError(problems)
    return {k: {lang: " ".join(v[lang].split()) if lang == "de" else v[lang].strip()
                for lang in ("de", "ls")} for k, v in texts.items()}


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, str]]:
    return load_texts()


def text(key: str, leichte: bool = False, **values: object) -> str:
    """The text for `key` in the requested variant, with {placeholders} filled."""
    variant = _texts()[key]["ls" if leichte else "de"]
    return variant.format(**values) if values else variant
